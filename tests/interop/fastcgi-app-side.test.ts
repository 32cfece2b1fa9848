/**
 * Interop, application side: `cgi-lab fastcgi` (our Pyodide runtime running
 * flup-compat) as a real FastCGI server on TCP, behind REAL web servers:
 * nginx (fastcgi_pass), Apache 2.4 (mod_proxy_fcgi ProxyPass) and libfcgi's
 * cgi-fcgi. Every peer is started here on 127.0.0.1 with free ports in a
 * temporary directory, and stopped by pid afterwards (tests/interop/peers.ts).
 * A missing binary fails the suite; it never skips.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE_FLUP_APP } from "../../src/server/fastcgi/examples.ts";
import { freePort, rawRequest } from "./real-apache.ts";
import { type Peer, removeDir, requireBinary, runCommand, startCgiLabFastcgi, startPeer, STD_PATH, tempDir, waitForPort } from "./peers.ts";

/** Reads the whole body and answers with its length, SHA-256 and the body itself. */
const ECHO_APP = `#!/usr/bin/python3
import hashlib, sys
from flup.server.fcgi import WSGIServer

print('echo app: starting', file=sys.stderr)

def app(environ, start_response):
    n = int(environ.get('CONTENT_LENGTH') or 0)
    body = environ['wsgi.input'].read(n) if n else b''
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('X-Method', environ['REQUEST_METHOD']),
                              ('X-Length', str(len(body))),
                              ('X-Sha256', hashlib.sha256(body).hexdigest())])
    return [body]

WSGIServer(app).run()
`;

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const header = (h: [string, string][], name: string) => h.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe("cgi-lab fastcgi behind real nginx, Apache mod_proxy_fcgi and cgi-fcgi", () => {
  let dir = "";
  const peers: Peer[] = [];
  let article!: Peer & { port: number };
  let echo!: Peer & { port: number };
  let nginxPort = 0;
  let apachePort = 0;

  beforeAll(async () => {
    const nginxBin = requireBinary("nginx");
    const apacheBin = requireBinary("apache2");
    requireBinary("cgiFcgi");
    dir = tempDir("fcgi-app-side");
    writeFileSync(join(dir, "article.py"), ARTICLE_FLUP_APP);
    writeFileSync(join(dir, "echo.py"), ECHO_APP);
    // Two applications, booted in parallel.
    [article, echo] = await Promise.all([startCgiLabFastcgi(join(dir, "article.py")), startCgiLabFastcgi(join(dir, "echo.py"))]);
    peers.push(article, echo);

    // nginx: stand-alone config, foreground master, everything under dir.
    nginxPort = await freePort();
    const nx = join(dir, "nginx");
    for (const d of ["logs", "tmp/body", "tmp/fastcgi", "tmp/proxy", "tmp/uwsgi", "tmp/scgi"]) mkdirSync(join(nx, d), { recursive: true, mode: 0o777 });
    writeFileSync(join(nx, "nginx.conf"), `worker_processes 1;
daemon off;
pid ${nx}/nginx.pid;
error_log ${nx}/logs/error.log info;
events { worker_connections 64; }
http {
    access_log ${nx}/logs/access.log;
    client_body_temp_path ${nx}/tmp/body;
    fastcgi_temp_path ${nx}/tmp/fastcgi;
    proxy_temp_path ${nx}/tmp/proxy;
    uwsgi_temp_path ${nx}/tmp/uwsgi;
    scgi_temp_path ${nx}/tmp/scgi;
    server {
        listen 127.0.0.1:${nginxPort};
        server_name localhost;
        root ${dir};
        location /flup/ {
            include /etc/nginx/fastcgi_params;
            fastcgi_pass 127.0.0.1:${article.port};
        }
        location /echo/ {
            client_max_body_size 10m;
            include /etc/nginx/fastcgi_params;
            fastcgi_pass 127.0.0.1:${echo.port};
        }
    }
}
`);
    const nginx = startPeer("nginx", nginxBin, ["-p", nx, "-c", join(nx, "nginx.conf"), "-e", join(nx, "logs/error.log")]);
    peers.push(nginx);

    // Apache: prefork + mod_proxy_fcgi, stand-alone config, -D FOREGROUND.
    apachePort = await freePort();
    const ap = join(dir, "apache");
    mkdirSync(join(ap, "run"), { recursive: true });
    mkdirSync(join(ap, "logs"), { recursive: true, mode: 0o777 });
    const mod = (m: string) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`;
    writeFileSync(join(ap, "httpd.conf"), `ServerRoot "${ap}"
DefaultRuntimeDir ${ap}/run
PidFile ${ap}/run/httpd.pid
Listen 127.0.0.1:${apachePort}
${["mpm_prefork", "authz_core", "proxy", "proxy_fcgi"].map(mod).join("\n")}
User www-data
Group www-data
ServerName localhost
StartServers 1
MinSpareServers 1
MaxSpareServers 2
ErrorLog ${ap}/logs/error_log
LogLevel warn
ProxyPass "/flup/" "fcgi://127.0.0.1:${article.port}/"
ProxyPass "/echo/" "fcgi://127.0.0.1:${echo.port}/"
`);
    const apache = startPeer("apache2", apacheBin, ["-f", join(ap, "httpd.conf"), "-D", "FOREGROUND"]);
    peers.push(apache);
    await Promise.all([waitForPort(nginxPort, nginx), waitForPort(apachePort, apache)]);
  });

  afterAll(async () => {
    // Web servers first, then the applications.
    for (const p of [...peers].reverse()) await p.stop();
    if (dir) removeDir(dir);
  });

  it("nginx → cgi-lab fastcgi: GET gives 200 and the article's environment table", async () => {
    const r = await rawRequest(nginxPort, "GET", "/flup/test?x=1", [["Host", "localhost"]]);
    const body = text(r.body);
    expect(r.status, body).toBe(200);
    expect(header(r.headers, "Content-Type")).toBe("text/html");
    expect(body).toContain("<h1>FastCGI Environment</h1>");
    expect(body).toContain("<tr><th>REQUEST_METHOD</th><td>GET</td></tr>");
    expect(body).toContain("<tr><th>QUERY_STRING</th><td>x=1</td></tr>");
    expect(body).toContain("<tr><th>REQUEST_URI</th><td>/flup/test?x=1</td></tr>");
    expect(body).toMatch(/<tr><th>SERVER_SOFTWARE<\/th><td>nginx\/[\d.]+<\/td><\/tr>/);
    expect(body).toContain("</table>");
  });

  it("nginx → cgi-lab fastcgi: a POST body arrives whole (form and 100 kB binary)", async () => {
    const form = new TextEncoder().encode("name=world&x=1");
    const r = await rawRequest(nginxPort, "POST", "/echo/form", [["Host", "localhost"], ["Content-Type", "application/x-www-form-urlencoded"]], form);
    expect(r.status, text(r.body)).toBe(200);
    expect(header(r.headers, "X-Method")).toBe("POST");
    expect(text(r.body)).toBe("name=world&x=1");

    const big = new Uint8Array(100_000).map((_, i) => (i * 31 + 7) & 0xff);
    const r2 = await rawRequest(nginxPort, "POST", "/echo/big", [["Host", "localhost"], ["Content-Type", "application/octet-stream"]], big);
    expect(r2.status).toBe(200);
    expect(header(r2.headers, "X-Length")).toBe("100000");
    expect(header(r2.headers, "X-Sha256")).toBe(createHash("sha256").update(big).digest("hex"));
    expect(Buffer.from(r2.body).equals(Buffer.from(big))).toBe(true);

    // And the article's program sees the POST in its table.
    const r3 = await rawRequest(nginxPort, "POST", "/flup/form", [["Host", "localhost"], ["Content-Type", "application/x-www-form-urlencoded"]], form);
    expect(r3.status).toBe(200);
    expect(text(r3.body)).toContain("<tr><th>REQUEST_METHOD</th><td>POST</td></tr>");
    expect(text(r3.body)).toContain("<tr><th>CONTENT_LENGTH</th><td>14</td></tr>");
  });

  it("nginx → cgi-lab fastcgi: ten requests in parallel, each on its own connection", async () => {
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => rawRequest(nginxPort, "GET", `/flup/p${i}?i=${i}`, [["Host", "localhost"]])));
    rs.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(text(r.body)).toContain(`<tr><th>QUERY_STRING</th><td>i=${i}</td></tr>`);
    });
  });

  it("Apache mod_proxy_fcgi → cgi-lab fastcgi: GET gives 200 and the environment table", async () => {
    const r = await rawRequest(apachePort, "GET", "/flup/test?x=1", [["Host", "localhost"]]);
    const body = text(r.body);
    expect(r.status, body).toBe(200);
    expect(header(r.headers, "Content-Type")).toBe("text/html");
    expect(body).toContain("<h1>FastCGI Environment</h1>");
    expect(body).toContain("<tr><th>REQUEST_METHOD</th><td>GET</td></tr>");
    expect(body).toContain(`<tr><th>SCRIPT_FILENAME</th><td>proxy:fcgi://127.0.0.1:${article.port}/test</td></tr>`);
    // mod_proxy_fcgi sends no PATH_INFO and the whole path as SCRIPT_NAME (conformance C5); flup's
    // _sanitizeEnv then sets PATH_INFO to REQUEST_URI's path minus SCRIPT_NAME, i.e. empty.
    expect(body).toContain("<tr><th>SCRIPT_NAME</th><td>/flup/test</td></tr>");
    expect(body).toContain("<tr><th>PATH_INFO</th><td></td></tr>");

    const post = await rawRequest(apachePort, "POST", "/echo/x", [["Host", "localhost"], ["Content-Type", "text/plain"]], new TextEncoder().encode("through apache"));
    expect(post.status).toBe(200);
    expect(text(post.body)).toBe("through apache");
  });

  it("cgi-fcgi -bind -connect → cgi-lab fastcgi: a CGI-like environment in, the table out", async () => {
    const cgiFcgi = requireBinary("cgiFcgi");
    const env = { PATH: STD_PATH, REQUEST_METHOD: "GET", SCRIPT_NAME: "/test", QUERY_STRING: "x=1", REQUEST_URI: "/test?x=1", SERVER_PROTOCOL: "HTTP/1.1", GATEWAY_INTERFACE: "CGI/1.1", SERVER_NAME: "localhost", SERVER_PORT: "80" };
    const r = await runCommand(cgiFcgi, ["-bind", "-connect", `127.0.0.1:${article.port}`], { env });
    const out = r.stdout.toString("utf8");
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(out).toMatch(/^Status: 200 OK\r\nContent-Type: text\/html\r\n\r\n<h1>FastCGI Environment<\/h1>/);
    expect(out).toContain("<tr><th>REQUEST_METHOD</th><td>GET</td></tr>");
    expect(out).toContain("<tr><th>QUERY_STRING</th><td>x=1</td></tr>");

    const body = new TextEncoder().encode("a=1&b=2");
    const p = await runCommand(cgiFcgi, ["-bind", "-connect", `127.0.0.1:${echo.port}`], { env: { ...env, REQUEST_METHOD: "POST", CONTENT_LENGTH: "7", CONTENT_TYPE: "application/x-www-form-urlencoded" }, stdin: body });
    expect(p.stdout.toString("utf8")).toMatch(/^Status: 200 OK\r\n[^]*X-Method: POST\r\n[^]*\r\n\r\na=1&b=2$/);
  });

  it("the application's own output outside requests reaches the terminal; both are still up", () => {
    // Output inside a request (wsgi.errors) travels as STDERR records to the web server instead.
    expect(echo.output()).toContain("echo app: starting\n");
    expect(echo.output()).toMatch(/serves FastCGI on 127\.0\.0\.1:\d+/);
    expect(article.hasExited()).toBe(false);
    expect(echo.hasExited()).toBe(false);
  });
});
