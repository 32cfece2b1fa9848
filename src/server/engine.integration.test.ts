/**
 * The runtime's promises, proved through the whole engine (Httpd + real
 * Pyodide): fresh interpreters for CGI, byte-exact streams, limits, the
 * compatibility modules and a SQLite script whose data outlives a reload.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import type { HttpRequest } from "../protocol/http-message.ts";
import { collectStream } from "../runtime/process.ts";
import { createNodeRunner } from "../runtime/python/node.ts";
import { createDefaultFs } from "./default-workspace/index.ts";
import { Httpd } from "./httpd.ts";
import { Vfs } from "./vfs.ts";

const runner = createNodeRunner();
afterAll(() => runner.dispose());
const enc = new TextEncoder();
const dec = new TextDecoder();

function machine(scripts: Record<string, string>, conf?: (c: string) => string): Httpd {
  const fs = createDefaultFs();
  for (const [name, text] of Object.entries(scripts)) fs.writeFile(`/var/www/cgi-bin/${name}`, text, { mode: 0o755 });
  if (conf) fs.writeFile("/etc/httpd/conf/httpd.conf", conf(fs.readText("/etc/httpd/conf/httpd.conf")));
  return new Httpd({ fs, runner, connections: runner });
}

let port = 41000;
function req(target: string, o: { method?: string; headers?: [string, string][]; body?: Uint8Array } = {}): HttpRequest {
  const body = o.body ?? new Uint8Array();
  const headers: [string, string][] = [["Host", "localhost"], ...(o.headers ?? [])];
  if (o.body) headers.push(["Content-Length", String(body.length)]);
  return { method: o.method ?? (o.body ? "POST" : "GET"), target, version: "HTTP/1.1", headers, body, remoteAddr: "127.0.0.1", remotePort: port++, localAddr: "127.0.0.1", localPort: 80 };
}
const text = (b: Uint8Array) => dec.decode(b);

describe("CGI through the engine: one fresh interpreter per request", () => {
  const httpd = machine({
    "counter.py": "#!/usr/bin/python3\nimport sys\ncount = getattr(sys, 'cgi_lab_count', 0) + 1\nsys.cgi_lab_count = count\nprint('Content-Type: text/plain')\nprint()\nprint(count)\n",
  });
  it("a module-level counter reads 1 on every request", async () => {
    for (let i = 0; i < 4; i++) {
      const ex = await httpd.handle(req("/cgi-bin/counter.py"));
      expect(ex.response.status).toBe(200);
      expect(text(ex.response.body)).toBe("1\n");
    }
  });
});

describe("byte-exact streams", () => {
  const httpd = machine({
    "bytes.py": "#!/usr/bin/python3\nimport sys\nsys.stdout.buffer.write(b'Content-Type: application/octet-stream\\n\\n' + bytes(range(256)))\n",
    "hash.py": "#!/usr/bin/python3\nimport hashlib, os, sys\nbody = sys.stdin.buffer.read(int(os.environ['CONTENT_LENGTH']))\nrest = sys.stdin.buffer.read()\nprint('Content-Type: text/plain')\nprint()\nprint(hashlib.sha256(body).hexdigest(), len(body), len(rest))\n",
  });
  it("a script writing all 256 byte values comes back identical", async () => {
    const ex = await httpd.handle(req("/cgi-bin/bytes.py"));
    expect(Array.from(ex.response.body)).toEqual(Array.from({ length: 256 }, (_, i) => i));
    // The capture holds the same bytes the script wrote, header included.
    expect(Array.from(collectStream(ex.cgi!.chunks, "stdout").subarray(ex.cgi!.bodyOffset!))).toEqual(Array.from(ex.response.body));
  });
  it("a 1 MB binary POST reaches stdin byte for byte, then EOF", async () => {
    const body = new Uint8Array(1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7919 + (i >> 8)) & 0xff;
    const ex = await httpd.handle(req("/cgi-bin/hash.py", { body, headers: [["Content-Type", "application/octet-stream"]] }));
    const want = createHash("sha256").update(body).digest("hex");
    expect(text(ex.response.body)).toBe(`${want} 1048576 0\n`);
    expect(ex.cgi!.stdin.length).toBe(1048576);
  });
});

describe("limits and failures", () => {
  const httpd = machine(
    {
      "loop.py": "#!/usr/bin/python3\nwhile True: pass\n",
      "hog.py": "#!/usr/bin/python3\nchunks = []\nwhile True: chunks.append(bytearray(50 * 1024 * 1024))\n",
      "ok.py": "#!/usr/bin/python3\nprint('Content-Type: text/plain')\nprint()\nprint('fine')\n",
    },
    (c) => c.replace(/^Timeout \d+$/m, "Timeout 3"),
  );
  it("`while True: pass` with Timeout 3 gives 504 with Apache's lines, and the next request succeeds", async () => {
    const ex = await httpd.handle(req("/cgi-bin/loop.py"));
    expect(ex.response.status).toBe(504);
    expect(ex.errorLog.some((l) => l.includes("[cgi:warn]") && l.endsWith("AH01220: Timeout waiting for output from CGI script /var/www/cgi-bin/loop.py"))).toBe(true);
    expect(ex.errorLog.at(-1)).toMatch(/\[cgi:error\] .* Script timed out before returning headers: loop\.py$/);
    expect(ex.cgi!.end).toEqual({ kind: "killed", reason: "Timeout 3s" });
    const next = await httpd.handle(req("/cgi-bin/ok.py"));
    expect(next.response.status).toBe(200);
    expect(text(next.response.body)).toBe("fine\n");
  });
  it("a script allocating without bound fails cleanly: 500, MemoryError in error_log, next request fine", async () => {
    const ex = await httpd.handle(req("/cgi-bin/hog.py"));
    expect(ex.response.status).toBe(500);
    expect(ex.errorLog.some((l) => l.includes("MemoryError"))).toBe(true);
    expect((await httpd.handle(req("/cgi-bin/ok.py"))).response.status).toBe(200);
  });
});

describe("the compatibility modules: cgi and cgitb", () => {
  const form = "#!/usr/bin/python3\nimport cgi\nf = cgi.FieldStorage()\nprint('Content-Type: text/plain')\nprint()\nfor k in sorted(f.keys()):\n    item = f[k]\n    if isinstance(item, list):\n        print(k, [i.value for i in item])\n    elif item.filename:\n        print(k, item.filename, item.type, len(item.value), item.value[:4])\n    else:\n        print(k, repr(item.value))\n";
  const httpd = machine({
    "form.py": form,
    "boom.py": "#!/usr/bin/python3\nimport cgitb; cgitb.enable()\nprint('Content-Type: text/html')\nprint()\ndef divide(a, b):\n    return a / b\ndivide(1, 0)\n",
  });
  it("FieldStorage reads a query string", async () => {
    const ex = await httpd.handle(req("/cgi-bin/form.py?name=Ada&tag=a&tag=b"));
    expect(text(ex.response.body)).toBe("name 'Ada'\ntag ['a', 'b']\n");
  });
  it("FieldStorage reads an urlencoded POST", async () => {
    const ex = await httpd.handle(req("/cgi-bin/form.py", { body: enc.encode("name=Grace+Hopper&x=%26"), headers: [["Content-Type", "application/x-www-form-urlencoded"]] }));
    expect(text(ex.response.body)).toBe("name 'Grace Hopper'\nx '&'\n");
  });
  it("FieldStorage reads multipart with a file upload", async () => {
    const b = "----cgilab";
    const file = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 13, 10, 255]);
    const parts = [
      enc.encode(`--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nholiday\r\n`),
      enc.encode(`--${b}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`),
      file,
      enc.encode(`\r\n--${b}--\r\n`),
    ];
    const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) body.set(p, (at += p.length) - p.length);
    const ex = await httpd.handle(req("/cgi-bin/form.py", { body, headers: [["Content-Type", `multipart/form-data; boundary=${b}`]] }));
    expect(text(ex.response.body)).toBe("photo p.png image/png 8 b'\\x89PNG'\ntitle 'holiday'\n");
  });
  it("cgitb.enable() turns an exception into the HTML traceback page", async () => {
    const ex = await httpd.handle(req("/cgi-bin/boom.py"));
    expect(ex.response.status).toBe(200);
    const page = text(ex.response.body);
    expect(page).toContain("ZeroDivisionError");
    expect(page).toContain("divide");
    expect(page).toContain("return a / b");
    expect(page).toMatch(/<!-- .*Traceback/s);
  });
});

describe("SQLite in the workspace", () => {
  const search = `#!/usr/bin/python3
import cgi, html, os, sqlite3
os.makedirs("/var/www/data", exist_ok=True)
db = sqlite3.connect("/var/www/data/books.db")
db.execute("CREATE TABLE IF NOT EXISTS books (title TEXT)")
form = cgi.FieldStorage()
if "add" in form:
    db.execute("INSERT INTO books VALUES (?)", (form.getfirst("add"),))
    db.commit()
q = form.getfirst("q", "")
rows = db.execute("SELECT title FROM books WHERE title LIKE ? ORDER BY title", ("%" + q + "%",)).fetchall()
print("Content-Type: text/plain")
print()
print("|".join(r[0] for r in rows))
`;
  it("a search script's writes land in the workspace and survive a reload", async () => {
    const httpd = machine({ "search.py": search });
    // The data directory must be writable by apache, as on a real server.
    httpd.fs.mkdir("/var/www/data", { owner: "apache", group: "apache", mode: 0o755 });
    await httpd.handle(req("/cgi-bin/search.py?add=Dune"));
    await httpd.handle(req("/cgi-bin/search.py?add=Emma"));
    expect(text((await httpd.handle(req("/cgi-bin/search.py?q=un"))).response.body)).toBe("Dune\n");
    expect(httpd.fs.stat("/var/www/data/books.db")?.owner).toBe("apache");
    // A reload: the saved workspace is restored into a new machine.
    const saved = JSON.parse(JSON.stringify(httpd.fs.serialize(), (_k, v: unknown) => (v instanceof Uint8Array ? { bytes: Array.from(v) } : v)), (_k, v: { bytes?: number[] }) => (v && Array.isArray(v.bytes) ? new Uint8Array(v.bytes) : v));
    const again = new Httpd({ fs: Vfs.restore(saved), runner, connections: runner });
    expect(text((await again.handle(req("/cgi-bin/search.py"))).response.body)).toBe("Dune|Emma\n");
  });
  it("a directory apache cannot write keeps the database out, as on Unix", async () => {
    const httpd = machine({ "search.py": search });
    httpd.fs.mkdir("/var/www/data", { mode: 0o755 }); // owned by root
    const ex = await httpd.handle(req("/cgi-bin/search.py?add=Dune"));
    expect(ex.response.status).toBe(500);
    expect(ex.errorLog.join("\n")).toContain("sqlite3.OperationalError");
    expect(httpd.fs.exists("/var/www/data/books.db")).toBe(false);
  });
});
