/**
 * Interop, web-server side: the emulated httpd (Node engine, with the
 * external connector) sends requests through mod_proxy_fcgi to REAL FastCGI
 * applications listening on 127.0.0.1: php-fpm 8.2 and fcgiwrap running a
 * shell and a python3 CGI script. Both are started here in the foreground
 * with stand-alone configs in a temporary directory and stopped by pid.
 * A missing binary fails the suite; it never skips.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEndRequestBody, RecordType } from "../../src/protocol/fastcgi/index.ts";
import type { HttpRequest } from "../../src/protocol/http-message.ts";
import { createNodeEngine, type NodeEngine } from "../../src/cli/node-engine.ts";
import { serve } from "../../src/cli/serve-command.ts";
import type { ProcessRunner } from "../../src/runtime/process.ts";
import type { Exchange } from "../../src/server/exchange.ts";
import { appendHttpdConf } from "../../src/server/fastcgi/examples.ts";
import { freePort, rawRequest } from "./real-apache.ts";
import { type Peer, removeDir, requireBinary, startPeer, tempDir, waitForPort } from "./peers.ts";

const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const header = (h: readonly (readonly [string, string])[], name: string) => h.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

const HELLO_PHP = `<?php
header("Content-Type: text/plain");
echo "method=" . $_SERVER['REQUEST_METHOD'] . "\\n";
echo "name=" . ($_POST['name'] ?? '') . "\\n";
echo "script=" . $_SERVER['SCRIPT_FILENAME'] . "\\n";
`;
const MISSING_PHP = `<?php http_response_code(404); header("Content-Type: text/plain"); echo "nothing here\\n";`;

const HELLO_SH = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
echo "method=$REQUEST_METHOD"
echo "query=$QUERY_STRING"
echo "shell stderr line" >&2
`;
const ECHO_PY = `#!/usr/bin/python3
import os, sys
n = int(os.environ.get('CONTENT_LENGTH') or 0)
body = sys.stdin.buffer.read(n)
sys.stdout.buffer.write(b'Status: 201 Created\\r\\nContent-Type: text/plain\\r\\n\\r\\n')
sys.stdout.buffer.write(b'python3 got ' + str(len(body)).encode() + b' bytes: ' + body)
`;

function req(method: string, target: string, headers: [string, string][] = [], body = new Uint8Array()): HttpRequest {
  return { method, target, version: "HTTP/1.1", headers: [["Host", "localhost"], ...headers], body, remoteAddr: "127.0.0.1", remotePort: 50100, localAddr: "127.0.0.1", localPort: 80 };
}

/** The captured records start with BEGIN_REQUEST (to the app) and end with the app's END_REQUEST, protocolStatus 0. */
function checkRecords(ex: Exchange): void {
  const recs = ex.fastcgi?.[0]?.records ?? [];
  expect(recs.length).toBeGreaterThan(4);
  expect(recs[0]!.direction).toBe("to-app");
  expect(recs[0]!.bytes[1]).toBe(RecordType.BEGIN_REQUEST);
  const last = recs[recs.length - 1]!;
  expect(last.direction).toBe("from-app");
  expect(last.bytes[1]).toBe(RecordType.END_REQUEST);
  const end = decodeEndRequestBody(last.bytes.subarray(8, 16));
  expect(end.ok && end.value.protocolStatus).toBe(0);
  expect(recs.some((r) => r.direction === "from-app" && r.bytes[1] === RecordType.STDOUT)).toBe(true);
}

async function engineWith(conf: string): Promise<NodeEngine> {
  // No Python is needed: the applications are real processes.
  const engine = createNodeEngine({ runner: null as unknown as ProcessRunner });
  appendHttpdConf(engine.httpd.fs, conf);
  const r = await engine.httpd.apachectl("restart");
  if (!r.ok) throw new Error(`emulated httpd did not restart: ${r.output}`);
  return engine;
}

