#!/usr/bin/python3
# Protected by the authorizer: says who it was told the user is.
import os

print("Content-Type: text/plain")
print()
print("AUTH_USER=%s" % os.environ.get("AUTH_USER", "(not set)"))
