#!/usr/bin/python3
# A CGI program with a .fcgi name. Counts its visitors. Or tries to.
hits = 0

hits += 1

print("Content-Type: text/plain")
print()
print("hits=%d" % hits)
