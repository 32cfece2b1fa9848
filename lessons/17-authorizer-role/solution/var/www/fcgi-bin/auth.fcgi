#!/usr/bin/python3
# The AUTHORIZER: asked before every request under /private/ (and whoami.py).
# It answers 200 to let the request through, anything else to refuse it.
from flup.server.fcgi import WSGIServer, FCGI_AUTHORIZER

TOKENS = {"letmein": "alice"}       # a real one would check a session or a password database


def app(environ, start_response):
    user = TOKENS.get(environ.get("HTTP_X_TOKEN", ""))
    if user:
        # 200: allowed. Variable-* headers become environment variables of the real request.
        start_response("200 OK", [("Variable-AUTH_USER", user)])
        return [b""]
    start_response("403 Forbidden", [("Content-Type", "text/plain")])
    return [b"no valid X-Token header\n"]


WSGIServer(app, roles=(FCGI_AUTHORIZER,)).run()
