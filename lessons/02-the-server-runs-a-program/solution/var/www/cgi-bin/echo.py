#!/usr/bin/python3
# Shows what the web server handed to this program.
import os
import sys

print("Content-Type: text/plain")
print()
for name in ("REQUEST_METHOD", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_USER_AGENT"):
    print("%s=%s" % (name, os.environ.get(name, "(not set)")))

# The body comes on stdin: exactly CONTENT_LENGTH bytes (absent on a GET).
length = int(os.environ.get("CONTENT_LENGTH") or 0)
data = sys.stdin.buffer.read(length)
print("stdin: " + data.decode("utf-8", errors="replace"))
