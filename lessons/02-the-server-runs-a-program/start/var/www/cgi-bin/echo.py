#!/usr/bin/python3
# Shows what the web server handed to this program.
import os
import sys

print("Content-Type: text/plain")
print()
for name in ("REQUEST_METHOD", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_USER_AGENT"):
    print("%s=%s" % (name, os.environ.get(name, "(not set)")))

# TODO: the request body is waiting on stdin. Read it and print it after "stdin: ".
