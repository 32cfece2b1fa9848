#!/usr/bin/python3
# A FastCGI application to watch on the wire.
from flup.server.fcgi import WSGIServer


def app(environ, start_response):
    # The request body: STDIN records, collected by flup into wsgi.input.
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    # A log line: flup sends it as a STDERR record; mod_fastcgi writes it to error_log.
    environ["wsgi.errors"].write("records.fcgi got %d bytes\n" % len(body))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"Hello from records.fcgi\n", b"you sent: " + body + b"\n"]


WSGIServer(app).run()
