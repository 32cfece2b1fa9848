"""FastCGI protocol tests of CGI Lab's flup (the I/O-free core).

Byte vectors come from shared/reference/conformance.md section F.
"""

import html
import struct
import unittest

from fcgi_helpers import (ABORT, BASIC_ENV, DATA, END, FILTER, AUTHORIZER,
                          GET_VALUES_RESULT, PARAMS, RESPONDER, STDERR,
                          STDIN, STDOUT, begin, decode_pairs, end_status, h,
                          pair, params, record, request, split_records,
                          stdin, stream)
from flup.server import fcgi_base
from flup.server.fcgi import WSGIServer, FCGI_RESPONDER
from flup.server.fcgi_base import (FCGI_AUTHORIZER, FCGI_FILTER,
                                   ProtocolError, decode_pair, encode_pair,
                                   encode_record)

END_OK_ID1 = h("0103000100080000 0000000000000000")  # conformance D14


def hello_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def echo_app(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return [body]


def environ_app(environ, start_response):
    """The article's page, fixed for Python 3: html.escape and bytes."""
    start_response("200 OK", [("Content-Type", "text/html")])
    yield b"<h1>FastCGI Environment</h1>"
    yield b"<table>"
    for k, v in sorted(environ.items()):
        yield ("<tr><th>%s</th><td>%s</td></tr>"
               % (html.escape(k), html.escape(str(v)))).encode("utf-8")
    yield b"</table>"


def article_app_str(environ, start_response):
    """The article's app as written in 2008 (str chunks), minus cgi.escape."""
    start_response("200 OK", [("Content-Type", "text/html")])
    yield "<h1>FastCGI Environment</h1>"
    yield "<table>"
    for k, v in sorted(environ.items()):
        yield "<tr><th>%s</th><td>%s</td></tr>" % (html.escape(k),
                                                   html.escape(str(v)))
    yield "</table>"


def run(app, data, **server_kw):
    server = WSGIServer(app, **server_kw)
    conn = server.new_connection()
    out = conn.feed(data)
    return conn, split_records(out), out


class EncodingTest(unittest.TestCase):
    def test_f1_size_encoding(self):
        for n, expected in ((0, "00"), (127, "7f"), (128, "80000080"),
                            (1000, "800003e8"), (33554431, "81ffffff")):
            encoded = encode_pair(b"", b"x" * n)
            self.assertEqual(encoded[1:1 + len(h(expected))], h(expected), n)

    def test_f2_empty_stdout(self):
        self.assertEqual(encode_record(6, 1), h("0106000100000000"))

    def test_f10_padded_stdout(self):
        body = b"Content-Type: text/plain\r\n\r\nhello"
        self.assertEqual(len(body), 33)
        self.assertEqual(encode_record(6, 1, body),
                         h("0106000100210700") + body + b"\x00" * 7)

    def test_f9_spec_params_example(self):
        body = (h("0b02") + b"SERVER_PORT" + b"80" + h("0b0e") +
                b"SERVER_ADDR" + b"199.170.183.42")
        self.assertEqual(len(body), 42)
        self.assertEqual(fcgi_base.decode_params(body),
                         [(b"SERVER_PORT", b"80"),
                          (b"SERVER_ADDR", b"199.170.183.42")])

    def test_pair_round_trip_long_value(self):
        encoded = encode_pair("HTTP_COOKIE", "c" * 300)
        self.assertEqual(decode_pair(encoded), (len(encoded),
                                                (b"HTTP_COOKIE", b"c" * 300)))

    def test_end_request_with_app_status(self):
        # conformance F9: spec example 3, appStatus 938
        self.assertEqual(
            encode_record(3, 1, struct.pack("!LB3x", 938, 0)),
            h("0103000100080000 000003aa00000000"))


class ManagementRecordTest(unittest.TestCase):
    QUERY = (h("0109000000300000") + h("0e00") + b"FCGI_MAX_CONNS" +
             h("0d00") + b"FCGI_MAX_REQS" + h("0f00") + b"FCGI_MPXS_CONNS")

    def test_f5_query_is_well_formed(self):
        self.assertEqual(split_records(self.QUERY)[0][0], 9)

    def test_f5_get_values_lists_the_three_names(self):
        conn, recs, _ = run(hello_app, self.QUERY)
        self.assertEqual(len(recs), 1)
        rtype, rid, content, _ = recs[0]
        self.assertEqual((rtype, rid), (GET_VALUES_RESULT, 0))
        pairs = decode_pairs(content)
        self.assertEqual([n for n, _ in pairs],
                         [b"FCGI_MAX_CONNS", b"FCGI_MAX_REQS",
                          b"FCGI_MPXS_CONNS"])
        self.assertEqual(dict(pairs)[b"FCGI_MPXS_CONNS"], b"0")
        self.assertTrue(int(dict(pairs)[b"FCGI_MAX_CONNS"]) >= 1)
        self.assertFalse(conn.closing)

    def test_f5_exact_bytes_with_libfcgi_values(self):
        server = WSGIServer(hello_app)
        server.capability.update(FCGI_MAX_CONNS=1, FCGI_MAX_REQS=1)
        out = server.new_connection().feed(self.QUERY)
        self.assertEqual(out, h("010a000000330500") +
                         h("0e01") + b"FCGI_MAX_CONNS" + b"1" +
                         h("0d01") + b"FCGI_MAX_REQS" + b"1" +
                         h("0f01") + b"FCGI_MPXS_CONNS" + b"0" + b"\x00" * 5)

    def test_get_values_multiplexed_and_unknown_names(self):
        query = record(9, 0, pair("FCGI_MPXS_CONNS", "") + pair("X_FOO", ""))
        _, recs, _ = run(hello_app, query, multiplexed=True)
        self.assertEqual(decode_pairs(recs[0][2]), [(b"FCGI_MPXS_CONNS", b"1")])

    def test_unknown_management_type(self):
        _, _, out = run(hello_app, record(12, 0))
        self.assertEqual(out, h("010b000000080000 0c00000000000000"))

    def test_unknown_type_for_a_request_is_ignored(self):
        _, recs, _ = run(hello_app, record(12, 1))
        self.assertEqual(recs, [])

    def test_records_for_inactive_ids_are_ignored(self):
        _, recs, _ = run(hello_app, record(PARAMS, 5, pair("A", "1")) +
                         stdin(5, b"x") + record(ABORT, 5))
        self.assertEqual(recs, [])


class ResponderTest(unittest.TestCase):
    def test_f6_request_built_from_records(self):
        data = (h("0101000100080000 0001000000000000") +
                h("0104000100130000 0e03") + b"REQUEST_METHOD" + b"GET" +
                h("0104000100190000 0f08") + b"SERVER_PROTOCOL" + b"HTTP/1.1" +
                h("0104000100000000") +
                h("0105000100100000") + b"0123456789abcdef" +
                h("0105000100000000"))
        conn, recs, out = run(echo_app, data)
        body = stream(recs, STDOUT, 1)
        self.assertTrue(body.startswith(b"Status: 200 OK\r\n"), body)
        self.assertIn(b"\r\nContent-Length: 16\r\n\r\n", body)
        self.assertTrue(body.endswith(b"\r\n\r\n0123456789abcdef"))
        self.assertIn(h("0106000100000000"), out)  # STDOUT ends
        # F6 sends no SERVER_NAME/PORT: flup's warnings fill STDERR, then END
        self.assertIn(b"missing FastCGI param SERVER_NAME",
                      stream(recs, STDERR, 1))
        self.assertTrue(out.endswith(h("0107000100000000") + END_OK_ID1))
        # flup writes the header block as its own STDOUT record
        self.assertEqual(recs[0][2], b"Status: 200 OK\r\nContent-Type: "
                         b"application/octet-stream\r\nContent-Length: 16\r\n\r\n")
        self.assertTrue(conn.closing)  # KEEP_CONN was off

    def test_response_layout_and_padding(self):
        _, recs, out = run(hello_app, request(1, BASIC_ENV))
        for _, _, content, padding in recs:
            self.assertEqual((len(content) + padding) % 8, 0)
        self.assertEqual([(t, c) for t, _, c, _ in recs], [
            (STDOUT, b"Status: 200 OK\r\nContent-Type: text/plain\r\n"
                     b"Content-Length: 5\r\n\r\n"),
            (STDOUT, b"hello"),
            (STDOUT, b""),
            (END, h("0000000000000000")),
        ])
        self.assertTrue(out.endswith(END_OK_ID1))

    def test_generator_body_has_no_content_length(self):
        _, recs, _ = run(environ_app, request(1, BASIC_ENV))
        body = stream(recs, STDOUT, 1)
        self.assertTrue(body.startswith(
            b"Status: 200 OK\r\nContent-Type: text/html\r\n\r\n"
            b"<h1>FastCGI Environment</h1><table>"))
        self.assertNotIn(b"Content-Length", body)
        self.assertIn(b"<tr><th>QUERY_STRING</th><td>x=1</td></tr>", body)
        self.assertIn(b"<tr><th>wsgi.version</th><td>(1, 0)</td></tr>", body)
        # one record per yielded chunk, as flup writes them
        self.assertGreater(len([r for r in recs if r[0] == STDOUT]), 10)

    def test_wsgi_environ(self):
        seen = {}

        def app(environ, start_response):
            seen.update(environ)
            start_response("204 No Content", [])
            return []
        env = dict(BASIC_ENV, HTTPS="on", CONTENT_LENGTH="3")
        _, recs, _ = run(app, request(1, env, b"abc"),
                         environ={"app.setting": "yes"})
        self.assertEqual(seen["wsgi.version"], (1, 0))
        self.assertEqual(seen["wsgi.url_scheme"], "https")
        self.assertIs(seen["wsgi.multithread"], True)
        self.assertIs(seen["wsgi.multiprocess"], False)
        self.assertIs(seen["wsgi.run_once"], False)
        self.assertEqual(seen["wsgi.input"].read(), b"abc")
        self.assertEqual(seen["app.setting"], "yes")
        self.assertEqual(seen["QUERY_STRING"], "x=1")
        self.assertEqual(seen["PATH_INFO"], "")
        self.assertNotIn("fcgi.data", seen)
        self.assertEqual(stream(recs, STDOUT, 1), b"Status: 204 No Content\r\n\r\n")

    def test_params_are_latin1_native_strings(self):
        seen = {}

        def app(environ, start_response):
            seen["v"] = environ["HTTP_X"]
            start_response("200 OK", [])
            return []
        run(app, request(1, dict(BASIC_ENV, HTTP_X=b"caf\xc3\xa9")))
        self.assertEqual(seen["v"], "caf\u00c3\u00a9")

    def test_missing_params_filled_in_with_warnings(self):
        seen = {}

        def app(environ, start_response):
            seen.update(environ)
            start_response("200 OK", [])
            return []
        _, recs, _ = run(app, request(1, {"REQUEST_URI": "/app/x/more?q=2",
                                          "SCRIPT_NAME": "/app/x"}))
        self.assertEqual(seen["PATH_INFO"], "/more")
        self.assertEqual(seen["QUERY_STRING"], "q=2")
        self.assertEqual(seen["REQUEST_METHOD"], "GET")
        self.assertEqual(seen["SERVER_PORT"], "80")
        err = stream(recs, STDERR, 1).decode()
        for name in ("REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT",
                     "SERVER_PROTOCOL"):
            self.assertIn("WSGIServer: missing FastCGI param %s required by "
                          "WSGI!\n" % name, err)

    def test_write_callable_and_large_body_split(self):
        payload = bytes(range(256)) * 300  # 76800 bytes

        def app(environ, start_response):
            write = start_response("200 OK", [("Content-Type", "x/y")])
            write(payload[:1000])
            return [payload[1000:]]
        _, recs, _ = run(app, request(1, BASIC_ENV))
        out_recs = [r for r in recs if r[0] == STDOUT]
        self.assertTrue(all(len(c) <= 8184 for _, _, c, _ in out_recs))
        body = stream(recs, STDOUT, 1)
        self.assertEqual(body.split(b"\r\n\r\n", 1)[1], payload)

    def test_f3_large_stdin_in_max_size_records(self):
        data = (begin(300) + params(300, BASIC_ENV) +
                h("0105012cffff0100") + b"\x00" * 65535 + b"\x00" +
                h("0105012c01d10700") + b"\x00" * 465 + b"\x00" * 7 +
                h("0105012c00000000"))

        def app(environ, start_response):
            start_response("200 OK", [])
            return [str(len(environ["wsgi.input"].read())).encode()]
        _, recs, _ = run(app, data)
        self.assertTrue(stream(recs, STDOUT, 300).endswith(b"\r\n\r\n66000"))
        self.assertEqual(end_status(recs, 300), (0, 0))

    def test_byte_at_a_time_gives_the_same_bytes(self):
        data = request(1, BASIC_ENV, b"hello body")
        _, _, whole = run(echo_app, data)
        conn = WSGIServer(echo_app).new_connection()
        pieces = b"".join(conn.feed(data[i:i + 1]) for i in range(len(data)))
        self.assertEqual(pieces, whole)

    def test_padding_from_server_is_skipped(self):
        data = (record(1, 1, struct.pack("!HB5x", 1, 0), padding=255) +
                record(PARAMS, 1, pair("REQUEST_METHOD", "GET"), padding=3) +
                record(PARAMS, 1, padding=0) + record(STDIN, 1, padding=9))
        _, recs, _ = run(hello_app, data)
        self.assertEqual(end_status(recs, 1), (0, 0))


class KeepConnTest(unittest.TestCase):
    def test_keep_conn_off_closes_and_ignores_the_rest(self):
        data = request(1, BASIC_ENV) + request(2, BASIC_ENV)
        conn, recs, _ = run(hello_app, data)
        self.assertTrue(conn.closing)
        self.assertEqual({i for _, i, _, _ in recs}, {1})
        self.assertEqual(conn.feed(request(3, BASIC_ENV)), b"")

    def test_keep_conn_on_serves_several_requests(self):
        conn, recs, _ = run(hello_app, request(1, BASIC_ENV, keep_conn=True))
        self.assertFalse(conn.closing)
        self.assertEqual(end_status(recs, 1), (0, 0))
        recs = split_records(conn.feed(request(1, BASIC_ENV, keep_conn=True)))
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertFalse(conn.closing)
        recs = split_records(conn.feed(request(7, BASIC_ENV)))
        self.assertEqual(end_status(recs, 7), (0, 0))
        self.assertTrue(conn.closing)

    def test_d14_begin_vectors(self):
        self.assertEqual(begin(1), h("0101000100080000 0001000000000000"))
        self.assertEqual(begin(1, keep_conn=True),
                         h("0101000100080000 0001010000000000"))


class ErrorTest(unittest.TestCase):
    def test_str_body_gives_500_and_traceback(self):
        conn, recs, out = run(article_app_str, request(1, BASIC_ENV))
        body = stream(recs, STDOUT, 1)
        self.assertTrue(body.startswith(
            b"Status: 500 Internal Server Error\r\nContent-Type: text/html"
            b"\r\n\r\n"), body)
        self.assertIn(b"<title>Unhandled Exception</title>", body)
        self.assertNotIn(b"FastCGI Environment", body)
        err = stream(recs, STDERR, 1).decode()
        self.assertIn("Traceback (most recent call last)", err)
        self.assertIn("TypeError: write() argument must be a bytes instance, "
                      "not str", err)
        # the traceback is flushed before the error page is written
        types = [t for t, _, c, _ in recs if c]
        self.assertLess(types.index(STDERR), types.index(STDOUT))
        self.assertTrue(out.endswith(END_OK_ID1))
        self.assertTrue(conn.closing)

    def test_accept_str_body_switch(self):
        class Lenient(WSGIServer):
            acceptStrBody = True
        conn = Lenient(article_app_str).new_connection()
        body = stream(split_records(conn.feed(request(1, BASIC_ENV))),
                      STDOUT, 1)
        self.assertTrue(body.startswith(b"Status: 200 OK"))

    def test_debug_page_is_cgitb(self):
        def app(environ, start_response):
            raise KeyError("nope")
        _, recs, _ = run(app, request(1, BASIC_ENV), debug=True)
        body = stream(recs, STDOUT, 1)
        self.assertTrue(body.startswith(b"Status: 500 Internal Server Error"))
        self.assertIn(b"<strong>KeyError</strong>", body)

    def test_error_after_headers_keeps_partial_response(self):
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            yield b"partial"
            raise RuntimeError("midway")
        _, recs, out = run(app, request(1, BASIC_ENV))
        body = stream(recs, STDOUT, 1)
        self.assertTrue(body.endswith(b"\r\n\r\npartial"))
        self.assertNotIn(b"Unhandled", body)
        self.assertIn(b"RuntimeError: midway", stream(recs, STDERR, 1))
        self.assertTrue(out.endswith(END_OK_ID1))

    def test_exc_info_replaces_headers_before_output(self):
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            try:
                raise ValueError("bad")
            except ValueError:
                import sys
                start_response("500 Oops", [("Content-Type", "text/plain")],
                               sys.exc_info())
            return [b"sorry"]
        _, recs, _ = run(app, request(1, BASIC_ENV))
        self.assertTrue(stream(recs, STDOUT, 1).startswith(
            b"Status: 500 Oops\r\n"))

    def test_exc_info_after_output_reraises(self):
        def app(environ, start_response):
            write = start_response("200 OK", [])
            write(b"sent")
            try:
                raise ValueError("late")
            except ValueError:
                import sys
                start_response("500 Oops", [], sys.exc_info())
            return []
        _, recs, _ = run(app, request(1, BASIC_ENV))
        self.assertTrue(stream(recs, STDOUT, 1).startswith(b"Status: 200 OK"))
        self.assertIn(b"ValueError: late", stream(recs, STDERR, 1))

    def test_start_response_twice_without_exc_info(self):
        def app(environ, start_response):
            start_response("200 OK", [])
            start_response("200 OK", [])
            return []
        _, recs, _ = run(app, request(1, BASIC_ENV))
        self.assertIn(b"Headers already set", stream(recs, STDERR, 1))
        self.assertTrue(stream(recs, STDOUT, 1).startswith(b"Status: 500"))

    def test_bad_status_and_headers(self):
        for status, headers in (("200", []), ("OK 200", []),
                                ("200 OK", (("A", "b"),)),
                                ("200 OK", [("A", 1)])):
            def app(environ, start_response, s=status, hd=headers):
                start_response(s, hd)
                return []
            _, recs, _ = run(app, request(1, BASIC_ENV))
            self.assertTrue(stream(recs, STDOUT, 1).startswith(b"Status: 500"),
                            (status, headers))

    def test_result_close_is_called(self):
        closed = []

        class Body:
            def __iter__(self):
                yield b"a"

            def close(self):
                closed.append(True)

        def app(environ, start_response):
            start_response("200 OK", [])
            return Body()
        run(app, request(1, BASIC_ENV))
        self.assertEqual(closed, [True])

    def test_wsgi_errors_goes_to_stderr_records(self):
        def app(environ, start_response):
            environ["wsgi.errors"].write("logged line\n")
            start_response("200 OK", [])
            return [b"ok"]
        _, recs, _ = run(app, request(1, BASIC_ENV))
        self.assertEqual(stream(recs, STDERR, 1), b"logged line\n")
        types = [t for t, _, _, _ in recs]
        # buffered: STDERR comes after STDOUT has ended
        self.assertEqual(types, [STDOUT, STDOUT, STDOUT, STDERR, STDERR, END])


class RolesAndAbortTest(unittest.TestCase):
    def test_unknown_role_after_params_end(self):
        server = WSGIServer(hello_app)
        conn = server.new_connection()
        data = begin(1, AUTHORIZER) + record(PARAMS, 1, pair("A", "1"))
        self.assertEqual(conn.feed(data), b"")
        out = conn.feed(record(PARAMS, 1))
        self.assertEqual(out, h("0103000100080000 0000000003000000"))
        self.assertTrue(conn.closing)

    def test_authorizer_runs_when_params_end(self):
        def app(environ, start_response):
            start_response("200 OK", [("Variable-USER", "jane")])
            return []
        conn = WSGIServer(app, roles=(FCGI_RESPONDER, FCGI_AUTHORIZER)
                          ).new_connection()
        recs = split_records(conn.feed(begin(1, AUTHORIZER) +
                                       params(1, BASIC_ENV)))
        self.assertIn(b"Variable-USER: jane", stream(recs, STDOUT, 1))
        self.assertEqual(end_status(recs, 1), (0, 0))

    def test_filter_exposes_data(self):
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [environ["fcgi.data"].read().upper()]
        conn = WSGIServer(app, roles=(FCGI_FILTER,)).new_connection()
        env = dict(BASIC_ENV, FCGI_DATA_LENGTH="11", FCGI_DATA_LAST_MOD="0")
        head = begin(1, FILTER) + params(1, env) + stdin(1)
        self.assertEqual(conn.feed(head), b"")  # waits for DATA
        recs = split_records(conn.feed(record(DATA, 1, b"hello world") +
                                       record(DATA, 1)))
        self.assertTrue(stream(recs, STDOUT, 1).endswith(b"HELLO WORLD"))

    def test_abort_before_the_app_ran(self):
        called = []

        def app(environ, start_response):
            called.append(1)
            start_response("200 OK", [])
            return []
        conn = WSGIServer(app).new_connection()
        data = (begin(1) + params(1, BASIC_ENV) + record(STDIN, 1, b"part") +
                record(ABORT, 1))
        out = conn.feed(data)
        self.assertEqual(out, END_OK_ID1)
        self.assertEqual(called, [])
        self.assertTrue(conn.closing)

    def test_f10_cant_mpx_conn(self):
        conn = WSGIServer(hello_app).new_connection()
        out = conn.feed(begin(1) + params(1, BASIC_ENV) + begin(2))
        self.assertEqual(out, h("0103000200080000 0000000001000000"))
        self.assertFalse(conn.closing)
        recs = split_records(conn.feed(stdin(1)))
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertTrue(conn.closing)

    def test_f7_malformed_params_do_not_crash(self):
        data = (h("0101000100080000 0001010000000000") +
                h("01040001000a0000 3232030405060708 090a") +
                h("0104000100000000") + stdin(1))
        conn, recs, _ = run(hello_app, data)
        self.assertTrue(stream(recs, STDOUT, 1).startswith(b"Status: 200 OK"))
        self.assertIn(b"missing FastCGI param REQUEST_METHOD",
                      stream(recs, STDERR, 1))
        self.assertFalse(conn.closing)  # KEEP_CONN was set

    def test_pair_split_across_records_flup_style(self):
        seen = {}

        def app(environ, start_response):
            seen.update(environ)
            start_response("200 OK", [])
            return []
        whole = pair("PATH_INFO", "/abc") + pair("REQUEST_METHOD", "POST")
        cut = whole.index(b"/abc") + 3  # inside the value of PATH_INFO
        data = (begin(1) + record(PARAMS, 1, whole[:cut]) +
                record(PARAMS, 1, whole[cut:]) + record(PARAMS, 1) + stdin(1))
        _, recs, _ = run(app, data)
        # decoded per record: the value is cut short, and the rest of the
        # stream ("c" then REQUEST_METHOD's pair) decodes as one junk pair
        self.assertEqual(seen["PATH_INFO"], "/ab")
        self.assertEqual(seen["REQUEST_METHOD"], "GET")  # flup's default
        self.assertIn(b"missing FastCGI param REQUEST_METHOD",
                      stream(recs, STDERR, 1))
        self.assertIn("\x04REQUEST_METHODPOST", seen)  # the junk pair's name

    def test_pair_with_cut_length_prefix_breaks_the_connection(self):
        conn = WSGIServer(hello_app).new_connection()
        long_pair = pair("X" * 200, "v")
        with self.assertRaises(ProtocolError):
            conn.feed(begin(1) + record(PARAMS, 1, long_pair[:2]))

    def test_short_begin_body_is_a_protocol_error(self):
        with self.assertRaises(ProtocolError):
            WSGIServer(hello_app).new_connection().feed(record(1, 1, b"\x00"))


class MultiplexTest(unittest.TestCase):
    def chunky_app(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        tag = environ["QUERY_STRING"].encode()
        for n in range(4):
            yield tag + b"-chunk%d\n" % n

    def test_interleaved_records(self):
        data = (request(1, dict(BASIC_ENV, QUERY_STRING="A"), keep_conn=True)
                + request(2, dict(BASIC_ENV, QUERY_STRING="B"), keep_conn=True))
        conn, recs, _ = run(self.chunky_app, data, multiplexed=True)
        ids = [i for t, i, c, _ in recs if t == STDOUT and c]
        self.assertEqual(ids, [1, 2] * 5)  # header + 4 chunks each, in turn
        self.assertEqual(stream(recs, STDOUT, 1).split(b"\r\n\r\n")[1],
                         b"A-chunk0\nA-chunk1\nA-chunk2\nA-chunk3\n")
        self.assertEqual(stream(recs, STDOUT, 2).split(b"\r\n\r\n")[1],
                         b"B-chunk0\nB-chunk1\nB-chunk2\nB-chunk3\n")
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertEqual(end_status(recs, 2), (0, 0))
        self.assertFalse(conn.closing)

    def test_concurrent_begin_accepted_and_close_after_last(self):
        conn = WSGIServer(self.chunky_app, multiplexed=True).new_connection()
        out = conn.feed(begin(1) + params(1, BASIC_ENV) + begin(2) +
                        params(2, BASIC_ENV))
        self.assertEqual(out, b"")
        recs = split_records(conn.feed(stdin(2)))
        self.assertEqual(end_status(recs, 2), (0, 0))
        self.assertFalse(conn.closing)  # request 1 is still active
        recs = split_records(conn.feed(stdin(1)))
        self.assertEqual(end_status(recs, 1), (0, 0))
        self.assertTrue(conn.closing)


if __name__ == "__main__":
    unittest.main()
