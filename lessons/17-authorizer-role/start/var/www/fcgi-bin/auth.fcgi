#!/usr/bin/python3
# The AUTHORIZER: asked before every request under /private/ (and whoami.py).
# It answers 200 to let the request through, anything else to refuse it.
from flup.server.fcgi import WSGIServer, FCGI_AUTHORIZER


def app(environ, start_response):
    # TODO: let requests with the header "X-Token: letmein" through (200),
    #       and tell the real request who the user is (Variable-AUTH_USER: alice).
    start_response("403 Forbidden", [("Content-Type", "text/plain")])
    return [b"no valid X-Token header\n"]


WSGIServer(app, roles=(FCGI_AUTHORIZER,)).run()
