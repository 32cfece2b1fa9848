#!/usr/bin/python3
# A FastCGI application: started once, then it serves request after request.
import os
from flup.server.fcgi import WSGIServer

hits = 0          # module level: lives as long as the process


def app(environ, start_response):
    """Called once per request, in the same process every time."""
    global hits
    hits += 1
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("hits=%d pid=%d\n" % (hits, os.getpid())).encode()]


WSGIServer(app).run()     # the loop: wait for a request, call app(), repeat
