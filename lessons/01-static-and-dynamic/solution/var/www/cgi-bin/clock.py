#!/usr/bin/python3
# A dynamic page: made by a program, fresh for every request.
import time

print("Content-Type: text/html")
print()
print("<!doctype html>")
print("<html><head><title>Clock</title></head><body>")
print("<p>The time on the server is", time.strftime("%H:%M:%S"), "</p>")
print("</body></html>")
