#!/usr/bin/python3
# Searches the library's database: /cgi-bin/search.py?q=python
import cgi
import html
import os
import sqlite3

DB = "/var/www/data/books.db"

BOOKS = [
    ("Learning Python", "Mark Lutz", 2007),
    ("Programming Python", "Mark Lutz", 2006),
    ("Dive Into Python", "Mark Pilgrim", 2004),
    ("The C Programming Language", "Brian Kernighan, Dennis Ritchie", 1988),
    ("Apache: The Definitive Guide", "Ben Laurie, Peter Laurie", 2002),
    ("HTML & CSS: Design and Build Websites", "Jon Duckett", 2011),
    ("Programming Perl", "Larry Wall", 2000),
]


def open_db():
    """Opens the database, creating and filling it on the very first run."""
    new = not os.path.exists(DB)
    db = sqlite3.connect(DB)
    if new:
        db.execute("CREATE TABLE books (title TEXT, author TEXT, year INTEGER)")
        db.executemany("INSERT INTO books VALUES (?, ?, ?)", BOOKS)
        db.commit()
    return db


form = cgi.FieldStorage()
q = form.getfirst("q", "")

db = open_db()
# The ? placeholders let sqlite3 insert q safely: never paste q into the SQL text.
pattern = "%" + q + "%"
rows = db.execute(
    "SELECT title, author, year FROM books WHERE title LIKE ? OR author LIKE ? ORDER BY year",
    (pattern, pattern),
).fetchall()

print("Content-Type: text/html; charset=utf-8")
print()
print("<h1>Results for %s</h1>" % html.escape(q))   # text becomes HTML-safe text
if not rows:
    print("<p>No books found.</p>")
else:
    print("<table>")
    print("<tr><th>Title</th><th>Author</th><th>Year</th></tr>")
    for title, author, year in rows:
        print("<tr><td>%s</td><td>%s</td><td>%d</td></tr>" % (html.escape(title), html.escape(author), year))
    print("</table>")
print('<p><a href="/books.html">New search</a></p>')
