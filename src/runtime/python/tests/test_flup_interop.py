"""CGI Lab's flup as a real FastCGI server, talking to libfcgi's cgi-fcgi.

The server runs in a child python3 with our site-packages on PYTHONPATH and
listens on 127.0.0.1:<free port>, on a Unix socket, or on fd 0 (the way a
web server hands a FastCGI application its listening socket).  cgi-fcgi
(Debian package libfcgi-bin) is the client; if it is missing this test
installs it with apt-get, and fails with a clear message if it cannot.
Nothing here is skipped on CPython.  (The Pyodide run leaves this module
out: no processes or sockets there.)
"""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

import compat_support
from fcgi_helpers import (BASIC_ENV, END, GET_VALUES_RESULT, STDOUT,
                          decode_pairs, end_status, pair, record, request,
                          split_records, stream)

APP_SCRIPT = textwrap.dedent('''\
    #!/usr/bin/env python3
    # The article's FastCGI script, fixed for Python 3 (html.escape, bytes),
    # plus a form echo that uses CGI Lab's cgi.FieldStorage.
    import hashlib
    import sys
    from html import escape
    from cgi import FieldStorage
    from flup.server.fcgi import WSGIServer

    def app(environ, start_response):
        if environ.get("PATH_INFO") == "/form":
            form = FieldStorage(fp=environ["wsgi.input"], environ=environ,
                                keep_blank_values=1)
            start_response("200 OK", [("Content-Type", "text/plain")])
            for key in form.keys():
                item = form[key]
                if getattr(item, "filename", None):
                    yield ("%s: file %s %d bytes sha256=%s\\n" % (
                        key, item.filename, len(item.value),
                        hashlib.sha256(item.value).hexdigest())).encode()
                else:
                    yield ("%s=%s\\n" % (key, form.getlist(key))).encode()
            return
        start_response("200 OK", [("Content-Type", "text/html")])
        yield b"<h1>FastCGI Environment</h1>\\n"
        yield b"<table>\\n"
        for k, v in sorted(environ.items()):
            yield ("<tr><th>%s</th><td>%s</td></tr>\\n"
                   % (escape(k), escape(str(v)))).encode("utf-8")
        yield b"</table>\\n"

    if __name__ == "__main__":
        kw = {}
        mode = sys.argv[1]
        if mode == "tcp":
            kw["bindAddress"] = ("127.0.0.1", int(sys.argv[2]))
        elif mode == "unix":
            kw["bindAddress"] = sys.argv[2]
        if "mpx" in sys.argv:
            kw["multiplexed"] = True
        result = WSGIServer(app, **kw).run()
        print("run() returned %r" % (result,), flush=True)
    ''')

CGI_ENV = {
    "REQUEST_METHOD": "GET",
    "SCRIPT_NAME": "/test",
    "QUERY_STRING": "x=1",
    "REQUEST_URI": "/test?x=1",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "GATEWAY_INTERFACE": "CGI/1.1",
}


