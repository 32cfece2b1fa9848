#!/usr/bin/python3
# The average of the numbers in the query: /cgi-bin/average.py?n=4&n=8
import cgitb; cgitb.enable()          # show errors in the browser
import cgi

DB_PASSWORD = "hunter2"               # the script logs in to the stats database with this


def average(numbers, db_password):
    # (imagine a database login with db_password here)
    return sum(numbers) / len(numbers)


print("Content-Type: text/html")
print()

form = cgi.FieldStorage()
numbers = [float(n) for n in form.getlist("n")]
result = average(numbers, DB_PASSWORD)
print("<p>The average of %d numbers is %g</p>" % (len(numbers), result))
