#!/usr/bin/python3
# Runs on the application server (appserver, 192.168.1.20), not on the web server.
# Started by hand there:  python3 /srv/appserver/app.fcgi
import socket
from flup.server.fcgi import WSGIServer


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("served by the application server for %s (SCRIPT_FILENAME=%s)\n"
             % (environ.get("REQUEST_URI"), environ.get("SCRIPT_FILENAME"))).encode()]


# Listen on TCP port 9000 on every interface, for web servers elsewhere.
WSGIServer(app, bindAddress=("0.0.0.0", 9000)).run()
