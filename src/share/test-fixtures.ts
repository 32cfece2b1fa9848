/** Test fixtures: a realistic edited workspace (used by the share and storage tests). */
import { createDefaultFs } from "../server/default-workspace/index.ts";
import { fullLabel } from "../server/selinux-contexts.ts";
import type { Vfs } from "../server/vfs.ts";
import type { ShareRequest } from "./state.ts";

/** A 40-line Python CGI script of the kind a learner writes. */
export const GUESTBOOK_PY = `#!/usr/bin/python3
"""A tiny guestbook: GET shows the form, POST adds an entry."""
import html  # to escape what visitors type
import os
import sys
import urllib.parse

# One name per line; /tmp is writable by the apache user.
ENTRIES = "/tmp/guestbook.txt"


def read_entries():
    try:
        with open(ENTRIES, encoding="utf-8") as f:
            return [line.rstrip("\\n") for line in f]
    except FileNotFoundError:
        return []


def main():
    method = os.environ.get("REQUEST_METHOD", "GET")
    if method == "POST":
        length = int(os.environ.get("CONTENT_LENGTH") or 0)
        form = urllib.parse.parse_qs(sys.stdin.read(length))
        name = form.get("name", ["anonymous"])[0][:80]
        with open(ENTRIES, "a", encoding="utf-8") as f:
            f.write(name + "\\n")
        print("Status: 303 See Other")
        print("Location: /cgi-bin/guestbook.py")
        print()
        return
    print("Content-Type: text/html; charset=utf-8")
    print()
    print("<h1>Guestbook</h1><ul>")
    for entry in read_entries():
        print(f"<li>{html.escape(entry)}</li>")
    print("</ul><form method=post><input name=name><button>Sign</button></form>")


main()
`;

export const REQUEST: ShareRequest = {
  method: "POST",
  target: "/cgi-bin/guestbook.py",
  headers: [
    ["Host", "localhost"],
    ["Content-Type", "application/x-www-form-urlencoded"],
  ],
  body: new TextEncoder().encode("name=Ada+Lovelace"),
};

const clock = () => Date.UTC(2026, 0, 15, 12, 0, 0);

export function baseFs(): Vfs {
  return createDefaultFs({ now: clock });
}

/** The default workspace with the guestbook added and one httpd.conf directive changed. */
export function editedFs(): Vfs {
  const fs = baseFs();
  fs.writeFile("/var/www/cgi-bin/guestbook.py", GUESTBOOK_PY, { mode: 0o755 });
  const conf = fs.readText("/etc/httpd/conf/httpd.conf");
  fs.writeFile("/etc/httpd/conf/httpd.conf", conf.replace("LogLevel warn", "LogLevel debug"));
  return fs;
}

/** A busier workspace: a file edited, one deleted, a mode and a label changed, a directory and a binary file added. */
export function busyFs(): Vfs {
  const fs = editedFs();
  fs.writeFile("/var/www/cgi-bin/hello.py", fs.readText("/var/www/cgi-bin/hello.py").replace("Hello from", "Hi from"));
  fs.remove("/var/www/cgi-bin/form.py");
  fs.chmod("/var/www/cgi-bin/env.py", 0o644);
  fs.setLabel("/var/www/html/index.html", fullLabel("user_home_t"));
  fs.mkdir("/var/www/html/img", { mode: 0o750 });
  fs.writeFile("/var/www/html/img/dot.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0xff, 0xfe]));
  fs.chown("/var/www/html/img/dot.png", "apache", "apache");
  fs.writeFile("/var/log/httpd/error_log", "[error] lots of noise\n");
  return fs;
}
