"""WSGIServer.run() inside CGI Lab (a stand-in ``_cgi_lab_runtime``) and
in flup's CGI fallback mode."""

import importlib.util
import io
import os
import sys
import types
import unittest

import compat_support

from fcgi_helpers import (BASIC_ENV, STDOUT, begin, end_status, params,
                          request, split_records, stdin, stream)
from flup.server.fcgi import WSGIServer


def hello_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello from ", environ["QUERY_STRING"].encode()]


class FakeRuntime(types.ModuleType):
    """The contract the runtime engineer provides, recorded for asserts."""

    def __init__(self, model="fastcgi"):
        super().__init__("_cgi_lab_runtime")
        self.server = None
        self.sent = []
        self.closed = []

        class ServeForever(BaseException):
            pass
        self.ServeForever = ServeForever
        self.process_model = lambda: model

    def register_server(self, obj):
        self.server = obj

    def send(self, conn_id, data):
        assert isinstance(data, bytes)
        self.sent.append((conn_id, data))

    def close(self, conn_id):
        self.closed.append(conn_id)

    def output(self, conn_id):
        return b"".join(d for c, d in self.sent if c == conn_id)


class LabRuntimeTest(unittest.TestCase):
    def install(self, runtime):
        old = sys.modules.get("_cgi_lab_runtime")
        sys.modules["_cgi_lab_runtime"] = runtime

        def restore():
            if old is None:
                sys.modules.pop("_cgi_lab_runtime", None)
            else:
                sys.modules["_cgi_lab_runtime"] = old
        self.addCleanup(restore)
        return runtime

    def start(self, **kw):
        rt = self.install(FakeRuntime())
        with self.assertRaises(rt.ServeForever):
            WSGIServer(hello_app, **kw).run()
        self.assertIsNotNone(rt.server)
        return rt, rt.server

    def test_run_registers_and_serves_forever(self):
        rt, server = self.start()
        for name in ("on_connect", "on_data", "on_close"):
            self.assertTrue(callable(getattr(server, name)))
        self.assertIsNone(server.bind_address)
        self.assertFalse(server.multiplexed)

    def test_a_request_over_the_host_api(self):
        rt, server = self.start()
        server.on_connect(7)
        data = request(1, dict(BASIC_ENV, QUERY_STRING="lab"))
        # the host may deliver bytes in arbitrary pieces
        server.on_data(7, data[:5])
        server.on_data(7, bytearray(data[5:40]))
        server.on_data(7, memoryview(data[40:]))
        recs = split_records(rt.output(7))
        self.assertTrue(stream(recs, STDOUT, 1).endswith(b"hello from lab"))
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertEqual(rt.closed, [7])  # KEEP_CONN off: the app hangs up
        server.on_data(7, data)           # late bytes for a closed id
        self.assertEqual(len(split_records(rt.output(7))), len(recs))

    def test_keep_conn_and_two_connections(self):
        rt, server = self.start(multiplexed=True, bindAddress=("127.0.0.1", 9000))
        self.assertEqual(server.bind_address, ("127.0.0.1", 9000))
        self.assertTrue(server.multiplexed)
        server.on_connect(1)
        server.on_connect(2)
        server.on_data(1, begin(1, keep_conn=True) + params(1, BASIC_ENV))
        server.on_data(2, request(1, dict(BASIC_ENV, QUERY_STRING="two")))
        self.assertEqual(rt.closed, [2])
        server.on_data(1, stdin(1))
        recs = split_records(rt.output(1))
        self.assertTrue(stream(recs, STDOUT, 1).endswith(b"hello from x=1"))
        self.assertEqual(rt.closed, [2])  # connection 1 is kept
        server.on_close(1)
        server.on_data(1, request(1, BASIC_ENV))  # unknown id now: ignored
        self.assertEqual(len(split_records(rt.output(1))), len(recs))

    def test_protocol_error_closes_only_that_connection(self):
        rt, server = self.start()
        server.on_connect(3)
        old = sys.stderr
        sys.stderr = io.StringIO()
        try:
            server.on_data(3, b"\x01\x01\x00\x01\x00\x01\x07\x00" + b"\x00" * 8)
            logged = sys.stderr.getvalue()
        finally:
            sys.stderr = old
        self.assertEqual(rt.closed, [3])
        self.assertIn("ProtocolError", logged)

    def test_js_proxy_like_data(self):
        rt, server = self.start()

        class Proxy:
            def __init__(self, data):
                self.data = data

            def to_py(self):
                return memoryview(self.data)
        server.on_connect(1)
        server.on_data(1, Proxy(request(1, BASIC_ENV)))
        self.assertIn(b"hello from", rt.output(1))

    def test_process_model_cgi_means_cgi_mode(self):
        rt = self.install(FakeRuntime(model="cgi"))
        out = CgiModeTest.run_cgi(self, WSGIServer(hello_app),
                                  {"REQUEST_METHOD": "GET",
                                   "QUERY_STRING": "cgi"})
        self.assertIsNone(rt.server)
        self.assertTrue(out.endswith(b"hello from cgi"))


