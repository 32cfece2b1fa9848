/**
 * `npm run bench`: how fast CGI and FastCGI run here, and how fast the site starts.
 *
 * 1. Builds the site (vite build --manifest) and serves dist/ on 127.0.0.1
 *    with bench/static-server.ts (gzip, MIME, Cache-Control, byte counting).
 * 2. Headless Chromium (Debian's /usr/bin/chromium):
 *    - cold visits in fresh contexts, each followed by a repeat visit in the
 *      same context, to lesson 1 and to the playground: editor ready, first
 *      response (lesson 1's /clock.html; the playground's CGI hello.py),
 *      bytes until Python ready;
 *    - the CGI and FastCGI loops through the engine worker ("bench.run", the
 *      calls the CGI vs FastCGI panel makes), on a scratch server;
 *    - memory (PSS of Chromium's processes from /proc) after 10 and after
 *      500 CGI requests.
 * 3. The same loops with wrk against `cgi-lab serve` and a real Apache.
 * 4. Prints the tables, writes bench/results.json.
 *
 * Targets are reported (met / NOT MET), never asserted. The run fails (exit
 * 1) only if a CGI request did not run in a fresh interpreter, or nothing
 * could be measured.
 *
 * Options: --runs N (3), --skip-build, --no-servers, --no-browser,
 * --wrk-seconds S (5), --mem-requests N (500). The Node-only runtime
 * figures (snapshot, boots, feed round trips) are in bench/runtime-bench.ts.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { comparisonTable, evaluateTargets, formatTable, targetsTable, type BenchResults, type LatencyFigures } from "../src/ui/bench/report.ts";
import { median, medianOf, summarize } from "../src/ui/bench/stats.ts";
import { checkCounts } from "../src/ui/bench/check-counts.ts";
import type { BenchRunResult } from "../src/worker/api.ts";
import { CHROMIUM, launch, openLoopSession, visitPair, type VisitFigures } from "./browser.ts";
import { benchCgiLabServe, benchRealApache, ensureBenchPeers, haveCommand } from "./servers.ts";
import { startStaticServer } from "./static-server.ts";

const REPO = resolve(import.meta.dirname, "..");
const DIST = join(REPO, "dist");

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const LESSON_1_PATH = "?lesson=01-static-and-dynamic";
const log = (s: string) => console.error(`[bench] ${s}`);

/** Monaco's chunk: the editor itself, which the entry starts downloading at once but is not counted. */
const EDITOR_CHUNK = "src/ui/editor/code-editor.tsx";

/**
 * The JavaScript the page loads at startup before the editor and Python: the
 * entry chunk, the chunks it imports dynamically (main.tsx loads the React app
 * and the lessons that way, at once: every dynamic import of the entry chunk
 * runs at startup), and all their static imports. Not counted: Monaco's chunk
 * (EDITOR_CHUNK: the editor), the engine worker's chunk (an asset of the
 * entry, not an import) and Pyodide (Python), nor what loads later (the
 * preview's MSW after the editor, a lesson's Markdown renderer, the dialogs).
 */
function initialJs(): { kb: number; files: BenchResults["initialJsFiles"] } {
  type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };
  const manifest = JSON.parse(readFileSync(join(DIST, ".vite/manifest.json"), "utf8")) as Record<string, Chunk>;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const i of manifest[key]!.imports ?? []) visit(i);
  };
  for (const [k, c] of Object.entries(manifest)) {
    if (!c.isEntry) continue;
    visit(k);
    for (const d of c.dynamicImports ?? []) if (d !== EDITOR_CHUNK) visit(d);
  }
  const files = [...seen].map((k) => {
    const body = readFileSync(join(DIST, manifest[k]!.file));
    return { file: manifest[k]!.file, bytes: body.length, gzipBytes: gzipSync(body, { level: 6 }).length };
  });
  return { kb: files.reduce((a, f) => a + f.gzipBytes, 0) / 1024, files };
}

