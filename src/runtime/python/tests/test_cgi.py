"""Tests for CGI Lab's compatibility ``cgi`` module."""

import io
import os
import sys
import unittest
from email.message import Message

import compat_support  # noqa: F401  (puts our site-packages first)
import cgi


def multipart(boundary, parts, newline=b"\r\n"):
    """Build a multipart/form-data body from (headers, body) pairs."""
    out = b""
    for headers, body in parts:
        out += b"--" + boundary + newline
        for line in headers:
            out += line + newline
        out += newline + body + newline
    return out + b"--" + boundary + b"--" + newline


def post_environ(ctype, body, **extra):
    env = {"REQUEST_METHOD": "POST", "CONTENT_TYPE": ctype,
           "CONTENT_LENGTH": str(len(body))}
    env.update(extra)
    return env


class ModuleSurfaceTest(unittest.TestCase):
    def test_this_is_cgi_labs_module(self):
        self.assertTrue(os.path.abspath(cgi.__file__).startswith(
            compat_support.SITE_PACKAGES))
        self.assertIn("CGI Lab", cgi.__doc__)
        self.assertIn("html.escape", cgi.__doc__)

    def test_from_cgi_import_escape_raises_importerror(self):
        with self.assertRaises(ImportError) as ctx:
            from cgi import escape  # noqa: F401
        self.assertIn("cannot import name 'escape'", str(ctx.exception))
        self.assertFalse(hasattr(cgi, "escape"))

    def test_parse_qs_is_not_here(self):
        self.assertFalse(hasattr(cgi, "parse_qs"))
        self.assertFalse(hasattr(cgi, "parse_qsl"))

    def test_public_names_of_python_312(self):
        for name in ("FieldStorage", "MiniFieldStorage", "parse",
                     "parse_multipart", "parse_header", "test",
                     "print_exception", "print_environ", "print_form",
                     "print_directory", "print_arguments",
                     "print_environ_usage", "valid_boundary", "maxlen",
                     "log", "initlog", "dolog", "nolog", "closelog"):
            self.assertTrue(hasattr(cgi, name), name)
        self.assertNotIn("escape", cgi.__all__)


class GetTest(unittest.TestCase):
    def test_query_string(self):
        env = {"REQUEST_METHOD": "GET",
               "QUERY_STRING": "name=Ada+L&lang=py&lang=c&empty=&x=%C3%A9"}
        form = cgi.FieldStorage(environ=env)
        self.assertEqual(form.getvalue("name"), "Ada L")
        self.assertEqual(form.getvalue("lang"), ["py", "c"])
        self.assertEqual(form.getfirst("lang"), "py")
        self.assertEqual(form.getlist("lang"), ["py", "c"])
        self.assertEqual(form.getlist("name"), ["Ada L"])
        self.assertEqual(form.getlist("nope"), [])
        self.assertEqual(form.getvalue("nope", "dflt"), "dflt")
        self.assertEqual(form.getfirst("nope", "d"), "d")
        self.assertEqual(form.getvalue("x"), "\u00e9")
        self.assertNotIn("empty", form)  # blank values dropped by default
        self.assertIn("name", form)
        self.assertEqual(form.keys(), ["name", "lang", "x"])
        self.assertEqual(list(form), ["name", "lang", "x"])
        self.assertEqual(len(form), 3)
        self.assertTrue(form)

    def test_getitem_single_and_repeated(self):
        form = cgi.FieldStorage(environ={"REQUEST_METHOD": "GET",
                                         "QUERY_STRING": "a=1&b=2&b=3"})
        self.assertIsInstance(form["a"], cgi.MiniFieldStorage)
        self.assertEqual(form["a"].value, "1")
        self.assertEqual(repr(form["a"]), "MiniFieldStorage('a', '1')")
        self.assertEqual([f.value for f in form["b"]], ["2", "3"])
        with self.assertRaises(KeyError):
            form["zzz"]

    def test_keep_blank_values_and_separator(self):
        form = cgi.FieldStorage(
            environ={"REQUEST_METHOD": "GET", "QUERY_STRING": "a=&b=1;c=2"},
            keep_blank_values=1, separator=";")
        self.assertEqual(form.getvalue("a"), "&b=1")
        self.assertEqual(form.getvalue("c"), "2")
        form = cgi.FieldStorage(
            environ={"REQUEST_METHOD": "GET", "QUERY_STRING": "a=&b=1"},
            keep_blank_values=True)
        self.assertEqual(form.getvalue("a"), "")

    def test_strict_parsing_and_max_num_fields(self):
        with self.assertRaises(ValueError):
            cgi.FieldStorage(environ={"REQUEST_METHOD": "GET",
                                      "QUERY_STRING": "a"},
                             strict_parsing=True)
        with self.assertRaises(ValueError):
            cgi.FieldStorage(environ={"REQUEST_METHOD": "GET",
                                      "QUERY_STRING": "a=1&b=2&c=3"},
                             max_num_fields=2)

    def test_head_and_no_query(self):
        form = cgi.FieldStorage(environ={"REQUEST_METHOD": "HEAD",
                                         "QUERY_STRING": "q=1"})
        self.assertEqual(form.getvalue("q"), "1")
        old_argv = sys.argv
        sys.argv = ["script"]
        try:
            form = cgi.FieldStorage(environ={"REQUEST_METHOD": "GET"})
        finally:
            sys.argv = old_argv
        self.assertEqual(form.keys(), [])
        self.assertFalse(form)

    def test_reads_os_environ_by_default(self):
        saved = {k: os.environ.get(k) for k in ("REQUEST_METHOD",
                                                 "QUERY_STRING")}
        os.environ["REQUEST_METHOD"] = "GET"
        os.environ["QUERY_STRING"] = "who=world"
        try:
            self.assertEqual(cgi.FieldStorage().getvalue("who"), "world")
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


