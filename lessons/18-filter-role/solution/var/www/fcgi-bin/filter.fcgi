#!/usr/bin/python3
# The FILTER: gets the requested file's bytes (the DATA stream) and
# answers with whatever it makes of them.
import csv
import html
import io
from flup.server.fcgi import WSGIServer, FCGI_FILTER


def csv_table(text):
    rows = list(csv.reader(io.StringIO(text)))
    out = ["<table>"]
    for tag, row in [("th", rows[0])] + [("td", r) for r in rows[1:]]:
        out.append("<tr>" + "".join("<%s>%s</%s>" % (tag, html.escape(c), tag) for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def app(environ, start_response):
    data = environ["fcgi.data"].read().decode("utf-8")   # the file Apache found for the URL
    name = environ.get("SCRIPT_FILENAME", "")
    if name.endswith(".csv"):
        body, ctype = csv_table(data), "text/html; charset=utf-8"
    else:
        body, ctype = data, "text/plain; charset=utf-8"
    body += "" if ctype.startswith("text/plain") else "<!-- filtered %s bytes, last modified %s -->\n" % (
        environ["FCGI_DATA_LENGTH"], environ["FCGI_DATA_LAST_MOD"])
    start_response("200 OK", [("Content-Type", ctype)])
    return [body.encode("utf-8")]


WSGIServer(app, roles=(FCGI_FILTER,)).run()
