/** The starting content of /var/www: a home page, and CGI scripts to run. */
export const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Test Page for the Apache HTTP Server on Fedora</title>
</head>
<body>
  <h1>It works: this page is static</h1>
  <p>The web server read <code>/var/www/html/index.html</code> from disk and sent it as it is.
  The pages below are made by programs that the server runs for each request.</p>
  <ul>
    <li><a href="/cgi-bin/hello.py">/cgi-bin/hello.py</a> — a CGI script says hello</li>
    <li><a href="/cgi-bin/env.py?greeting=hi">/cgi-bin/env.py?greeting=hi</a> — the environment a CGI script receives</li>
  </ul>
  <form action="/cgi-bin/form.py" method="post">
    <label>Your name <input name="name" value="Ada"></label>
    <button type="submit">Send with POST</button>
  </form>
</body>
</html>
`;

export const HELLO_PY = `#!/usr/bin/python3
# A CGI program: the server runs it once per request and sends what it prints.
print("Content-Type: text/html")
print()                      # the blank line ends the headers
print("<h1>Hello from a CGI script</h1>")
print('<p><a href="/cgi-bin/env.py?from=hello">See my environment</a></p>')
`;

export const ENV_PY = `#!/usr/bin/python3
# Shows every meta-variable the web server put in this program's environment.
import html
import os

print("Content-Type: text/html")
print()
print("<h1>CGI environment</h1>")
print("<table>")
for name, value in sorted(os.environ.items()):
    print(f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>")
print("</table>")
print('<p><a href="/">Back to the home page</a></p>')
`;

export const FORM_PY = `#!/usr/bin/python3
# Reads a submitted form from stdin (POST) or the query string (GET).
import cgi      # CGI Lab's compatibility module: Python 3.13 removed cgi
import html
import os

form = cgi.FieldStorage()
name = form.getfirst("name", "stranger")

print("Content-Type: text/html")
print()
print(f"<h1>Hello, {html.escape(name)}!</h1>")
print(f"<p>The request method was {html.escape(os.environ['REQUEST_METHOD'])}.</p>")
print('<form method="post"><input name="name"><button>Again</button></form>')
`;