function latency(results: BenchRunResult[], useBusy = false): LatencyFigures {
  const per = results.map((r) => summarize(r.samples, useBusy ? r.busyMs : r.wallMs));
  const m = medianOf(per.map((s) => ({ p50Ms: s.p50Ms, p95Ms: s.p95Ms, reqPerSec: s.reqPerSec })));
  return { ...m, n: results.reduce((a, r) => a + r.samples.length, 0) };
}

async function main(): Promise<number> {
  const runs = arg("runs", 3);
  const wrkSeconds = arg("wrk-seconds", 5);
  const memRequests = arg("mem-requests", 500);
  const notes: string[] = [];
  let failed = false;

  if (!flag("skip-build")) {
    log("building the site (vite build --manifest)");
    const b = spawnSync(join(REPO, "node_modules/.bin/vite"), ["build", "--manifest", "--logLevel", "warn"], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"] });
    if (b.status !== 0) throw new Error("vite build failed");
  }
  const js = initialJs();

  const r: BenchResults = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, loadAvg: loadavg().map((x) => Math.round(x * 100) / 100), node: process.version, chromium: "" },
    runs,
    editorReadyMs: NaN,
    firstResponseColdMs: NaN,
    firstResponseRepeatMs: NaN,
    firstResponseWhat: `page load (${LESSON_1_PATH}) until the Response pane shows lesson 1's first request (GET /clock.html, a static file; the emulated server starts with Python, so it waits for Python too), Run clicked as soon as it can be`,
    firstCgiResponseColdMs: NaN,
    firstCgiResponseRepeatMs: NaN,
    firstCgiResponseWhat: "page load (the playground, /) until the Response pane shows the default script's (hello.py) CGI response, Run clicked as soon as it can be",
    cgi: { spaced: { p50Ms: NaN, p95Ms: NaN, reqPerSec: NaN }, backToBack: { p50Ms: NaN, p95Ms: NaN, reqPerSec: NaN }, freshInterpreter: { requests: 0, allFresh: false } },
    fastcgi: { p50Ms: NaN, p95Ms: NaN, reqPerSec: NaN, startMs: null },
    memoryGrowthMbAfter500Cgi: NaN,
    memoryMethod: "sum of PSS (/proc/PID/smaps_rollup) of the Chromium processes started by this run, 3 s after the 10th and after the last CGI request",
    initialJsGzipKb: js.kb,
    initialJsFiles: js.files,
    firstVisitTransferMb: NaN,
    transferMethod: "bytes the static server wrote to its sockets (headers + bodies after gzip) from navigation until the page said Python ready, fresh context",
    node: { cgi: null, fastcgi: null, notes: [] },
    apache: { cgi: null, fastcgi: null, notes: [] },
    targets: [],
    notes,
  };

  if (!flag("no-browser")) {
    const server = await startStaticServer(DIST);
    const browser = await launch();
    r.machine.chromium = browser.version();
    try {
      log(`serving dist/ on ${server.url}; ${runs} cold + repeat visits`);
      const visits: VisitFigures[] = [];
      const lessonVisits: VisitFigures[] = [];
      for (let i = 0; i < runs; i++) {
        const v = await visitPair(browser, server, i === 0);
        visits.push(v);
        log(`visit ${i + 1}, playground: editor ${v.editorReadyMs.toFixed(0)} ms, CGI response cold ${v.firstResponseColdMs.toFixed(0)} ms (Python ${v.pythonReadyColdMs.toFixed(0)} ms), repeat ${v.firstResponseRepeatMs.toFixed(0)} ms, ${(v.firstVisitTransferBytes / 1e6).toFixed(2)} MB`);
        if (i === 0 && !v.typingWorks) notes.push("the editor did not take typing in the check");
        const l = await visitPair(browser, server, false, LESSON_1_PATH);
        lessonVisits.push(l);
        log(`visit ${i + 1}, lesson 1: editor ${l.editorReadyMs.toFixed(0)} ms, response cold ${l.firstResponseColdMs.toFixed(0)} ms, repeat ${l.firstResponseRepeatMs.toFixed(0)} ms`);
      }
      // Editor ready: every cold visit counts, the playground's and lesson 1's.
      r.editorReadyMs = median([...visits, ...lessonVisits].map((v) => v.editorReadyMs));
      r.firstResponseColdMs = median(lessonVisits.map((v) => v.firstResponseColdMs));
      r.firstResponseRepeatMs = median(lessonVisits.map((v) => v.firstResponseRepeatMs));
      r.firstCgiResponseColdMs = median(visits.map((v) => v.firstResponseColdMs));
      r.firstCgiResponseRepeatMs = median(visits.map((v) => v.firstResponseRepeatMs));
      r.firstVisitTransferMb = median(visits.map((v) => v.firstVisitTransferBytes)) / 1e6;
      notes.push(`Python ready on a cold visit: median ${median(visits.map((v) => v.pythonReadyColdMs)).toFixed(0)} ms; editor ready on a repeat visit: ${median(visits.map((v) => v.editorReadyRepeatMs)).toFixed(0)} ms`);

      log("CGI and FastCGI loops in the engine worker");
      const s = await openLoopSession(browser, server);
      try {
        await s.run({ mode: "cgi", count: 3, pacing: "back-to-back" }); // warm-up
        const spaced: BenchRunResult[] = [];
        const b2b: BenchRunResult[] = [];
        const fcgi: BenchRunResult[] = [];
        for (let i = 0; i < runs; i++) {
          spaced.push(await s.run({ mode: "cgi", count: 15, pacing: "spaced", maxMs: 60_000 }));
          b2b.push(await s.run({ mode: "cgi", count: 30, pacing: "back-to-back", maxMs: 60_000 }));
          // 4 in flight, as wrk -c4 against real Apache; the app still serves one at a time (one single-threaded Python).
          fcgi.push(await s.run({ mode: "fastcgi", count: 3000, pacing: "back-to-back", maxMs: 5_000, concurrency: 4 }));
          const last = (xs: BenchRunResult[]) => summarize(xs.at(-1)!.samples, xs.at(-1)!.wallMs);
          log(`run ${i + 1}: CGI spaced p50 ${summarize(spaced.at(-1)!.samples, 1).p50Ms.toFixed(1)} ms (${spaced.at(-1)!.warmStarts}/${spaced.at(-1)!.samples.length} warm), b2b ${last(b2b).reqPerSec.toFixed(2)} req/s, FastCGI p50 ${last(fcgi).p50Ms.toFixed(3)} ms ${last(fcgi).reqPerSec.toFixed(0)} req/s`);
        }
        r.cgi.spaced = latency(spaced, true);
        r.cgi.backToBack = latency(b2b);
        r.fastcgi = { ...latency(fcgi), startMs: fcgi[0]!.startMs };
        const cgiRuns = [...spaced, ...b2b];
        const counts = cgiRuns.flatMap((x) => x.counts);
        const interpreters = cgiRuns.reduce((a, x) => a + x.interpretersUsed, 0);
        const allFresh = counts.every((c) => c === 1) && interpreters === counts.length;
        r.cgi.freshInterpreter = { requests: counts.length, allFresh };
        if (!allFresh) {
          failed = true;
          notes.push(`FRESH-INTERPRETER CHECK FAILED: ${counts.filter((c) => c !== 1).length} of ${counts.length} CGI responses were not hits=1; ${interpreters} interpreters for ${counts.length} requests`);
        }
        // With 4 in flight the counters are checked as a set (checkCounts): none repeated or skipped.
        const fRising = fcgi.every((x) => checkCounts(x).ok);
        notes.push(`FastCGI counter app: ${fRising ? "counted up by one on every request (one process)" : "did NOT count up steadily"}; starting it took ${r.fastcgi.startMs?.toFixed(0) ?? "–"} ms; ${fcgi[0]!.concurrency} requests in flight`);
        const errors = [...cgiRuns, ...fcgi].reduce((a, x) => a + x.errors, 0);
        if (errors) notes.push(`${errors} non-200 responses in the loops`);

        log(`memory: ${memRequests} CGI requests`);
        await s.run({ mode: "cgi", count: 10, pacing: "back-to-back" });
        const m10 = await s.memory();
        // In steps, to see the trend: 10 → 100 → 250 → memRequests.
        const steps = [100, 250, memRequests].filter((x, i, a) => x > 10 && x <= memRequests && a.indexOf(x) === i);
        const trend: string[] = [`10: ${m10.pssMb.toFixed(0)}`];
        let done = 10;
        let m500 = m10;
        const big: BenchRunResult = { counts: [], samples: [] } as unknown as BenchRunResult;
        for (const upTo of steps) {
          const part = await s.run({ mode: "cgi", count: upTo - done, pacing: "back-to-back", maxMs: 400_000 });
          big.counts.push(...part.counts);
          big.samples.push(...part.samples);
          done += part.samples.length;
          m500 = await s.memory();
          trend.push(`${done}: ${m500.pssMb.toFixed(0)}`);
        }
        r.memoryGrowthMbAfter500Cgi = done >= memRequests ? m500.pssMb - m10.pssMb : NaN;
        notes.push(`browser memory (PSS MiB) after N CGI requests — ${trend.join(", ")}; RSS sum ${m10.rssMb.toFixed(0)} → ${m500.rssMb.toFixed(0)} MiB in ${m500.processes} processes`);
        if (!big.counts.every((c) => c === 1)) {
          failed = true;
          r.cgi.freshInterpreter.allFresh = false;
          notes.push("FRESH-INTERPRETER CHECK FAILED in the memory run");
        }
        r.cgi.freshInterpreter.requests += big.counts.length;
      } finally {
        await s.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  if (!flag("no-servers")) {
    if (!haveCommand("wrk") && !ensureBenchPeers()) notes.push("wrk/apache2 are missing and apt-get could not install them");
    if (haveCommand("wrk")) {
      log(`cgi-lab serve with wrk (${wrkSeconds} s each)`);
      const n = await benchCgiLabServe(wrkSeconds);
      r.node = { cgi: n.cgi, fastcgi: n.fastcgi, notes: n.notes };
      if (n.cgiFresh === false) failed = true;
      log("real Apache with wrk");
      const a = await benchRealApache(wrkSeconds);
      if (a) r.apache = { cgi: a.cgi, fastcgi: a.fastcgi, notes: a.notes };
      else r.apache.notes.push("apache2 is not installed");
    } else {
      notes.push("wrk is not installed: Node and Apache figures skipped");
    }
  }

  r.targets = evaluateTargets(r);
  writeFileSync(join(REPO, "bench/results.json"), JSON.stringify(r, null, 2) + "\n");

  const out: string[] = [];
  out.push(`CGI Lab benchmark — ${r.date}, ${r.machine.cpus} CPUs, load ${r.machine.loadAvg.join(" ")}, Node ${r.machine.node}, Chromium ${r.machine.chromium} (${CHROMIUM}); medians of ${runs} runs`);
  out.push("", "Targets", targetsTable(r.targets));
  out.push("", "CGI and FastCGI, three ways", comparisonTable(r));
  out.push(
    "",
    "Other figures",
    formatTable(
      ["figure", "value"],
      [
        ["first visit transfer until Python ready", `${r.firstVisitTransferMb.toFixed(2)} MB`],
        ["initial JS files", r.initialJsFiles.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB gz`).join(", ")],
        ["FastCGI app start (first request)", r.fastcgi.startMs === null ? "–" : `${r.fastcgi.startMs.toFixed(0)} ms`],
        ["CGI requests checked for a fresh interpreter", `${r.cgi.freshInterpreter.requests} (${r.cgi.freshInterpreter.allFresh ? "all hits=1" : "FAILED"})`],
      ],
    ),
  );
  out.push("", "Notes", ...[...notes, ...r.node.notes, ...r.apache.notes].map((n) => `- ${n}`));
  console.log(out.join("\n"));
  if (failed) {
    console.error("bench: the fresh-interpreter check failed");
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