RUNTIME_PATH = os.path.join(os.path.dirname(compat_support.SITE_PACKAGES),
                            "_cgi_lab_runtime.py")


class RealRuntimeModuleTest(unittest.TestCase):
    """Against src/runtime/python/_cgi_lab_runtime.py, the runtime
    engineer's module, with its host hooks set as the lab sets them."""

    def setUp(self):
        self.assertTrue(os.path.exists(RUNTIME_PATH), RUNTIME_PATH)
        spec = importlib.util.spec_from_file_location("_cgi_lab_runtime",
                                                      RUNTIME_PATH)
        rt = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(rt)
        old = sys.modules.get("_cgi_lab_runtime")
        sys.modules["_cgi_lab_runtime"] = rt
        self.addCleanup(lambda: sys.modules.pop("_cgi_lab_runtime", None)
                        if old is None else
                        sys.modules.__setitem__("_cgi_lab_runtime", old))
        self.rt = rt

    def test_fastcgi_process(self):
        rt = self.rt
        sent, closed = [], []

        class Host:
            def send(self, conn_id, data):
                sent.append((conn_id, data))

            def close(self, conn_id):
                closed.append(conn_id)
        rt._model, rt._host = "fastcgi", Host()
        with self.assertRaises(rt.ServeForever):
            WSGIServer(hello_app).run()
        server = rt._server
        server.on_connect(1)
        server.on_data(1, request(1, dict(BASIC_ENV, QUERY_STRING="real")))
        out = b"".join(d for c, d in sent if c == 1)
        recs = split_records(out)
        self.assertTrue(stream(recs, STDOUT, 1).endswith(b"hello from real"))
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertEqual(closed, [1])

    def test_cgi_process(self):
        self.rt._model = "cgi"
        out = CgiModeTest.run_cgi(self, WSGIServer(hello_app),
                                  {"REQUEST_METHOD": "GET",
                                   "QUERY_STRING": "as-cgi"})
        self.assertIsNone(self.rt._server)
        self.assertTrue(out.endswith(b"hello from as-cgi"))


class CgiModeTest(unittest.TestCase):
    def run_cgi(self, server, env, body=b""):
        old = (sys.stdin, sys.stdout, dict(os.environ), sys.stderr)
        sys.stderr = self.cgi_stderr = io.StringIO()
        sys.stdin = io.TextIOWrapper(io.BytesIO(body), encoding="latin-1")
        raw = io.BytesIO()
        wrapper = sys.stdout = io.TextIOWrapper(raw, encoding="utf-8")
        os.environ.clear()
        os.environ.update(env)
        try:
            with self.assertRaises(SystemExit) as ctx:
                server.run()
            wrapper.flush()
            written = raw.getvalue()
        finally:
            sys.stdin, sys.stdout, sys.stderr = old[0], old[1], old[3]
            os.environ.clear()
            os.environ.update(old[2])
        self.assertEqual(ctx.exception.code, 0)
        return written

    def test_force_cgi(self):
        out = self.run_cgi(WSGIServer(hello_app, forceCGI=True),
                           {"REQUEST_METHOD": "GET", "QUERY_STRING": "q"})
        self.assertEqual(out, b"Status: 200 OK\r\nContent-Type: text/plain"
                              b"\r\n\r\nhello from q")
        # wsgi.errors is the process's stderr in CGI mode
        self.assertIn("WSGIServer: missing FastCGI param SERVER_NAME",
                      self.cgi_stderr.getvalue())

    def test_env_fcgi_force_cgi_and_run_once(self):
        seen = {}

        def app(environ, start_response):
            seen.update(environ)
            start_response("200 OK", [])
            return [environ["wsgi.input"].read()]
        out = self.run_cgi(WSGIServer(app),
                           {"FCGI_FORCE_CGI": "y", "REQUEST_METHOD": "POST",
                            "CONTENT_LENGTH": "4"}, b"body")
        self.assertTrue(out.endswith(b"\r\n\r\nbody"))
        self.assertIs(seen["wsgi.run_once"], True)
        self.assertIs(seen["wsgi.multithread"], False)
        self.assertIs(seen["wsgi.multiprocess"], True)

    def test_cgi_mode_error_page(self):
        def app(environ, start_response):
            raise RuntimeError("cgi boom")
        out = self.run_cgi(WSGIServer(app, forceCGI=True),
                           {"REQUEST_METHOD": "GET"})
        err = self.cgi_stderr.getvalue()
        self.assertTrue(out.startswith(b"Status: 500 Internal Server Error"))
        self.assertIn("RuntimeError: cgi boom", err)


if __name__ == "__main__":
    unittest.main()
