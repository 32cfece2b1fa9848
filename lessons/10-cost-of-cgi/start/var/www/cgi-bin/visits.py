#!/usr/bin/python3
# Counts its visitors. Or tries to.
visits = 0

visits += 1

print("Content-Type: text/plain")
print()
print("visits=%d" % visits)
