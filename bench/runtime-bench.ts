/**
 * Python runtime benchmark (Node, real Pyodide): npx tsx bench/runtime-bench.ts
 *
 * Prints: making the memory snapshot, boot from the snapshot, CGI latency
 * with requests spaced out (a spare is ready each time: warm starts), CGI
 * throughput back to back (each process waits for an honest boot), and the
 * FastCGI round trip (bytes in, bytes out of a long-lived interpreter).
 * Options: --spaced N (default 20), --gap MS (default 700), --b2b N (default 20), --rt N (default 300).
 */
import type { AppConnection, ProcessSpec } from "../src/runtime/process.ts";
import { createNodeRunner } from "../src/runtime/python/node.ts";

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const enc = new TextEncoder();
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const fmt = (n: number) => n.toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spec(source: string): ProcessSpec {
  return {
    argv: ["/var/www/cgi-bin/hello.py"],
    env: [
      ["GATEWAY_INTERFACE", "CGI/1.1"],
      ["REQUEST_METHOD", "GET"],
      ["QUERY_STRING", "name=bench"],
    ],
    cwd: "/var/www/cgi-bin",
    stdin: new Uint8Array(),
    files: [{ path: "/var/www/cgi-bin/hello.py", data: enc.encode(source), mode: 0o755 }],
    directories: ["/var", "/var/www", "/var/www/cgi-bin", "/var/www/data"],
    writableRoots: ["/var/www/data", "/tmp"],
  };
}

const HELLO = [
  "import os, html",
  "print('Content-Type: text/html')",
  "print()",
  "print('<p>Hello, %s</p>' % html.escape(os.environ.get('QUERY_STRING', '')))",
].join("\n");

const ECHO_SERVER = [
  "import _cgi_lab_runtime as rt",
  "class Echo:",
  "    def on_connect(self, cid): pass",
  "    def on_data(self, cid, data): rt.send(cid, data)",
  "    def on_close(self, cid): rt.close(cid)",
  "rt.serve_forever(Echo())",
].join("\n");

const FLUP_APP = [
  "from flup.server.fcgi import WSGIServer",
  "def app(environ, start_response):",
  "    start_response('200 OK', [('Content-Type', 'text/plain')])",
  "    return [b'Hello from FastCGI']",
  "WSGIServer(app).run()",
].join("\n");

/** One FastCGI RESPONDER request (keep-conn off) as bytes. */
function fcgiRequest(): Uint8Array {
  const rec = (type: number, content: number[]) => {
    const pad = (8 - (content.length % 8)) % 8;
    return [1, type, 0, 1, content.length >> 8, content.length & 255, pad, 0, ...content, ...new Array(pad).fill(0)];
  };
  const pair = (k: string, v: string) => [k.length, v.length, ...enc.encode(k), ...enc.encode(v)];
  const params = [...pair("REQUEST_METHOD", "GET"), ...pair("SCRIPT_NAME", "/app"), ...pair("QUERY_STRING", "")];
  return new Uint8Array([...rec(1, [0, 1, 0, 0, 0, 0, 0, 0]), ...rec(4, params), ...rec(4, []), ...rec(5, [])]);
}

