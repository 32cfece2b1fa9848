/**
 * `cgi-lab fastcgi`: argument parsing, and the TCP server in-process over the
 * real Node Python runner (Pyodide workers) running flup-compat.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureBytes } from "../protocol/fastcgi/capture-fixtures.ts";
import { decodeEndRequestBody, readAllRecords, RecordType } from "../protocol/fastcgi/index.ts";
import type { ConnectionRunner } from "../runtime/process.ts";
import { createNodeRunner, type PythonRunner } from "../runtime/python/node.ts";
import { ARTICLE_FLUP_APP } from "../server/fastcgi/examples.ts";
import { parseFastcgiArgs, runFastcgi, scriptImage, startFastcgi, type FastcgiServer } from "./fastcgi-command.ts";

describe("parseFastcgiArgs", () => {
  it("reads --listen [HOST:]PORT, the script and its arguments", () => {
    expect(parseFastcgiArgs(["app.py"])).toEqual({ host: "127.0.0.1", port: 9000, script: "app.py", args: [] });
    expect(parseFastcgiArgs(["--listen", "127.0.0.1:9001", "app.py"])).toEqual({ host: "127.0.0.1", port: 9001, script: "app.py", args: [] });
    expect(parseFastcgiArgs(["--listen=9002", "app.py", "-v", "x"])).toEqual({ host: "127.0.0.1", port: 9002, script: "app.py", args: ["-v", "x"] });
    expect(parseFastcgiArgs(["-l", "[::1]:9003", "app.py"])).toEqual({ host: "::1", port: 9003, script: "app.py", args: [] });
    expect(parseFastcgiArgs(["--listen", "0.0.0.0:0", "--", "-odd.py"])).toEqual({ host: "0.0.0.0", port: 0, script: "-odd.py", args: [] });
  });

  it("refuses what it cannot read", () => {
    expect(parseFastcgiArgs([])).toEqual({ error: expect.stringContaining("missing SCRIPT") });
    expect(parseFastcgiArgs(["--listen"])).toEqual({ error: expect.stringContaining("needs [HOST:]PORT") });
    expect(parseFastcgiArgs(["--listen", "127.0.0.1:99999", "a.py"])).toEqual({ error: expect.stringContaining("bad --listen") });
    expect(parseFastcgiArgs(["--listen", "host:port", "a.py"])).toEqual({ error: expect.stringContaining("bad --listen") });
    expect(parseFastcgiArgs(["--verbose", "a.py"])).toEqual({ error: "unexpected option --verbose" });
  });
});

/** Sends bytes on a new TCP connection (optionally half-closing), reads until the server closes. */
function exchange(port: number, bytes: Uint8Array, opts: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<{ reply: Uint8Array; serverEnded: boolean }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port, allowHalfOpen: true });
    const got: Buffer[] = [];
    let serverEnded = false;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no close within ${opts.timeoutMs ?? 20_000} ms; got ${Buffer.concat(got).length} bytes`));
    }, opts.timeoutMs ?? 20_000);
    s.on("connect", () => {
      if (bytes.length) s.write(bytes);
      if (opts.halfClose) s.end();
    });
    s.on("data", (b: Buffer) => got.push(b));
    s.on("end", () => {
      serverEnded = true;
      s.end();
    });
    s.on("close", () => {
      clearTimeout(timer);
      resolve({ reply: new Uint8Array(Buffer.concat(got)), serverEnded });
    });
    s.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function checkReply(reply: Uint8Array): string {
  const { records, errors } = readAllRecords(reply);
  expect(errors).toEqual([]);
  const last = records[records.length - 1]!;
  expect(last.type).toBe(RecordType.END_REQUEST);
  const end = decodeEndRequestBody(last.content);
  expect(end.ok && end.value).toEqual({ appStatus: 0, protocolStatus: 0 });
  return Buffer.concat(records.filter((r) => r.type === RecordType.STDOUT).map((r) => r.content)).toString("utf8");
}

describe("startFastcgi (real Pyodide runtime, real TCP)", () => {
  let runner: PythonRunner;
  let dir: string;
  let srv: FastcgiServer;
  const logs: string[] = [];
  const output = { stdout: "", stderr: "" };

  beforeAll(async () => {
    runner = createNodeRunner({ spares: 0 });
    dir = mkdtempSync(join(tmpdir(), "cgi-lab-fastcgi-cmd-"));
    writeFileSync(join(dir, "article.py"), ARTICLE_FLUP_APP.replace("WSGIServer(app).run()", "import helper\nprint('hello from', helper.NAME)\nprint('to stderr', file=sys.stderr)\nWSGIServer(app).run()"));
    writeFileSync(join(dir, "helper.py"), "NAME = 'helper.py'\n");
    srv = await startFastcgi({ host: "127.0.0.1", port: 0, script: join(dir, "article.py"), args: [] }, {
      runner,
      log: (l) => logs.push(l),
      output: (stream, b) => void (output[stream] += new TextDecoder().decode(b)),
    });
  });

  afterAll(async () => {
    await srv?.stop();
    await runner?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says where it listens; the app's own output outside requests reaches the terminal", () => {
    expect(srv.port).toBeGreaterThan(0);
    expect(logs).toContain(`cgi-lab: ${join(dir, "article.py")} serves FastCGI on 127.0.0.1:${srv.port} (pid ${srv.pid} in the Python runtime; Ctrl-C stops it)`);
    expect(output.stdout).toBe("hello from helper.py\n");
    expect(output.stderr).toBe("to stderr\n");
  });

  it("answers nginx's captured GET and closes the connection (FCGI_KEEP_CONN off)", async () => {
    const { reply, serverEnded } = await exchange(srv.port, captureBytes("nginx_get.hex"));
    expect(serverEnded).toBe(true);
    const stdout = checkReply(reply);
    expect(stdout).toMatch(/^Status: 200 OK\r\nContent-Type: text\/html\r\n\r\n<h1>FastCGI Environment<\/h1>/);
    expect(stdout).toContain("<tr><th>REQUEST_METHOD</th><td>GET</td></tr>");
  });

  it("bytes split anywhere and a half-close right after the request still get the whole reply", async () => {
    const bytes = captureBytes("apache_post.hex");
    const { reply } = await new Promise<{ reply: Uint8Array }>((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port: srv.port, allowHalfOpen: true });
      const got: Buffer[] = [];
      s.on("connect", async () => {
        for (let i = 0; i < bytes.length; i += 7) {
          s.write(bytes.subarray(i, i + 7));
          if (i % 70 === 0) await new Promise((r) => setTimeout(r, 1));
        }
        s.end();
      });
      s.on("data", (b: Buffer) => got.push(b));
      s.on("close", () => resolve({ reply: new Uint8Array(Buffer.concat(got)) }));
      s.on("error", reject);
    });
    expect(checkReply(reply)).toContain("<tr><th>REQUEST_METHOD</th><td>POST</td></tr>");
  });

  it("a connection the web server closes without a request is closed on our side too", async () => {
    const t0 = Date.now();
    const { reply, serverEnded } = await exchange(srv.port, new Uint8Array(), { halfClose: true, timeoutMs: 5000 });
    expect(reply.length).toBe(0);
    expect(serverEnded).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it("serves several connections at once", async () => {
    const rs = await Promise.all(["nginx_get.hex", "apache_get.hex", "cgifcgi_get.hex", "nginx_post.hex"].map((f) => exchange(srv.port, captureBytes(f))));
    for (const r of rs) expect(checkReply(r.reply)).toMatch(/^Status: 200 OK/);
    for (let i = 0; i < 100 && srv.connections() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(srv.connections()).toBe(0);
  });

  it("the process sees its script's directory", () => {
    const img = scriptImage(join(dir, "article.py"));
    expect(img.files.map((f) => f.path)).toEqual([join(dir, "article.py"), join(dir, "helper.py")]);
    expect(img.directories).toEqual([dir]);
  });
});

describe("startFastcgi: failures and ends", () => {
  let runner: PythonRunner;
  let dir: string;
  beforeAll(() => {
    runner = createNodeRunner({ spares: 0 });
    dir = mkdtempSync(join(tmpdir(), "cgi-lab-fastcgi-cmd2-"));
  });
  afterAll(async () => {
    await runner?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const deps = (logs: string[] = []) => ({ runner, log: (l: string) => logs.push(l), output: () => undefined });

  it("a script that never calls run() is reported, and the port is released", async () => {
    writeFileSync(join(dir, "norun.py"), "print('defined app, exiting')\n");
    const probe: Server = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await expect(startFastcgi({ host: "127.0.0.1", port, script: join(dir, "norun.py"), args: [] }, deps())).rejects.toThrow(/exited with status 0 before serving/);
    await new Promise<void>((ok, fail) => probe.once("error", fail).listen(port, "127.0.0.1", () => ok()));
    await new Promise<void>((r) => probe.close(() => r()));
  });

  it("a connection accepted while Python still boots is served once the application runs", async () => {
    const probe: Server = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    writeFileSync(join(dir, "early.py"), ARTICLE_FLUP_APP);
    const starting = startFastcgi({ host: "127.0.0.1", port, script: join(dir, "early.py"), args: [] }, deps());
    let reply: Promise<{ reply: Uint8Array }> | null = null;
    for (let i = 0; i < 200 && !reply; i++) {
      // The port is bound before the interpreter boots.
      const open = await new Promise<boolean>((ok) => {
        const s = connect({ host: "127.0.0.1", port }).once("connect", () => (s.destroy(), ok(true))).once("error", () => ok(false));
      });
      if (open) reply = exchange(port, captureBytes("cgifcgi_get.hex"));
      else await new Promise((r) => setTimeout(r, 5));
    }
    const srv = await starting;
    expect(reply).not.toBeNull();
    expect(checkReply((await reply!).reply)).toMatch(/^Status: 200 OK/);
    expect(await srv.stop()).toBe(0);
  });

  it("a busy port fails before Python starts", async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
    const port = (busy.address() as { port: number }).port;
    let started = 0;
    const fake: ConnectionRunner = { start: () => (started++, runner.start(null as never)) };
    writeFileSync(join(dir, "a.py"), ARTICLE_FLUP_APP);
    await expect(startFastcgi({ host: "127.0.0.1", port, script: join(dir, "a.py"), args: [] }, { ...deps(), runner: fake })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    expect(started).toBe(0);
    await new Promise<void>((r) => busy.close(() => r()));
  });

  it("the application exiting (sys.exit(3) in its connection handler) ends the command with its status", async () => {
    // flup catches everything a WSGI app raises, SystemExit included; a server on the runtime's own hooks does not.
    writeFileSync(join(dir, "exit3.py"), [
      "import sys, _cgi_lab_runtime as rt",
      "class Server:",
      "    def on_connect(self, conn_id): pass",
      "    def on_data(self, conn_id, data): sys.exit(3)",
      "    def on_close(self, conn_id): pass",
      "rt.serve_forever(Server())",
      "",
    ].join("\n"));
    const logs: string[] = [];
    const srv = await startFastcgi({ host: "127.0.0.1", port: 0, script: join(dir, "exit3.py"), args: [] }, deps(logs));
    await exchange(srv.port, captureBytes("nginx_get.hex")).catch(() => undefined);
    expect(await srv.done).toBe(3);
    expect(logs.join("\n")).toContain("exited with status 3");
    await expect(exchange(srv.port, new Uint8Array(), { timeoutMs: 2000 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("runFastcgi: stop signal → status 0, usage errors → 2", async () => {
    writeFileSync(join(dir, "b.py"), ARTICLE_FLUP_APP);
    const errors: string[] = [];
    const logs: string[] = [];
    let stop: ((s: string) => void) | null = null;
    const code = runFastcgi(["--listen", "127.0.0.1:0", join(dir, "b.py")], {
      runner: () => createNodeRunner({ spares: 0 }),
      log: (l) => {
        logs.push(l);
        if (l.includes("serves FastCGI")) setTimeout(() => stop?.("SIGINT"), 10);
      },
      error: (t) => errors.push(t),
      output: () => undefined,
      onStopSignal: (h) => ((stop = h), () => (stop = null)),
    });
    expect(await code).toBe(0);
    expect(logs[logs.length - 1]).toBe("cgi-lab fastcgi: stopped (Ctrl-C)");
    expect(await runFastcgi(["--bogus"], { runner: () => runner, log: () => undefined, error: (t) => errors.push(t), output: () => undefined, onStopSignal: () => () => undefined })).toBe(2);
    expect(errors.join("")).toContain("usage: cgi-lab fastcgi");
  });
});