def ensure_cgi_fcgi():
    """Path of cgi-fcgi, installing libfcgi-bin with apt-get if needed."""
    found = shutil.which("cgi-fcgi")
    if found:
        return found
    advice = ("cgi-fcgi (Debian package libfcgi-bin) is required by the "
              "FastCGI interop test; install it with "
              "`apt-get install -y libfcgi-bin`")
    if not shutil.which("apt-get") or os.geteuid() != 0:
        raise AssertionError(advice + " (cannot install it here: no apt-get "
                             "or not root)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log = []
    for command in (["apt-get", "install", "-y", "libfcgi-bin"],
                    ["apt-get", "update"],
                    ["apt-get", "install", "-y", "libfcgi-bin"]):
        proc = subprocess.run(command, env=env, capture_output=True,
                              timeout=600)
        log.append("$ %s -> %d\n%s" % (" ".join(command), proc.returncode,
                                       proc.stderr.decode(errors="replace")
                                       [-800:]))
        found = shutil.which("cgi-fcgi")
        if found:
            return found
    raise AssertionError(advice + "; installing it failed:\n" +
                         "\n".join(log))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recv_until_closed(sock, timeout=10.0):
    sock.settimeout(timeout)
    chunks = []
    while True:
        data = sock.recv(65536)
        if not data:
            return b"".join(chunks)
        chunks.append(data)


def recv_records_until(sock, done, timeout=10.0):
    """Read until done(records) is true; returns (records, raw bytes)."""
    sock.settimeout(timeout)
    raw = b""
    while True:
        data = sock.recv(65536)
        if not data:
            raise AssertionError("connection closed early; got %r" % raw[-64:])
        raw += data
        try:
            recs = split_records(raw)
        except AssertionError:
            continue  # a record is still arriving
        if done(recs):
            return recs, raw


def parse_cgi_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    return lines, body


@unittest.skipUnless(compat_support.CAN_SPAWN, "needs processes and sockets")
class CgiFcgiInteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cgi_fcgi_path = ensure_cgi_fcgi()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.script = os.path.join(cls.tmp.name, "env.fcgi")
        with open(cls.script, "w", encoding="utf-8") as f:
            f.write(APP_SCRIPT)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    # -- helpers ------------------------------------------------------------

    def start_server(self, *args, stdin=subprocess.DEVNULL, wait_for=None,
                     env=None):
        out = tempfile.TemporaryFile(dir=self.tmp.name)
        err = tempfile.TemporaryFile(dir=self.tmp.name)
        proc = subprocess.Popen(
            [sys.executable, self.script] + [str(a) for a in args],
            stdin=stdin, stdout=out, stderr=err,
            env=compat_support.subprocess_env(**(env or {})))
        proc.out_file, proc.err_file = out, err
        self.addCleanup(self.stop_server, proc)
        if wait_for is not None:
            deadline = time.monotonic() + 20
            while True:
                try:
                    wait_for().close()
                    break
                except OSError:
                    if proc.poll() is not None:
                        raise AssertionError(
                            "server exited: %r" % (self.stop_server(proc),))
                    if time.monotonic() > deadline:
                        raise AssertionError("server did not start listening")
                    time.sleep(0.05)
        return proc

    @staticmethod
    def stop_server(proc, sig=signal.SIGTERM):
        """Signal the server, wait for it; returns (stdout, stderr) bytes."""
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if not hasattr(proc, "outputs"):
            proc.outputs = []
            for f in (proc.out_file, proc.err_file):
                f.seek(0)
                proc.outputs.append(f.read())
                f.close()
        return tuple(proc.outputs)

    def tcp_server(self, *extra, env=None):
        port = free_port()
        proc = self.start_server("tcp", port, *extra, env=env, wait_for=lambda:
                                 socket.create_connection(("127.0.0.1", port),
                                                          timeout=1))
        return proc, port

    def cgi_fcgi(self, address, env=None, body=b""):
        proc = subprocess.run(
            [self.cgi_fcgi_path, "-bind", "-connect", str(address)],
            input=body, capture_output=True, timeout=30,
            env=dict({"PATH": "/usr/bin:/bin"}, **(env or CGI_ENV)))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def assert_environment_page(self, stdout, run_once=False):
        lines, body = parse_cgi_response(stdout)
        self.assertEqual(lines, ["Status: 200 OK", "Content-Type: text/html"])
        self.assertTrue(body.startswith(b"<h1>FastCGI Environment</h1>\n"
                                        b"<table>\n"), body[:80])
        for row in (b"<tr><th>QUERY_STRING</th><td>x=1</td></tr>",
                    b"<tr><th>REQUEST_METHOD</th><td>GET</td></tr>",
                    b"<tr><th>SCRIPT_NAME</th><td>/test</td></tr>",
                    b"<tr><th>GATEWAY_INTERFACE</th><td>CGI/1.1</td></tr>",
                    b"<tr><th>wsgi.version</th><td>(1, 0)</td></tr>",
                    b"<tr><th>wsgi.url_scheme</th><td>http</td></tr>",
                    b"<tr><th>wsgi.run_once</th><td>%s</td></tr>" % (
                        str(run_once).encode())):
            self.assertIn(row, body)
        self.assertTrue(body.endswith(b"</table>\n"))

    # -- tests --------------------------------------------------------------

    def test_article_environment_page_over_tcp(self):
        server, port = self.tcp_server()
        result = self.cgi_fcgi("127.0.0.1:%d" % port)
        self.assert_environment_page(result.stdout)
        # cgi-fcgi sent only its environment: flup's warnings come back as
        # FCGI_STDERR records, which cgi-fcgi copies to its stderr
        self.assertIn(b"WSGIServer: missing FastCGI param SERVER_NAME "
                      b"required by WSGI!", result.stderr)
        # a second request on a new connection works too
        self.assert_environment_page(self.cgi_fcgi("127.0.0.1:%d" % port).stdout)
        # with bindAddress, wsgi.errors also goes to the server's own stderr
        out, err = self.stop_server(server)
        self.assertEqual(server.returncode, 0, err)
        self.assertEqual(out, b"run() returned False\n")
        self.assertEqual(err.count(b"missing FastCGI param SERVER_NAME"), 2)

    def test_post_form_parsed_by_fieldstorage(self):
        _, port = self.tcp_server()
        body = b"name=Ada&lang=py&lang=c"
        env = dict(CGI_ENV, REQUEST_METHOD="POST", QUERY_STRING="",
                   REQUEST_URI="/test/form", PATH_INFO="/form",
                   CONTENT_TYPE="application/x-www-form-urlencoded",
                   CONTENT_LENGTH=str(len(body)))
        result = self.cgi_fcgi("127.0.0.1:%d" % port, env, body)
        lines, page = parse_cgi_response(result.stdout)
        self.assertEqual(lines[0], "Status: 200 OK")
        self.assertEqual(page, b"name=['Ada']\nlang=['py', 'c']\n")

    def test_binary_upload_survives_fastcgi_and_fieldstorage(self):
        _, port = self.tcp_server()
        data = bytes(range(256)) * 64
        boundary = b"----cgilab-interop"
        body = (b"--" + boundary + b"\r\n"
                b'Content-Disposition: form-data; name="up"; filename="b.bin"'
                b"\r\nContent-Type: application/octet-stream\r\n\r\n" + data +
                b"\r\n--" + boundary + b"\r\n"
                b'Content-Disposition: form-data; name="note"\r\n\r\nhi\r\n'
                b"--" + boundary + b"--\r\n")
        env = dict(CGI_ENV, REQUEST_METHOD="POST", PATH_INFO="/form",
                   CONTENT_TYPE="multipart/form-data; boundary=" +
                   boundary.decode(), CONTENT_LENGTH=str(len(body)))
        result = self.cgi_fcgi("127.0.0.1:%d" % port, env, body)
        _, page = parse_cgi_response(result.stdout)
        self.assertIn(("up: file b.bin %d bytes sha256=%s\n" % (
            len(data), hashlib.sha256(data).hexdigest())).encode(), page)
        self.assertIn(b"note=['hi']\n", page)

    def test_unix_socket(self):
        path = os.path.join(self.tmp.name, "app.sock")

        def connect():
            sock = socket.socket(socket.AF_UNIX)
            try:
                sock.connect(path)
            except OSError:
                sock.close()
                raise
            return sock
        self.start_server("unix", path, wait_for=connect)
        self.assert_environment_page(self.cgi_fcgi(path).stdout)

    def test_listening_socket_on_fd_0(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        with listener:
            self.start_server("fd0", stdin=listener.fileno())
        self.assert_environment_page(
            self.cgi_fcgi("127.0.0.1:%d" % port).stdout)

    def test_cgi_fallback_when_fd_0_is_not_a_socket(self):
        env = compat_support.subprocess_env(**CGI_ENV)
        proc = subprocess.run([sys.executable, self.script, "fd0"],
                              input=b"", capture_output=True, timeout=30,
                              env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_environment_page(proc.stdout, run_once=True)
        self.assertIn(b"<tr><th>wsgi.multiprocess</th><td>True</td></tr>",
                      proc.stdout)

    def test_keep_conn_over_a_raw_socket(self):
        _, port = self.tcp_server()
        # KEEP_CONN off: the application closes after END_REQUEST
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request(1, BASIC_ENV))
            recs = split_records(recv_until_closed(sock))
            self.assertEqual(recs[-1][0], END)
            self.assertEqual(end_status(recs, 1), (0, 0))
        # KEEP_CONN on: three requests on one connection
        with socket.create_connection(("127.0.0.1", port)) as sock:
            for n in range(3):
                sock.sendall(request(n + 1, BASIC_ENV, keep_conn=True))
                recs, _ = recv_records_until(
                    sock, lambda r: any(t == END for t, _, _, _ in r))
                self.assertEqual(end_status(recs, n + 1), (0, 0))
                self.assertIn(b"FastCGI Environment",
                              stream(recs, STDOUT, n + 1))
            sock.sendall(record(9, 0, pair("FCGI_MPXS_CONNS", "")))
            recs, _ = recv_records_until(sock, lambda r: len(r) >= 1)
            self.assertEqual(recs[0][0], GET_VALUES_RESULT)
            self.assertEqual(decode_pairs(recs[0][2]),
                             [(b"FCGI_MPXS_CONNS", b"0")])

    def test_multiplexed_server_interleaves(self):
        _, port = self.tcp_server("mpx")
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request(1, BASIC_ENV, keep_conn=True) +
                         request(2, BASIC_ENV, keep_conn=True))
            recs, _ = recv_records_until(
                sock, lambda r: sum(t == END for t, _, _, _ in r) == 2)
        ids = [i for t, i, c, _ in recs if t == STDOUT and c]
        self.assertEqual(ids[:6], [1, 2, 1, 2, 1, 2])
        for rid in (1, 2):
            page = stream(recs, STDOUT, rid)
            self.assertTrue(page.startswith(b"Status: 200 OK\r\n"))
            self.assertIn(b"<tr><th>SCRIPT_NAME</th><td>/app.fcgi</td></tr>",
                          page)
            self.assertTrue(page.endswith(b"</table>\n"))
            self.assertEqual(end_status(recs, rid), (0, 0))

    def test_fcgi_web_server_addrs_refuses_other_peers(self):
        _, port = self.tcp_server(env={"FCGI_WEB_SERVER_ADDRS": "10.9.9.9"})
        with socket.create_connection(("127.0.0.1", port)) as sock:
            try:
                sock.sendall(request(1, BASIC_ENV))
                received = recv_until_closed(sock)
            except (ConnectionResetError, BrokenPipeError):
                received = b""   # closed with our bytes unread: a reset
            self.assertEqual(received, b"")
        _, port = self.tcp_server(
            env={"FCGI_WEB_SERVER_ADDRS": "10.9.9.9, 127.0.0.1"})
        self.assert_environment_page(
            self.cgi_fcgi("127.0.0.1:%d" % port).stdout)

    def test_sighup_makes_run_return_true(self):
        proc, _ = self.tcp_server()
        out, err = self.stop_server(proc, signal.SIGHUP)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(out, b"run() returned True\n")


if __name__ == "__main__":
    unittest.main()
