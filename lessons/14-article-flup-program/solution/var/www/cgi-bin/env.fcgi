#!/usr/bin/env python
# -*- coding: UTF-8 -*-
from html import escape              # 1. cgi.escape is gone (Python 3.8); html.escape replaces it
import sys, os
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/html')])
    # 2. A WSGI body is bytes: encode every piece.
    yield b'<h1>FastCGI Environment</h1>'
    yield b'<table>'
    for k, v in sorted(environ.items()):
        # Not every value is a string (wsgi.input, wsgi.version…): str() first.
        yield ('<tr><th>%s</th><td>%s</td></tr>' % (escape(k), escape(str(v)))).encode('utf-8')
    yield b'</table>'

WSGIServer(app).run()                # 3. start serving: without this line the program just ends
