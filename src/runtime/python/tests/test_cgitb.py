"""Tests for CGI Lab's compatibility ``cgitb`` module.

In-process tests use Hook/html/text directly; ProcessTest runs real scripts
in a child interpreter so that an exception really escapes and
sys.excepthook is what reports it (skipped under Pyodide, which cannot
spawn processes; the Pyodide run leaves this class out).
"""

import io
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unittest

import compat_support
import cgitb

RESET = ('<!--: spam\nContent-Type: text/html\n\n'
         '<body bgcolor="#f0f0f8"><font color="#f0f0f8" size="-5"> -->\n'
         '<body bgcolor="#f0f0f8"><font color="#f0f0f8" size="-5"> --> -->\n'
         '</font> </font> </font> </script> </object> </blockquote> </pre>\n'
         '</table> </table> </table> </table> </table> </font> </font> </font>')


def failing_function(numerator, denominator):
    ratio = numerator / denominator  # the failing line
    return ratio


def exc_info_of(func, *args):
    try:
        func(*args)
    except Exception:
        return sys.exc_info()
    raise AssertionError("no exception")


def highlighted_rows(page):
    """Source lines marked '=>' in an HTML report, as plain text."""
    rows = re.findall(r'<td bgcolor="#ffccee"><tt>=&gt;(.*?)</tt>', page)
    return [re.sub(r"<[^>]+>", "", r).replace("&nbsp;", " ") for r in rows]


class InProcessTest(unittest.TestCase):
    def test_module_identity(self):
        self.assertTrue(os.path.abspath(cgitb.__file__).startswith(
            compat_support.SITE_PACKAGES))
        self.assertIn("CGI Lab", cgitb.__doc__)
        self.assertIn("production", cgitb.__doc__)

    def test_reset_string(self):
        self.assertEqual(cgitb.reset(), RESET)

    def test_html_report(self):
        page = cgitb.html(exc_info_of(failing_function, 1, 0), context=5)
        self.assertIn("<strong>ZeroDivisionError</strong>", page)
        self.assertIn("division by zero", page)
        self.assertIn("Python %s" % sys.version.split()[0], page)
        self.assertIn("A problem occurred in a Python script.", page)
        self.assertIn("<strong>failing_function</strong>(numerator=1, "
                      "denominator=0)", page)
        rows = highlighted_rows(page)
        self.assertTrue(any("ratio = numerator / denominator" in r
                            for r in rows), rows)
        self.assertIn("<strong>numerator</strong>&nbsp;= 1", page)
        self.assertIn("ratio <em>undefined</em>", page)
        self.assertIn(os.path.abspath(__file__), page)
        # the plain traceback hides in a comment at the end
        comment = page[page.index("<!-- The above is a description"):]
        self.assertIn("Traceback (most recent call last):", comment)
        self.assertTrue(comment.rstrip().endswith("-->"))

    def test_html_escapes_values(self):
        def bad(text):
            raise ValueError(text)
        page = cgitb.html(exc_info_of(bad, "<script>x</script>"))
        self.assertNotIn("<script>x</script>", page)
        self.assertIn("&lt;script&gt;", page)

    def test_context_lines(self):
        info = exc_info_of(failing_function, 1, 0)
        one = cgitb.text(info, context=1)
        block = one[one.index("in failing_function"):]
        self.assertRegex(block, r"=>\s+\d+\s+ratio = numerator / denominator")
        self.assertNotIn("def failing_function", block.split("\n\n")[0])
        seven = cgitb.text(info, context=7)
        self.assertIn("def failing_function", seven)

    def test_text_report(self):
        report = cgitb.text(exc_info_of(failing_function, 3, 0))
        self.assertTrue(report.startswith("ZeroDivisionError\nPython "))
        self.assertRegex(report,
                         r"=>\s+\d+     ratio = numerator / denominator")
        self.assertIn("in failing_function(numerator=3, denominator=0)",
                      report)
        self.assertIn("numerator = 3", report)
        self.assertIn("ZeroDivisionError: division by zero", report)
        self.assertIn("the original traceback:", report)

    def test_hook_html_writes_reset_then_report(self):
        out = io.StringIO()
        hook = cgitb.Hook(file=out)
        hook(*exc_info_of(failing_function, 1, 0))
        text = out.getvalue()
        self.assertTrue(text.startswith(RESET))
        self.assertIn("ZeroDivisionError", text)

    def test_hook_text_has_no_reset(self):
        out = io.StringIO()
        cgitb.Hook(file=out, format="text").handle(
            exc_info_of(failing_function, 1, 0))
        self.assertTrue(out.getvalue().startswith("ZeroDivisionError\n"))
        self.assertNotIn("<!--", out.getvalue())

    def test_display_zero(self):
        out = io.StringIO()
        cgitb.Hook(display=0, file=out).handle(
            exc_info_of(failing_function, 1, 0))
        self.assertEqual(out.getvalue(),
                         RESET + "<p>A problem occurred in a Python script.\n")

    def test_logdir(self):
        with tempfile.TemporaryDirectory() as logdir:
            out = io.StringIO()
            cgitb.Hook(display=0, logdir=logdir, file=out).handle(
                exc_info_of(failing_function, 1, 0))
            files = os.listdir(logdir)
            self.assertEqual(len(files), 1)
            self.assertTrue(files[0].endswith(".html"))
            path = os.path.join(logdir, files[0])
            with open(path, encoding="utf-8") as saved:
                self.assertIn("ZeroDivisionError", saved.read())
            self.assertIn("<p>%s contains the description of this error.</p>"
                          % path, out.getvalue())

            out = io.StringIO()
            cgitb.Hook(logdir=logdir, file=out, format="text").handle(
                exc_info_of(failing_function, 1, 0))
            txt = [f for f in os.listdir(logdir) if f.endswith(".txt")]
            self.assertEqual(len(txt), 1)
            self.assertTrue(out.getvalue().rstrip().endswith(
                "contains the description of this error."))

    def test_handler_uses_current_exception(self):
        out = io.StringIO()
        old = sys.stdout
        sys.stdout = out
        try:
            try:
                {}["missing"]
            except KeyError:
                cgitb.handler()
        finally:
            sys.stdout = old
        self.assertIn("KeyError", out.getvalue())

    def test_enable_installs_excepthook(self):
        old = sys.excepthook
        try:
            cgitb.enable(display=0, context=3, format="text")
            hook = sys.excepthook
            self.assertIsInstance(hook, cgitb.Hook)
            self.assertEqual((hook.display, hook.context, hook.format,
                              hook.logdir), (0, 3, "text", None))
        finally:
            sys.excepthook = old

    def test_broken_repr_does_not_break_the_report(self):
        class Nasty:
            def __repr__(self):
                raise RuntimeError("no repr")

        def use(thing):
            raise ValueError("x")
        page = cgitb.html(exc_info_of(use, Nasty()))
        self.assertIn("unrepresentable", page)


