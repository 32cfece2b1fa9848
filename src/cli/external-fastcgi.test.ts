/**
 * The Node connector that lets the emulated httpd reach real FastCGI
 * applications on 127.0.0.1, with a tiny FastCGI responder written here
 * over node:net (the real peers — php-fpm, fcgiwrap — are in
 * tests/interop/fastcgi-server-side.test.ts).
 */
import { readFileSync, readdirSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatBytes, encodeEndRequest, encodeRecord, RecordReader, RecordType } from "../protocol/fastcgi/index.ts";
import type { ProcessRunner } from "../runtime/process.ts";
import { appendHttpdConf, PROXY_FCGI_CONF } from "../server/fastcgi/examples.ts";
import { EmulatedNetwork, fastcgiFor } from "../server/fastcgi/index.ts";
import { createExternalConnector } from "./external-fastcgi.ts";
import { createNodeEngine } from "./node-engine.ts";

const enc = new TextEncoder();

/** A one-request-per-connection responder: echoes the request's REQUEST_METHOD and STDIN. */
function fakeApp(): Promise<{ server: Server; port: number; connections: number }> {
  const state = { server: null as unknown as Server, port: 0, connections: 0 };
  state.server = createServer((sock: Socket) => {
    state.connections++;
    const reader = new RecordReader();
    let params: Uint8Array = new Uint8Array();
    let stdin: Uint8Array = new Uint8Array();
    sock.on("data", (b: Buffer) => {
      for (const r of reader.feed(new Uint8Array(b)).records) {
        if (r.type === RecordType.PARAMS) params = concatBytes([params, r.content]);
        if (r.type === RecordType.STDIN && r.content.length) stdin = concatBytes([stdin, r.content]);
        if (r.type === RecordType.STDIN && r.content.length === 0) {
          const method = /REQUEST_METHOD(\w+)/.exec(Buffer.from(params).toString("latin1"))?.[1];
          const body = concatBytes([enc.encode(`Status: 201 Made\r\nContent-Type: text/plain\r\nX-Fake: 1\r\n\r\nmethod=${method} stdin=`), stdin]);
          sock.write(encodeRecord({ type: RecordType.STDOUT, requestId: r.requestId, content: body }));
          sock.write(encodeRecord({ type: RecordType.STDERR, requestId: r.requestId, content: enc.encode("a warning") }));
          sock.write(encodeRecord({ type: RecordType.STDOUT, requestId: r.requestId, content: new Uint8Array() }));
          sock.end(encodeEndRequest(r.requestId, 0));
        }
      }
    });
    sock.on("error", () => undefined);
  });
  return new Promise((ok) => state.server.listen(0, "127.0.0.1", () => {
    state.port = (state.server.address() as { port: number }).port;
    ok(state);
  }));
}

describe("createExternalConnector", () => {
  let app: Awaited<ReturnType<typeof fakeApp>>;
  beforeAll(async () => (app = await fakeApp()));
  afterAll(() => new Promise<void>((r) => app.server.close(() => r())));

  it("connects to 127.0.0.1 only", async () => {
    const c = createExternalConnector();
    expect(await c("10.0.0.1", app.port)).toBeNull();
    expect(await c("192.168.1.20", 9000)).toBeNull();
    expect(await c("127.0.0.2", app.port)).toBeNull();
    expect(await c("127.0.0.1", 0)).toBeNull();
  });

  it("a closed port is (111)Connection refused", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    expect(await createExternalConnector()("127.0.0.1", port)).toEqual({ ok: false, errno: "(111)Connection refused", address: `127.0.0.1:${port}` });
  });

  it("bytes go both ways and the application's close is seen", async () => {
    const res = await createExternalConnector()("127.0.0.1", app.port);
    if (!res?.ok) throw new Error("not connected");
    expect(res.listener.address).toBe(`127.0.0.1:${app.port}`);
    expect(res.listener.pid()).toBeNull();
    const got: Uint8Array[] = [];
    const closed = new Promise<void>((r) => res.conn.onClose(r));
    res.conn.onData((b) => got.push(b));
    res.conn.write(concatBytes([
      encodeRecord({ type: RecordType.BEGIN_REQUEST, requestId: 1, content: new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0]) }),
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: concatBytes([new Uint8Array([14, 3]), enc.encode("REQUEST_METHODGET")]) }),
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: new Uint8Array() }),
      encodeRecord({ type: RecordType.STDIN, requestId: 1, content: new Uint8Array() }),
    ]));
    await closed;
    res.conn.close();
    const types = new RecordReader().feed(concatBytes(got)).records.map((r) => r.type);
    expect(types).toEqual([RecordType.STDOUT, RecordType.STDERR, RecordType.STDOUT, RecordType.END_REQUEST]);
  });
});