class UrlencodedPostTest(unittest.TestCase):
    def test_body_respects_content_length(self):
        body = b"name=Ada&lang=py"
        fp = io.BytesIO(body + b"&junk=after-content-length")
        form = cgi.FieldStorage(fp=fp, environ=post_environ(
            "application/x-www-form-urlencoded", body))
        self.assertEqual(form.getvalue("name"), "Ada")
        self.assertEqual(form.getvalue("lang"), "py")
        self.assertNotIn("junk", form)
        self.assertEqual(fp.read(), b"&junk=after-content-length")

    def test_query_string_fields_come_after_body(self):
        body = b"a=body"
        form = cgi.FieldStorage(fp=io.BytesIO(body), environ=post_environ(
            "application/x-www-form-urlencoded", body, QUERY_STRING="a=qs&q=1"))
        self.assertEqual(form.getlist("a"), ["body", "qs"])
        self.assertEqual(form.getvalue("q"), "1")

    def test_reads_sys_stdin_buffer(self):
        body = b"x=1&x=2"
        old = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO(body), encoding="utf-8")
        try:
            form = cgi.FieldStorage(environ=post_environ(
                "application/x-www-form-urlencoded", body))
        finally:
            sys.stdin = old
        self.assertEqual(form.getlist("x"), ["1", "2"])

    def test_no_content_length_reads_to_eof(self):
        form = cgi.FieldStorage(
            fp=io.BytesIO(b"a=1&b=2"),
            environ={"REQUEST_METHOD": "POST",
                     "CONTENT_TYPE": "application/x-www-form-urlencoded"})
        self.assertEqual(form.getvalue("b"), "2")

    def test_maxlen(self):
        cgi.maxlen = 4
        try:
            with self.assertRaises(ValueError):
                cgi.FieldStorage(fp=io.BytesIO(b"a=12345"), environ=post_environ(
                    "application/x-www-form-urlencoded", b"a=12345"))
        finally:
            cgi.maxlen = 0

    def test_non_form_body_is_a_single_value(self):
        body = b'{"a": 1}'
        form = cgi.FieldStorage(fp=io.BytesIO(body), environ=post_environ(
            "application/json", body))
        self.assertEqual(form.type, "application/json")
        self.assertEqual(form.value, '{"a": 1}')
        self.assertIsNone(form.list)
        with self.assertRaises(TypeError):
            form.keys()
        with self.assertRaises(TypeError):
            form.getvalue("a")


