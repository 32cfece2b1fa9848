#!/usr/bin/python3
# A FastCGI application to watch on the wire.
from flup.server.fcgi import WSGIServer


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"Hello from records.fcgi\n"]


WSGIServer(app).run()
