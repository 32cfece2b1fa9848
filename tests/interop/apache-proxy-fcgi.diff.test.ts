/**
 * Differential suite, mod_proxy_fcgi: real Apache 2.4 and the emulated httpd
 * (Node engine, external connector) proxy the same requests to the same
 * real FastCGI application — fcgiwrap on 127.0.0.1 running shell scripts
 * that print header blocks byte for byte, including broken ones. Status,
 * headers, body and the error_log messages must agree: this is httpd's
 * script-header scanner as mod_proxy_fcgi calls it.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeEngine, type NodeEngine } from "../../src/cli/node-engine.ts";
import type { HttpRequest } from "../../src/protocol/http-message.ts";
import type { ProcessRunner } from "../../src/runtime/process.ts";
import { appendHttpdConf } from "../../src/server/fastcgi/examples.ts";
import { type Peer, removeDir, requireBinary, startPeer, tempDir, waitForPort } from "./peers.ts";
import { freePort, startApache, type RealApache } from "./real-apache.ts";
import { comparableHeaders, makeNormalizer } from "./normalize.ts";

/** Each script prints exactly these bytes (printf: \r, \n and \t as escapes), and nothing on stderr. */
const SCRIPTS: Record<string, string> = {
  plain: String.raw`Content-Type: text/plain\r\n\r\nhello\n`,
  lf_only: String.raw`Content-Type: text/plain\nX-One: 1\n\nbody\n`,
  status_reason: String.raw`Status: 404 Nowhere\r\nContent-Type: text/plain\r\n\r\nnot here\n`,
  status_bare: String.raw`Status: 503\r\nContent-Type: text/plain\r\n\r\nbusy\n`,
  status_bad: String.raw`Status: abc\r\nContent-Type: text/plain\r\n\r\nx\n`,
  status_999: String.raw`Status: 999 Odd\r\nContent-Type: text/plain\r\n\r\nx\n`,
  malformed: String.raw`This is a test\r\n\r\nbody\n`,
  malformed_later: String.raw`Content-Type: text/plain\r\nX-Ok: 1\r\nOops no colon here\r\n\r\nbody\n`,
  no_blank_line: String.raw`Content-Type: text/plain\r\n`,
  empty: "",
  body_only: String.raw`\r\nbare body\n`,
  repeated: String.raw`Content-Type: text/plain\r\nX-Rep: a\r\nX-Rep: b\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nx\n`,
  wrong_length: String.raw`Content-Type: text/plain\r\nContent-Length: 999\r\n\r\nshort\n`,
  location_abs: String.raw`Location: http://example.com/elsewhere\r\n\r\n`,
  location_status: String.raw`Status: 301 Moved\r\nLocation: http://example.com/moved\r\nContent-Type: text/plain\r\n\r\nmoved\n`,
  content_type_case: String.raw`content-type: Text/HTML; Charset=ISO-8859-1\r\n\r\n<p>x</p>\n`,
  space_in_name: String.raw`Content-Type: text/plain\r\nBad Name: v\r\n\r\nx\n`,
};

/**
 * Scripts are named *.txt: fcgiwrap runs any executable, and both servers map
 * .txt to text/plain, so where Apache falls back to the file's own type the
 * two agree (Debian's and Fedora's mime.types differ on .sh).
 */
const EXT = ".txt";

const shell = (bytes: string) => `#!/bin/sh\nprintf '${bytes.replace(/'/g, "'\\''").replace(/%/g, "%%")}'\n`;

function emulatedRequest(target: string): HttpRequest {
  return { method: "GET", target, version: "HTTP/1.1", headers: [["Host", "localhost"]], body: new Uint8Array(), remoteAddr: "127.0.0.1", remotePort: 50200, localAddr: "127.0.0.1", localPort: 80 };
}

/** error_log lines as "[module:level] message", without times, pids, clients and Apache's AH code for "Error parsing script headers" variants. */
function messages(lines: string[], scripts: string): string[] {
  return lines
    .map((l) => l.replace(/^\[[^\]]+\] /, "").replace(/\[pid \d+(:tid \d+)?\] /, "").replace(/\[client [\d.]+:\d+\] /, ""))
    .map((l) => l.split(scripts).join("SCRIPTS"))
    .filter((l) => /^\[(proxy_fcgi|proxy|core|http):/.test(l));
}

describe("emulator against real Apache 2.4 (mod_proxy_fcgi → fcgiwrap)", () => {
  let dir = "";
  let scripts = "";
  let wrap: Peer | null = null;
  let apache: RealApache | null = null;
  let engine!: NodeEngine;

  beforeAll(async () => {
    const fcgiwrap = requireBinary("fcgiwrap");
    dir = tempDir("proxy-fcgi-diff");
    scripts = join(dir, "fcgi-bin");
    mkdirSync(scripts, { mode: 0o755 });
    for (const [name, bytes] of Object.entries(SCRIPTS)) {
      writeFileSync(join(scripts, name + EXT), shell(bytes));
      chmodSync(join(scripts, name + EXT), 0o755);
    }
    const port = await freePort();
    wrap = startPeer("fcgiwrap", fcgiwrap, ["-f", "-s", `tcp:127.0.0.1:${port}`]);
    await waitForPort(port, wrap);
    const proxy = `ProxyFCGIBackendType GENERIC\nProxyPass "/fcgi/" "fcgi://127.0.0.1:${port}${scripts}/"\n`;
    apache = await startApache({
      scripts: [],
      extraConf: `LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule proxy_fcgi_module /usr/lib/apache2/modules/mod_proxy_fcgi.so\n${proxy}`,
    });
    engine = createNodeEngine({ runner: null as unknown as ProcessRunner });
    appendHttpdConf(engine.httpd.fs, `LoadModule proxy_module modules/mod_proxy.so\nLoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n${proxy}`);
    const r = await engine.httpd.apachectl("restart");
    if (!r.ok) throw new Error(`emulated httpd did not restart: ${r.output}`);
    await apache.takeErrorLog(); // start-up lines
  });

  afterAll(async () => {
    apache?.stop();
    await wrap?.stop();
    if (dir) removeDir(dir);
  });

  for (const name of Object.keys(SCRIPTS)) {
    it(name, async () => {
      const target = `/fcgi/${name}${EXT}`;
      const real = await apache!.request("GET", target, [["Host", "localhost"]]);
      const realLog = messages(await apache!.takeErrorLog(), scripts);
      const ex = await engine.request(emulatedRequest(target));
      const n = makeNormalizer(apache!.root);
      const mine = {
        status: ex.response.status,
        headers: comparableHeaders(ex.response.headers, n),
        body: n.text(new TextDecoder().decode(ex.response.body)),
        log: messages(ex.errorLog, scripts),
      };
      const theirs = {
        status: real.status,
        headers: comparableHeaders(real.headers, n),
        body: n.text(new TextDecoder().decode(real.body)),
        log: realLog,
      };
      expect(mine).toEqual(theirs);
    });
  }
});