class MultipartTest(unittest.TestCase):
    BOUNDARY = b"----CGILabBoundary7MA4YWxkTrZu0gW"
    ALL_BYTES = bytes(range(256)) * 3

    def make_form(self, body, boundary=None, **extra):
        boundary = boundary or self.BOUNDARY
        ctype = "multipart/form-data; boundary=" + boundary.decode()
        return cgi.FieldStorage(fp=io.BytesIO(body),
                                environ=post_environ(ctype, body, **extra))

    def upload_body(self):
        return multipart(self.BOUNDARY, [
            ([b'Content-Disposition: form-data; name="title"'], b"My file"),
            ([b'Content-Disposition: form-data; name="tag"'], b"a"),
            ([b'Content-Disposition: form-data; name="tag"'], b"b"),
            ([b'Content-Disposition: form-data; name="upload"; '
              b'filename="all-bytes.bin"',
              b"Content-Type: application/octet-stream"], self.ALL_BYTES),
            ([b'Content-Disposition: form-data; name="note"; '
              b'filename="caf\xc3\xa9.txt"',
              b"Content-Type: text/plain"], b"line1\r\nline2\r\n"),
            ([b'Content-Disposition: form-data; name="empty"'], b""),
        ])

    def test_binary_upload_survives(self):
        form = self.make_form(self.upload_body())
        up = form["upload"]
        self.assertEqual(up.filename, "all-bytes.bin")
        self.assertEqual(up.name, "upload")
        self.assertEqual(up.type, "application/octet-stream")
        self.assertEqual(up.value, self.ALL_BYTES)
        self.assertIsInstance(up.value, bytes)
        self.assertEqual(up.file.read(), self.ALL_BYTES)
        self.assertIsInstance(up.headers, Message)
        self.assertEqual(up.headers["content-type"], "application/octet-stream")
        self.assertEqual(up.disposition, "form-data")
        self.assertEqual(up.disposition_options["filename"], "all-bytes.bin")
        self.assertEqual(form.getvalue("upload"), self.ALL_BYTES)

    def test_text_fields_files_and_repeats(self):
        form = self.make_form(self.upload_body())
        self.assertEqual(form.getvalue("title"), "My file")
        self.assertIsInstance(form.getvalue("title"), str)
        self.assertIsNone(form["title"].filename)
        self.assertEqual(form.getlist("tag"), ["a", "b"])
        self.assertEqual(form.getfirst("tag"), "a")
        self.assertEqual(form.getvalue("empty"), "")
        note = form["note"]
        self.assertEqual(note.filename, "caf\u00e9.txt")
        self.assertEqual(note.value, b"line1\r\nline2\r\n")
        self.assertEqual(form.keys(),
                         ["title", "tag", "upload", "note", "empty"])
        self.assertEqual(len(form), 5)
        self.assertTrue(repr(form).startswith("FieldStorage(None, None, ["))

    def test_query_string_fields_first(self):
        form = self.make_form(self.upload_body(), QUERY_STRING="id=7")
        self.assertEqual(form.keys()[0], "id")
        self.assertEqual(form.getvalue("id"), "7")

    def test_large_upload_goes_to_a_temporary_file(self):
        big = os.urandom(200_000)
        body = multipart(self.BOUNDARY, [
            ([b'Content-Disposition: form-data; name="f"; filename="r.bin"'],
             big)])
        form = self.make_form(body)
        self.assertEqual(form["f"].value, big)
        self.assertEqual(form["f"].file.read(), big)

    def test_body_that_looks_like_a_boundary(self):
        tricky = b"--" + self.BOUNDARY + b"X is not a delimiter\r\n--\r\n"
        body = multipart(self.BOUNDARY, [
            ([b'Content-Disposition: form-data; name="f"; filename="t"'],
             tricky)])
        self.assertEqual(self.make_form(body)["f"].value, tricky)

    def test_bare_lf_line_endings(self):
        body = multipart(self.BOUNDARY, [
            ([b'Content-Disposition: form-data; name="a"'], b"1"),
            ([b'Content-Disposition: form-data; name="b"'], b"2"),
        ], newline=b"\n")
        form = self.make_form(body)
        self.assertEqual((form.getvalue("a"), form.getvalue("b")), ("1", "2"))

    def test_respects_content_length(self):
        body = self.upload_body()
        fp = io.BytesIO(body + b"TRAILING")
        ctype = "multipart/form-data; boundary=" + self.BOUNDARY.decode()
        form = cgi.FieldStorage(fp=fp, environ=post_environ(ctype, body))
        self.assertEqual(form.getvalue("upload"), self.ALL_BYTES)
        self.assertEqual(fp.read(), b"TRAILING")

    def test_invalid_boundary(self):
        with self.assertRaises(ValueError):
            self.make_form(b"", boundary=b"bad\x00boundary")

    def test_max_num_fields(self):
        with self.assertRaises(ValueError):
            ctype = "multipart/form-data; boundary=" + self.BOUNDARY.decode()
            body = self.upload_body()
            cgi.FieldStorage(fp=io.BytesIO(body),
                             environ=post_environ(ctype, body),
                             max_num_fields=3)

    def test_parse_multipart(self):
        result = cgi.parse_multipart(
            io.BytesIO(self.upload_body()),
            {"boundary": self.BOUNDARY,
             "CONTENT-LENGTH": str(len(self.upload_body()))})
        self.assertEqual(result["tag"], ["a", "b"])
        self.assertEqual(result["title"], ["My file"])
        self.assertEqual(result["upload"], [self.ALL_BYTES])

    def test_headers_argument_and_context_manager(self):
        body = b"plain text body"
        headers = {"content-type": "text/plain",
                   "content-length": str(len(body))}
        with cgi.FieldStorage(fp=io.BytesIO(body), headers=headers,
                              environ={"REQUEST_METHOD": "POST"}) as form:
            self.assertEqual(form.value, "plain text body")
        with self.assertRaises(TypeError):
            cgi.FieldStorage(fp=io.BytesIO(b""), headers=["x"],
                             environ={"REQUEST_METHOD": "POST"})
        with self.assertRaises(TypeError):
            cgi.FieldStorage(fp=object(), environ={"REQUEST_METHOD": "POST"})