async function main(): Promise<void> {
  const spacedN = arg("spaced", 20);
  const gap = arg("gap", 700);
  const b2bN = arg("b2b", 20);
  const rtN = arg("rt", 300);
  const coldN = arg("cold", 8);

  // 1. Making the snapshot (no disk cache, so it is really made), then boots one at a time.
  let snapshot: Uint8Array | null = null;
  let t = performance.now();
  const solo = createNodeRunner({
    spares: 0,
    cacheDir: false,
    putSnapshot: async (_key, bytes) => {
      snapshot = bytes;
    },
  });
  await solo.ready();
  const s0 = solo.stats();
  console.log(`snapshot: made in ${fmt(s0.snapshot.makeBootMs ?? NaN)} ms (boot from scratch + preload imports) + ${fmt(s0.snapshot.makeSnapshotMs ?? NaN)} ms (snapshot), ${(s0.snapshot.bytes / 1048576).toFixed(1)} MiB; ${fmt(performance.now() - t)} ms in all`);
  const cold: number[] = [];
  for (let i = 0; i < coldN; i++) {
    t = performance.now();
    await solo.spawn(spec(HELLO)).result;
    cold.push(performance.now() - t);
  }
  const soloBoots = solo.stats().bootMs;
  console.log(`boot from snapshot, one at a time (worker start to interpreter ready): p50 ${fmt(pct(soloBoots, 50))} ms, min ${fmt(Math.min(...soloBoots))} ms over ${soloBoots.length}; CGI with no spare (boot + run): p50 ${fmt(pct(cold, 50))} ms`);
  await solo.dispose();

  // 2. The usual runner: 2 spares.
  const runner = createNodeRunner({ spares: 2, cacheDir: false, getSnapshot: async () => snapshot });
  t = performance.now();
  await runner.ready();
  console.log(`runner with 2 spares ready in ${fmt(performance.now() - t)} ms (snapshot given)`);

  // CGI, spaced: a spare is ready when each request arrives.
  const spaced: number[] = [];
  let warm = 0;
  for (let i = 0; i < spacedN; i++) {
    await sleep(gap);
    t = performance.now();
    const r = await runner.spawn(spec(HELLO)).result;
    spaced.push(performance.now() - t);
    if (r.warmStart) warm++;
    if (r.end.kind !== "exit" || r.end.code !== 0) throw new Error(`unexpected end ${JSON.stringify(r.end)}`);
  }
  const ph = runner.stats().lastPhases;
  console.log(`CGI spaced ${gap} ms apart: p50 ${fmt(pct(spaced, 50))} ms, p90 ${fmt(pct(spaced, 90))} ms, min ${fmt(Math.min(...spaced))} ms (${warm}/${spacedN} warm starts; last in-worker: setup ${fmt(ph?.setup ?? NaN)}, run ${fmt(ph?.run ?? NaN)}, finalize ${fmt(ph?.finalize ?? NaN)}, file diff ${fmt(ph?.files ?? NaN)} ms)`);

  // CGI back to back: after the spares, every request waits for a boot.
  await runner.ready();
  const b2b: number[] = [];
  t = performance.now();
  for (let i = 0; i < b2bN; i++) {
    const t1 = performance.now();
    await runner.spawn(spec(HELLO)).result;
    b2b.push(performance.now() - t1);
  }
  const total = performance.now() - t;
  console.log(`CGI back to back: ${(b2bN / (total / 1000)).toFixed(2)} req/s over ${b2bN} requests (p50 ${fmt(pct(b2b, 50))} ms, p90 ${fmt(pct(b2b, 90))} ms)`);
  const bootMs = runner.stats().bootMs;
  console.log(`boot from snapshot, 2 spares refilling in parallel: p50 ${fmt(pct(bootMs, 50))} ms, p90 ${fmt(pct(bootMs, 90))} ms over ${bootMs.length}`);

  // FastCGI: one long-lived interpreter, bytes in and out.
  const proc = runner.start(spec(ECHO_SERVER));
  if ((await proc.ready) !== null) throw new Error("echo server did not start serving");
  const conn: AppConnection = proc.connect();
  let waiting: (() => void) | null = null;
  conn.onData(() => waiting?.());
  const payload = enc.encode("x".repeat(512));
  const rts: number[] = [];
  for (let i = 0; i < rtN; i++) {
    const t1 = performance.now();
    await new Promise<void>((resolve) => {
      waiting = resolve;
      conn.write(payload);
    });
    rts.push(performance.now() - t1);
  }
  console.log(`FastCGI feed round trip (512 B echoed by Python): p50 ${fmt(pct(rts, 50))} ms, p90 ${fmt(pct(rts, 90))} ms over ${rtN}`);
  proc.kill("bench done");

  // FastCGI through flup (when the compat package is there): a whole request per connection.
  const app = runner.start(spec(FLUP_APP));
  if ((await app.ready) === null) {
    const req = fcgiRequest();
    const reqs: number[] = [];
    for (let i = 0; i < rtN; i++) {
      const t1 = performance.now();
      const c = app.connect();
      await new Promise<void>((resolve) => {
        c.onClose(resolve);
        c.write(req);
      });
      reqs.push(performance.now() - t1);
    }
    console.log(`FastCGI request through flup's WSGIServer (connect, records in, response records, close): p50 ${fmt(pct(reqs, 50))} ms, p90 ${fmt(pct(reqs, 90))} ms over ${rtN}`);
    app.kill("bench done");
  } else {
    console.log("flup not available: FastCGI request through WSGIServer skipped");
  }

  await runner.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
