#!/usr/bin/python3
# The FILTER: gets the requested file's bytes (the DATA stream) and
# answers with whatever it makes of them.
from flup.server.fcgi import WSGIServer, FCGI_FILTER


def app(environ, start_response):
    data = environ["fcgi.data"].read()          # the file Apache found for the URL
    # TODO: turn CSV into an HTML table (and escape the cells!)
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    return [data]


WSGIServer(app, roles=(FCGI_FILTER,)).run()
