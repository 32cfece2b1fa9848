/**
 * Working example configurations and Python applications for the three
 * FastCGI roles and the three Apache modules. The applications use CGI
 * Lab's flup-compatible package (src/runtime/python/site-packages/flup):
 * `WSGIServer(app, roles=..., multiplexed=...)`; a FILTER's data file is
 * `environ['fcgi.data']` (a CGI Lab extension; real flup buffers DATA but
 * never shows it to the application).
 */
import { moduleByName, moduleFileContent } from "../config/modules.ts";
import type { Vfs } from "../vfs.ts";

/** The article's program with the Python 3 fixes: html.escape, bytes bodies, WSGIServer(app).run(). */
export const ARTICLE_FLUP_APP = `#!/usr/bin/env python
# -*- coding: UTF-8 -*-
from html import escape
import sys, os
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/html')])
    yield b'<h1>FastCGI Environment</h1>'
    yield b'<table>'
    for k, v in sorted(environ.items()):
        yield ('<tr><th>%s</th><td>%s</td></tr>' % (escape(k), escape(str(v)))).encode('utf-8')
    yield b'</table>'

WSGIServer(app).run()
`;

/**
 * The listing as printed (quotes straightened, Python 3 syntax) — it never
 * calls WSGIServer(app).run(), so the process defines app() and exits 0.
 */
export const ARTICLE_FLUP_APP_NO_RUN = ARTICLE_FLUP_APP.replace("\nWSGIServer(app).run()\n", "");

/** A module-level counter: it counts up while the process lives, and starts again after a restart. */
export const COUNTER_APP = `#!/usr/bin/python3
import os
from flup.server.fcgi import WSGIServer

hits = 0

def app(environ, start_response):
    global hits
    hits += 1
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('hits=%d pid=%d\\n' % (hits, os.getpid())).encode()]

WSGIServer(app).run()
`;

/** Writes to wsgi.errors (STDERR records) before answering. */
export const STDERR_APP = `#!/usr/bin/python3
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    environ['wsgi.errors'].write('stderr line one\\nstderr line two\\n')
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'ok\\n']

WSGIServer(app).run()
`;

/**
 * AUTHORIZER role: lets a request through when it carries the header
 * "X-Token: letmein" (HTTP_X_TOKEN), and hands the real request
 * AUTH_USER / AUTH_LEVEL through Variable-* headers; anything else gets 403.
 */
export const AUTHORIZER_APP = `#!/usr/bin/python3
from flup.server.fcgi import WSGIServer, FCGI_AUTHORIZER

def app(environ, start_response):
    if environ.get('HTTP_X_TOKEN') == 'letmein':
        start_response('200 OK', [('Variable-AUTH_USER', 'alice'),
                                  ('Variable-AUTH_LEVEL', 'editor')])
        return [b'']
    start_response('403 Forbidden', [('Content-Type', 'text/plain')])
    return [b'no valid X-Token header\\n']

WSGIServer(app, roles=(FCGI_AUTHORIZER,)).run()
`;

/** A responder that shows what the authorizer added to its environment. */
export const PROTECTED_APP = `#!/usr/bin/python3
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('AUTH_USER=%s AUTH_LEVEL=%s\\n' % (environ.get('AUTH_USER'), environ.get('AUTH_LEVEL'))).encode()]

WSGIServer(app).run()
`;

/** FILTER role: turns the requested .csv into an HTML table and .md into HTML. */
export const FILTER_APP = `#!/usr/bin/python3
import csv, html, io
from flup.server.fcgi import WSGIServer, FCGI_FILTER

def markdown(text):
    out, in_list = [], False
    for line in text.splitlines():
        if line.startswith('- '):
            if not in_list:
                out.append('<ul>'); in_list = True
            out.append('<li>%s</li>' % html.escape(line[2:]))
            continue
        if in_list:
            out.append('</ul>'); in_list = False
        if line.startswith('#'):
            level = len(line) - len(line.lstrip('#'))
            out.append('<h%d>%s</h%d>' % (level, html.escape(line[level:].strip()), level))
        elif line.strip():
            out.append('<p>%s</p>' % html.escape(line))
    if in_list:
        out.append('</ul>')
    return '\\n'.join(out)

def app(environ, start_response):
    data = environ['fcgi.data'].read().decode('utf-8')
    name = environ.get('SCRIPT_FILENAME', '')
    if name.endswith('.csv'):
        rows = list(csv.reader(io.StringIO(data)))
        body = '<table>\\n' + ''.join(
            '<tr>%s</tr>\\n' % ''.join('<%s>%s</%s>' % (t, html.escape(c), t) for c in row)
            for t, row in [('th', rows[0])] + [('td', r) for r in rows[1:]]) + '</table>\\n'
    else:
        body = markdown(data) + '\\n'
    body += '<!-- %s bytes, last modified %s -->\\n' % (environ['FCGI_DATA_LENGTH'], environ['FCGI_DATA_LAST_MOD'])
    start_response('200 OK', [('Content-Type', 'text/html')])
    return [body.encode('utf-8')]

WSGIServer(app, roles=(FCGI_FILTER,)).run()
`;

