#!/usr/bin/python3
# A small FastCGI application, to test the configuration with.
from flup.server.fcgi import WSGIServer


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html")])
    return [b"<h1>Hello from FastCGI</h1>\n"]


WSGIServer(app).run()
