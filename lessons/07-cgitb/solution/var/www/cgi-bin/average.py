#!/usr/bin/python3
# The average of the numbers in the query: /cgi-bin/average.py?n=4&n=8
#
# No cgitb here: this runs in production. An uncaught exception now goes
# to stderr, Apache writes the traceback to error_log, and the visitor
# gets a plain "500 Internal Server Error" that gives nothing away.
# While debugging on your own machine:  import cgitb; cgitb.enable()
import cgi

DB_PASSWORD = "hunter2"               # the script logs in to the stats database with this


def average(numbers, db_password):
    # (imagine a database login with db_password here)
    return sum(numbers) / len(numbers)


form = cgi.FieldStorage()
numbers = [float(n) for n in form.getlist("n")]   # ?n=abc raises ValueError: 500, details in error_log

print("Content-Type: text/html")
print()
if not numbers:
    print("<p>Give me some numbers, like <a href='?n=4&amp;n=8'>?n=4&amp;n=8</a>.</p>")
else:
    print("<p>The average of %d numbers is %g</p>" % (len(numbers), average(numbers, DB_PASSWORD)))
