/**
 * The "CGI vs FastCGI" benchmark, engine-worker side.
 *
 * It runs against a scratch httpd: a default workspace of its own (never the
 * user's files, configuration or FastCGI processes) with two scripts and
 * mod_fastcgi added, sharing only the Python runner (so CGI requests take
 * the same spare interpreters the user's requests do). Requests go through
 * Httpd.handle exactly like the page's; only the timings and the counter
 * each response printed come back, not the Exchanges. With `concurrency` N,
 * N requests are in flight at once (wrk -c N); throughput is completed
 * requests over wall time and each sample is still one request's own time.
 *
 * Honesty check: bench-cgi.py keeps a counter in module state that a reused
 * interpreter would keep (on `builtins` and on the imported `json` module,
 * which re-running a script does not reset). It prints hits=1 only when the
 * interpreter is new; the FastCGI counter app prints 1, 2, 3, … because its
 * process stays.
 */
import type { HttpRequest } from "../protocol/http-message.ts";
import type { PythonRunner } from "../runtime/python/browser.ts";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import { appendHttpdConf, COUNTER_APP, installModFastcgi, MOD_FASTCGI_CONF, writeScript } from "../server/fastcgi/examples.ts";
import { Httpd } from "../server/httpd.ts";
import type { BenchMode, BenchRunArgs, BenchRunResult } from "./api.ts";

export const BENCH_CGI_PATH = "/var/www/cgi-bin/bench-cgi.py";
export const BENCH_FCGI_PATH = "/var/www/cgi-bin/bench.fcgi";

/** A CGI script whose counter survives anything but a new interpreter. */
export const BENCH_CGI_SCRIPT = `#!/usr/bin/python3
# Counts requests in state a reused interpreter would keep: it prints
# hits=1 only if this process's Python is brand new.
import builtins, json
builtins.bench_hits = getattr(builtins, 'bench_hits', 0) + 1
json.bench_hits = getattr(json, 'bench_hits', 0) + 1
hits = max(builtins.bench_hits, json.bench_hits)
print('Content-Type: text/plain')
print()
print('hits=%d' % hits)
`;

const TARGETS: Record<BenchMode, { target: string; script: string }> = {
  cgi: { target: "/cgi-bin/bench-cgi.py", script: BENCH_CGI_PATH },
  fastcgi: { target: "/cgi-bin/bench.fcgi", script: BENCH_FCGI_PATH },
};

let scratch: Httpd | null = null;

function scratchHttpd(runner: PythonRunner): Httpd {
  if (scratch) return scratch;
  const fs = createDefaultFs();
  installModFastcgi(fs);
  appendHttpdConf(fs, `# Added by CGI Lab's benchmark (scratch server only)\n${MOD_FASTCGI_CONF}`);
  writeScript(fs, BENCH_CGI_PATH, BENCH_CGI_SCRIPT);
  writeScript(fs, BENCH_FCGI_PATH, COUNTER_APP);
  scratch = new Httpd({ fs, runner, connections: runner });
  if (!scratch.running) throw new Error("the benchmark's scratch server did not start");
  return scratch;
}

export async function benchTeardown(): Promise<void> {
  const h = scratch;
  scratch = null;
  if (h) await h.apachectl("stop");
}

function request(target: string, remotePort = 50000): HttpRequest {
  return {
    method: "GET",
    target,
    version: "HTTP/1.1",
    headers: [["Host", "localhost"], ["User-Agent", "cgi-lab-bench"]],
    body: new Uint8Array(),
    remoteAddr: "127.0.0.1",
    remotePort,
    localAddr: "127.0.0.1",
    localPort: 80,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dec = new TextDecoder();
const countOf = (body: Uint8Array): number | null => {
  const m = /hits=(\d+)/.exec(dec.decode(body.subarray(0, 200)));
  return m ? Number(m[1]) : null;
};

/** Waits (bounded) until no spare interpreter is booting and at least one is ready. */
async function settle(runner: PythonRunner, deadline: number): Promise<void> {
  const end = Math.min(deadline, performance.now() + 20_000);
  while (performance.now() < end) {
    const s = runner.stats();
    if (s.sparesBooting === 0 && s.sparesReady > 0) return;
    await sleep(10);
  }
}

export async function benchRun(
  runner: PythonRunner,
  args: BenchRunArgs,
  progress: (done: number, total: number) => void,
): Promise<BenchRunResult> {
  const httpd = scratchHttpd(runner);
  const { target, script } = TARGETS[args.mode];
  const count = Math.max(1, Math.min(5000, Math.floor(args.count)));
  const deadline = performance.now() + (args.maxMs ?? 120_000);

  // Start every run from the same quiet state: no interpreter booting in the background.
  await settle(runner, deadline);

  // FastCGI: the first request may start the application; time it apart.
  let startMs: number | null = null;
  if (args.mode === "fastcgi") {
    const t = performance.now();
    const x = await httpd.handle(request(target));
    if (x.fastcgi?.some((f) => f.startedProcess)) startMs = performance.now() - t;
    if (x.response.status !== 200) throw new Error(`the FastCGI counter app answered ${x.response.status} ${x.response.reason}`);
  }
  if (startMs !== null) await settle(runner, deadline);
  const afterWarmup = runner.stats();

  // "spaced" waits for a quiet runner before each request: one at a time by definition.
  const lanes = args.pacing === "spaced" ? 1 : Math.max(1, Math.min(16, Math.floor(args.concurrency ?? 1)));
  const samples: number[] = [];
  const counts: (number | null)[] = [];
  let errors = 0;
  let started = 0;
  let lastProgress = 0;
  // Each lane is one client connection (its own port) sending its next request as soon as
  // the previous one is answered, as wrk's connections do; all lanes share the count.
  const lane = async (port: number): Promise<void> => {
    while (started < count && performance.now() < deadline) {
      started++;
      if (args.pacing === "spaced" && args.mode === "cgi") {
        // Wait until every spare interpreter has booted: the request finds one ready.
        await settle(runner, deadline);
        await sleep(20);
      }
      const t = performance.now();
      const x = await httpd.handle(request(target, port));
      samples.push(performance.now() - t);
      if (x.response.status !== 200) errors++;
      counts.push(countOf(x.response.body));
      if (performance.now() - lastProgress > 50 || samples.length === count) {
        lastProgress = performance.now();
        progress(samples.length, count);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(50000 + i)));
  const wallMs = performance.now() - t0;
  const after = runner.stats();
  return {
    mode: args.mode,
    concurrency: lanes,
    target,
    script,
    samples,
    wallMs,
    busyMs: samples.reduce((a, b) => a + b, 0),
    startMs,
    counts,
    errors,
    interpretersUsed: after.warmStarts + after.coldStarts - (afterWarmup.warmStarts + afterWarmup.coldStarts),
    warmStarts: after.warmStarts - afterWarmup.warmStarts,
    coldStarts: after.coldStarts - afterWarmup.coldStarts,
  };
}