/** Multiplexing: several requests on one connection, answers interleaved. */
export const MULTIPLEX_APP = `#!/usr/bin/python3
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    rid = environ.get('FCGI_REQUEST_ID', '?')
    return [('request %s part %d\\n' % (rid, i)).encode() for i in range(3)]

WSGIServer(app, multiplexed=True).run()
`;

/** The same application without multiplexed=True: it refuses a second request on the connection. */
export const NON_MULTIPLEX_APP = MULTIPLEX_APP.replace("WSGIServer(app, multiplexed=True)", "WSGIServer(app)");

/** The article's "distributed computing": the application runs on appserver, port 9000. */
export const APPSERVER_APP = `#!/usr/bin/python3
import socket
from flup.server.fcgi import WSGIServer

def app(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('served by the application server for %s (SCRIPT_FILENAME=%s)\\n'
             % (environ.get('REQUEST_URI'), environ.get('SCRIPT_FILENAME'))).encode()]

WSGIServer(app, bindAddress=('0.0.0.0', 9000)).run()
`;

/** The article's configuration lines, for httpd.conf (after installing mod_fastcgi.so). */
export const MOD_FASTCGI_CONF = `LoadModule fastcgi_module modules/mod_fastcgi.so
<IfModule mod_fastcgi.c>
AddHandler fastcgi-script .fcgi
</IfModule>
`;

/** A static application, started with httpd. */
export const FASTCGI_SERVER_CONF = (path: string, extra = "") => `FastCgiServer ${path} -processes 1 -idle-timeout 30${extra ? " " + extra : ""}\n`;

/** An application started elsewhere (another host). */
export const FASTCGI_EXTERNAL_CONF = (path: string, address: string) => `FastCgiExternalServer ${path} -host ${address}\n`;

/** AUTHORIZER: every request under /private/ asks auth.fcgi first. */
export const AUTHORIZER_CONF = (authPath = "/var/www/fcgi-bin/auth.fcgi") => `<Location "/private/">
    FastCgiAuthorizer ${authPath}
</Location>
`;

/** FILTER (CGI Lab's FastCgiFilter): .csv and .md files under /var/www/html/data go through filter.fcgi. */
export const FILTER_CONF = (filterPath = "/var/www/fcgi-bin/filter.fcgi") => `<Directory "/var/www/html/data">
    FastCgiFilter ${filterPath} .csv .md
</Directory>
`;

export const MOD_FCGID_CONF = `LoadModule fcgid_module modules/mod_fcgid.so
<Directory "/var/www/fcgid">
    Options +ExecCGI
    AddHandler fcgid-script .fcgi
    Require all granted
</Directory>
Alias /fcgid/ "/var/www/fcgid/"
`;

export const PROXY_FCGI_CONF = (address = "127.0.0.1:9000", prefix = "/app/") => `LoadModule proxy_module modules/mod_proxy.so
LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so
ProxyPass "${prefix}" "fcgi://${address}/"
`;

/** What the lesson's `make install` does: puts mod_fastcgi.so into the modules directory. */
export function installModFastcgi(fs: Vfs): string {
  const info = moduleByName("fastcgi_module")!;
  const path = `/usr/lib64/httpd/modules/${info.file}`;
  fs.writeFile(path, moduleFileContent(info), { mode: 0o755 });
  return path;
}

/** Appends lines to httpd.conf. */
export function appendHttpdConf(fs: Vfs, text: string, file = "/etc/httpd/conf/httpd.conf"): void {
  fs.writeFile(file, new TextEncoder().encode(fs.readText(file) + "\n" + text));
}

/** Writes an executable script (0755, apache-readable). */
export function writeScript(fs: Vfs, path: string, text: string): void {
  fs.writeFile(path, new TextEncoder().encode(text), { mode: 0o755 });
}