describe("emulated httpd → real php-fpm and fcgiwrap over TCP", () => {
  let dir = "";
  const peers: Peer[] = [];
  let phpPort = 0;
  let wrapPort = 0;
  let php!: NodeEngine;
  let wrap!: NodeEngine;

  beforeAll(async () => {
    const phpFpm = requireBinary("phpFpm");
    const fcgiwrap = requireBinary("fcgiwrap");
    requireBinary("python3");
    dir = tempDir("fcgi-server-side");
    const www = join(dir, "www");
    const cgiBin = join(dir, "cgi-bin");
    mkdirSync(www, { mode: 0o755 });
    mkdirSync(cgiBin, { mode: 0o755 });
    writeFileSync(join(www, "hello.php"), HELLO_PHP);
    writeFileSync(join(www, "missing.php"), MISSING_PHP);
    for (const [name, body] of [["hello.sh", HELLO_SH], ["echo.py", ECHO_PY]] as const) {
      writeFileSync(join(cgiBin, name), body);
      chmodSync(join(cgiBin, name), 0o755);
    }

    [phpPort, wrapPort] = [await freePort(), await freePort()];
    writeFileSync(join(dir, "php-fpm.conf"), `[global]
pid = ${dir}/php-fpm.pid
error_log = ${dir}/php-fpm.log
daemonize = no

[www]
user = www-data
group = www-data
listen = 127.0.0.1:${phpPort}
pm = static
pm.max_children = 2
`);
    const fpm = startPeer("php-fpm", phpFpm, ["-n", "-F", "-O", "-p", dir, "-y", join(dir, "php-fpm.conf")]);
    // -c 1 (the default): one process, no preforked children left behind.
    const fw = startPeer("fcgiwrap", fcgiwrap, ["-f", "-s", `tcp:127.0.0.1:${wrapPort}`]);
    peers.push(fpm, fw);
    await Promise.all([waitForPort(phpPort, fpm), waitForPort(wrapPort, fw)]);

    const proxy = "LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n";
    // php-fpm strips "proxy:fcgi://host:port" from SCRIPT_FILENAME (the FPM backend type, the default).
    php = await engineWith(`${proxy}ProxyPass "/php/" "fcgi://127.0.0.1:${phpPort}${www}/"\n`);
    // fcgiwrap runs SCRIPT_FILENAME as it is: the GENERIC backend type sends the bare path.
    wrap = await engineWith(`${proxy}ProxyFCGIBackendType GENERIC\nProxyPass "/cgi/" "fcgi://127.0.0.1:${wrapPort}${cgiBin}/"\n`);
  });

  afterAll(async () => {
    for (const p of peers) await p.stop();
    if (dir) removeDir(dir);
  });

  it("php-fpm: GET gives 200 and PHP's output; records run BEGIN_REQUEST … END_REQUEST", async () => {
    const ex = await php.request(req("GET", "/php/hello.php?x=1"));
    const body = text(ex.response.body);
    expect(ex.response.status, body + ex.errorLog.join("\n")).toBe(200);
    expect(body).toBe(`method=GET\nname=\nscript=${dir}/www/hello.php\n`);
    expect(header(ex.response.headers, "X-Powered-By")).toMatch(/^PHP\/8\.2\./);
    expect(ex.fastcgi?.[0]?.module).toBe("proxy_fcgi");
    expect(ex.fastcgi?.[0]?.env).toContainEqual(["SCRIPT_FILENAME", `proxy:fcgi://127.0.0.1:${phpPort}${dir}/www/hello.php`]);
    checkRecords(ex);
  });

  it("php-fpm: a POST field reaches $_POST; a 404 from PHP passes through", async () => {
    const form = enc.encode("name=world&x=1");
    const ex = await php.request(req("POST", "/php/hello.php", [["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", String(form.length)]], form));
    expect(ex.response.status).toBe(200);
    expect(text(ex.response.body)).toContain("method=POST\nname=world\n");
    checkRecords(ex);

    const nf = await php.request(req("GET", "/php/missing.php"));
    expect(nf.response.status).toBe(404);
    expect(text(nf.response.body)).toBe("nothing here\n");
  });

  it("`serve` (real HTTP in front of the emulated httpd) reaches php-fpm too", async () => {
    const port = await freePort();
    const close = await serve(php, { host: "127.0.0.1", port }, () => undefined);
    try {
      const form = enc.encode("name=over+http");
      const r = await rawRequest(port, "POST", "/php/hello.php", [["Host", "localhost"], ["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", String(form.length)]], form);
      expect(r.status).toBe(200);
      expect(text(r.body)).toContain("method=POST\nname=over http\n");
    } finally {
      await close();
    }
  });

  it("fcgiwrap: a shell CGI script; its stderr comes back as STDERR records (AH01071)", async () => {
    const ex = await wrap.request(req("GET", "/cgi/hello.sh?a=1&b=2"));
    const body = text(ex.response.body);
    expect(ex.response.status, body + ex.errorLog.join("\n")).toBe(200);
    expect(body).toBe("method=GET\nquery=a=1&b=2\n");
    expect(ex.errorLog.join("\n")).toContain("AH01071: Got error 'shell stderr line'");
    checkRecords(ex);
  });

  it("fcgiwrap: a python3 CGI script reads the POST body and sets Status", async () => {
    const body = enc.encode("x".repeat(5000) + "END");
    const ex = await wrap.request(req("POST", "/cgi/echo.py", [["Content-Type", "text/plain"], ["Content-Length", String(body.length)]], body));
    expect(ex.response.status, text(ex.response.body) + ex.errorLog.join("\n")).toBe(201);
    expect(text(ex.response.body)).toBe(`python3 got 5003 bytes: ${"x".repeat(5000)}END`);
    checkRecords(ex);
  });

  it("nothing listening on a 127.0.0.1 port: 503 with Apache's connect errors", async () => {
    const port = await freePort();
    const engine = await engineWith(`LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\nProxyPass "/gone/" "fcgi://127.0.0.1:${port}/"\n`);
    const ex = await engine.request(req("GET", "/gone/x"));
    expect(ex.response.status).toBe(503);
    expect(ex.errorLog.join("\n")).toContain(`(111)Connection refused: AH00957: FCGI: attempt to connect to 127.0.0.1:${port} (127.0.0.1) failed`);
  });
});