@unittest.skipUnless(compat_support.CAN_SPAWN, "needs subprocesses")
class ProcessTest(unittest.TestCase):
    """An exception escapes a real script run by a real interpreter."""

    def run_script(self, source, **env):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "script.py")
            with open(path, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(source))
            proc = subprocess.run(
                [sys.executable, path], capture_output=True, timeout=60,
                env=compat_support.subprocess_env(**env), cwd=tmp)
            return proc, path

    ARTICLE_STYLE = """\
        import cgitb; cgitb.enable()
        print("Content-Type: text/html")
        print()
        print("<table><tr><td>half a page")

        def divide(a, b):
            return a / b

        divide(1, 0)
        """

    def test_uncaught_exception_becomes_a_page(self):
        proc, path = self.run_script(self.ARTICLE_STYLE)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stderr, b"")
        out = proc.stdout.decode("utf-8")
        self.assertTrue(out.startswith(
            "Content-Type: text/html\n\n<table><tr><td>half a page\n" + RESET))
        self.assertIn("<strong>ZeroDivisionError</strong>", out)
        self.assertIn(path, out)
        rows = highlighted_rows(out)
        self.assertTrue(any("return a / b" in r for r in rows), rows)
        self.assertTrue(any("divide(1, 0)" in r for r in rows), rows)

    def test_exception_before_any_output_still_gives_headers(self):
        proc, _ = self.run_script("""\
            import cgitb; cgitb.enable()
            undefined_name
            """)
        out = proc.stdout.decode("utf-8")
        self.assertTrue(out.startswith(RESET))
        # What a CGI server reads as the header block: '<!--: spam' and
        # 'Content-Type: text/html', then the blank line.
        head, _, body = out.partition("\n\n")
        self.assertEqual(head.split("\n"),
                         ["<!--: spam", "Content-Type: text/html"])
        self.assertIn("NameError", body)
        self.assertIn("undefined_name", body)

    def test_text_format_and_logdir(self):
        with tempfile.TemporaryDirectory() as logdir:
            proc, _ = self.run_script("""\
                import cgitb, sys
                cgitb.enable(format="text", logdir=sys.argv[0] and %r)
                print("Content-Type: text/plain")
                print()
                int("not a number")
                """ % logdir)
            out = proc.stdout.decode("utf-8")
            self.assertNotIn("<!--", out)
            self.assertIn("ValueError\nPython ", out)
            self.assertRegex(out, r'=>\s+\d+ int\("not a number"\)')
            saved = os.listdir(logdir)
            self.assertEqual(len(saved), 1)
            self.assertTrue(saved[0].endswith(".txt"))
            self.assertIn("contains the description of this error.", out)

    def test_display_zero_hides_details(self):
        proc, _ = self.run_script("""\
            import cgitb; cgitb.enable(display=0)
            secret = "password123"
            raise RuntimeError(secret)
            """)
        out = proc.stdout.decode("utf-8")
        self.assertTrue(out.endswith(
            "<p>A problem occurred in a Python script.\n"))
        self.assertNotIn("password123", out)


if __name__ == "__main__":
    unittest.main()