class HelpersTest(unittest.TestCase):
    def test_parse_header(self):
        self.assertEqual(
            cgi.parse_header('form-data; name="a;b"; filename="x \\"y\\".txt"'),
            ("form-data", {"name": "a;b", "filename": 'x "y".txt'}))
        self.assertEqual(cgi.parse_header("text/html; Charset=UTF-8"),
                         ("text/html", {"charset": "UTF-8"}))
        self.assertEqual(cgi.parse_header("text/plain"), ("text/plain", {}))

    def test_valid_boundary(self):
        self.assertTrue(cgi.valid_boundary("abc"))
        self.assertTrue(cgi.valid_boundary(b"----x"))
        self.assertFalse(cgi.valid_boundary("ends with space "))
        self.assertFalse(cgi.valid_boundary("a" * 202))

    def test_parse(self):
        body = b"a=1&b=2"
        env = post_environ("application/x-www-form-urlencoded", body,
                           QUERY_STRING="c=3")
        self.assertEqual(cgi.parse(io.BytesIO(body), env),
                         {"a": ["1"], "b": ["2"], "c": ["3"]})
        self.assertEqual(cgi.parse(environ={"QUERY_STRING": "x=1&x=2"}),
                         {"x": ["1", "2"]})

    def capture(self, func, *args):
        old = sys.stdout
        sys.stdout = io.StringIO()
        try:
            func(*args)
            return sys.stdout.getvalue()
        finally:
            sys.stdout = old

    def test_print_functions_escape_html(self):
        out = self.capture(cgi.print_environ, {"B": "<b>", "A": "1"})
        self.assertIn("<H3>Shell Environment:</H3>", out)
        self.assertIn("&lt;b&gt;", out)
        self.assertLess(out.index("<DT> A"), out.index("<DT> B"))
        form = cgi.FieldStorage(environ={"REQUEST_METHOD": "GET",
                                         "QUERY_STRING": "k=<v>"})
        out = self.capture(cgi.print_form, form)
        self.assertIn("<H3>Form Contents:</H3>", out)
        self.assertIn("&lt;v&gt;", out)
        empty = cgi.FieldStorage(environ={"REQUEST_METHOD": "GET",
                                          "QUERY_STRING": ""})
        self.assertIn("No form fields.", self.capture(cgi.print_form, empty))
        self.assertIn("Current Working Directory",
                      self.capture(cgi.print_directory))
        self.assertIn("QUERY_STRING", self.capture(cgi.print_environ_usage))
        self.assertIn("Command Line Arguments",
                      self.capture(cgi.print_arguments))

    def test_test_function_prints_a_page(self):
        old_err = sys.stderr
        try:
            out = self.capture(cgi.test, {"REQUEST_METHOD": "GET",
                                          "QUERY_STRING": "a=1"})
        finally:
            sys.stderr = old_err
        self.assertTrue(out.startswith("Content-type: text/html\n\n"))
        self.assertIn("MiniFieldStorage('a', '1')", out)

    def test_print_exception(self):
        try:
            raise ValueError("<boom>")
        except ValueError:
            out = self.capture(cgi.print_exception)
        self.assertIn("Traceback (most recent call last)", out)
        self.assertIn("ValueError: &lt;boom&gt;", out)


if __name__ == "__main__":
    unittest.main()