describe("EmulatedNetwork.open", () => {
  it("emulated listeners first; the connector only for 127.0.0.1 and its names", async () => {
    const n = new EmulatedNetwork();
    const asked: string[] = [];
    n.external = async (addr, port) => (asked.push(`${addr}:${port}`), null);
    expect((await n.open("localhost", 9000)).ok).toBe(false);
    expect((await n.open("::1", 9001)).ok).toBe(false);
    expect((await n.open("appserver", 9000)).ok).toBe(false);
    expect((await n.open("example.com", 9000)).ok).toBe(false);
    expect((await n.open("10.1.2.3", 9000)).ok).toBe(false);
    expect(asked).toEqual(["127.0.0.1:9000", "127.0.0.1:9001"]);
    n.listen("127.0.0.1", 9000, { application: "/x.fcgi", pid: () => 7, connect: () => ({ write() {}, close() {}, onData() {}, onClose() {} }) });
    const r = await n.open("localhost", 9000);
    expect(r.ok && r.listener.application).toBe("/x.fcgi");
    expect(asked).toHaveLength(2);
  });
});

describe("the Node engine's mod_proxy_fcgi reaches a real socket", () => {
  let app: Awaited<ReturnType<typeof fakeApp>>;
  beforeAll(async () => (app = await fakeApp()));
  afterAll(() => new Promise<void>((r) => app.server.close(() => r())));

  it("ProxyPass to 127.0.0.1:PORT: status, headers, body, STDERR logged, records captured", async () => {
    const engine = createNodeEngine({ runner: null as unknown as ProcessRunner });
    expect(fastcgiFor(engine.httpd)?.network.external).toBeTypeOf("function");
    appendHttpdConf(engine.httpd.fs, PROXY_FCGI_CONF(`127.0.0.1:${app.port}`, "/real/"));
    expect((await engine.httpd.apachectl("restart")).ok).toBe(true);
    const ex = await engine.request({
      method: "POST", target: "/real/x?y=1", version: "HTTP/1.1", headers: [["Host", "localhost"], ["Content-Type", "text/plain"], ["Content-Length", "5"]],
      body: enc.encode("hello"), remoteAddr: "127.0.0.1", remotePort: 50001, localAddr: "127.0.0.1", localPort: 80,
    });
    expect(ex.response.status).toBe(201);
    expect(ex.response.reason).toBe("Made");
    expect(new TextDecoder().decode(ex.response.body)).toBe("method=POST stdin=hello");
    expect(ex.errorLog.join("\n")).toContain("AH01071: Got error 'a warning'");
    const recs = ex.fastcgi![0]!.records;
    expect(recs[0]!.direction).toBe("to-app");
    expect(recs[0]!.bytes[1]).toBe(RecordType.BEGIN_REQUEST);
    expect(recs[recs.length - 1]!.direction).toBe("from-app");
    expect(recs[recs.length - 1]!.bytes[1]).toBe(RecordType.END_REQUEST);
  });

  it("without the connector (externalFastCgi: false) the address stays emulated: 503", async () => {
    const engine = createNodeEngine({ runner: null as unknown as ProcessRunner, externalFastCgi: false });
    appendHttpdConf(engine.httpd.fs, PROXY_FCGI_CONF(`127.0.0.1:${app.port}`, "/real/"));
    await engine.httpd.apachectl("restart");
    const before = app.connections;
    const ex = await engine.request({ method: "GET", target: "/real/x", version: "HTTP/1.1", headers: [["Host", "localhost"]], body: new Uint8Array(), remoteAddr: "127.0.0.1", remotePort: 50002, localAddr: "127.0.0.1", localPort: 80 });
    expect(ex.response.status).toBe(503);
    expect(app.connections).toBe(before);
  });
});

describe("the browser build never reaches node:net", () => {
  it("only src/cli imports external-fastcgi.ts, and the FastCGI server modules import no node: module", () => {
    const src = join(import.meta.dirname, "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, name.name);
        if (name.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name.name) && !p.includes("/cli/") && /(from\s+|import\s*\(\s*)["'][^"']*external-fastcgi/.test(readFileSync(p, "utf8"))) offenders.push(p);
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
    for (const f of ["network.ts", "module.ts", "index.ts", "client.ts"]) {
      expect(readFileSync(join(src, "server/fastcgi", f), "utf8")).not.toMatch(/from "node:/);
    }
  });
});
