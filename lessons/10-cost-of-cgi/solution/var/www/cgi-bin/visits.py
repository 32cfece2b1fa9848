#!/usr/bin/python3
# Counts its visitors. The process forgets everything when it exits,
# so the count lives in a file.
# (Two requests at the same moment could both read 41 and both write 42;
# real code would lock the file, or use SQLite, which locks for you.)
PATH = "/var/www/data/visits.txt"

try:
    with open(PATH) as f:
        visits = int(f.read() or 0)
except FileNotFoundError:
    visits = 0

visits += 1
with open(PATH, "w") as f:
    f.write(str(visits))

print("Content-Type: text/plain")
print()
print("visits=%d" % visits)
