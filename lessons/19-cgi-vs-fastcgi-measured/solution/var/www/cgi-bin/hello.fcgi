#!/usr/bin/python3
# hello.py's page, as a FastCGI application: Python starts once, then serves.
from flup.server.fcgi import WSGIServer

PAGE = (b"<h1>Hello from a CGI script</h1>\n"
        b'<p><a href="/cgi-bin/env.py?from=hello">See my environment</a></p>\n')


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html")])
    return [PAGE]


WSGIServer(app).run()
