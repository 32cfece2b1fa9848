/**
 * "CGI vs FastCGI": fires N requests in each mode through a scratch server
 * in the engine worker (the user's files and processes are not touched),
 * then plots both latency distributions and throughputs beside the real
 * Apache figures. Lessons embed it: <CgiVsFastcgiPanel />.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { BenchMode, BenchRunArgs, BenchRunResult } from "../../worker/api.ts";
import { engine } from "../../worker/client.ts";
import { checkCounts } from "./check-counts.ts";
import { REAL_APACHE } from "./report.ts";
import { formatMs, formatRate, summarize, type Summary } from "./stats.ts";
import { LatencyHistogram, ThroughputBars } from "./plots.tsx";
import "./bench-panel.css";

export interface CgiVsFastcgiPanelProps {
  /** Requests per mode to start with (the user can change it). Default 20. */
  initialCount?: number;
  /** Heading level text; lessons may pass their own. */
  title?: string;
}

interface ModeState {
  done: number;
  total: number;
  result: BenchRunResult | null;
  summary: Summary | null;
}

const EMPTY: ModeState = { done: 0, total: 0, result: null, summary: null };

export interface BenchHook {
  run(args: BenchRunArgs): Promise<BenchRunResult>;
  teardown(): Promise<void>;
}

declare global {
  // For `npm run bench`: the same calls the panel makes, reachable from the page while it is open.
  var cgiLabBench: BenchHook | undefined;
}

export { checkCounts } from "./check-counts.ts";

export function CgiVsFastcgiPanel({ initialCount = 20, title = "CGI vs FastCGI" }: CgiVsFastcgiPanelProps) {
  const headingId = useId();
  const countId = useId();
  const inFlightId = useId();
  const [count, setCount] = useState(initialCount);
  // FastCGI requests in flight at once: 1, or 4 as `wrk -c4` against real Apache.
  const [inFlight, setInFlight] = useState(1);
  const [spaced, setSpaced] = useState(false);
  const [running, setRunning] = useState<BenchMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modes, setModes] = useState<Record<BenchMode, ModeState>>({ cgi: EMPTY, fastcgi: EMPTY });
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    globalThis.cgiLabBench = {
      run: (args) => engine().call("bench.run", args),
      teardown: () => engine().call("bench.teardown", {}),
    };
    const off = engine().on((e) => {
      if (e.type !== "bench-progress" || !live.current) return;
      setModes((m) => ({ ...m, [e.mode]: { ...m[e.mode], done: e.done, total: e.total } }));
    });
    return () => {
      live.current = false;
      off();
      globalThis.cgiLabBench = undefined;
      // Stop the scratch server's FastCGI process: its interpreter holds memory.
      engine().call("bench.teardown", {}).catch(() => {});
    };
  }, []);

  const run = useCallback(async () => {
    setError(null);
    const n = Math.max(1, Math.min(500, Math.floor(count) || 1));
    setModes({ cgi: { ...EMPTY, total: n }, fastcgi: { ...EMPTY, total: n } });
    try {
      for (const mode of ["cgi", "fastcgi"] as const) {
        if (!live.current) return;
        setRunning(mode);
        const r = await engine().call("bench.run", {
          mode,
          count: n,
          pacing: mode === "cgi" && spaced ? "spaced" : "back-to-back",
          concurrency: mode === "fastcgi" ? inFlight : 1,
        });
        if (!live.current) return;
        // Spaced runs wait between requests: their throughput is the time spent serving.
        const wall = r.mode === "cgi" && spaced ? r.busyMs : r.wallMs;
        setModes((m) => ({ ...m, [mode]: { done: r.samples.length, total: n, result: r, summary: summarize(r.samples, wall) } }));
      }
    } catch (e) {
      if (live.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (live.current) setRunning(null);
    }
  }, [count, spaced, inFlight]);

  const cgi = modes.cgi;
  const fcgi = modes.fastcgi;
  const haveBoth = !!(cgi.summary && fcgi.summary);
  const ratio = haveBoth ? fcgi.summary!.reqPerSec / cgi.summary!.reqPerSec : NaN;

  return (
    <section className="bench-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="bench-lead">
        The same kind of program, served two ways: <strong>CGI</strong> starts a new Python for every request;{" "}
        <strong>FastCGI</strong> starts one Python once and sends it request after request. Both run here, in your browser, on a scratch
        copy of the server (your files are not touched).
      </p>

      <div className="bench-controls">
        <label htmlFor={countId}>Requests per mode</label>
        <input
          id={countId}
          type="number"
          min={1}
          max={500}
          value={count}
          disabled={running !== null}
          onChange={(e) => setCount(Number(e.target.value))}
        />
        <label className="check" title="Before each CGI request, wait until the spare interpreters have booted">
          <input type="checkbox" checked={spaced} disabled={running !== null} onChange={(e) => setSpaced(e.target.checked)} />
          space CGI requests out
        </label>
        <label htmlFor={inFlightId} title="Requests sent to the FastCGI application without waiting for the previous answer">
          FastCGI requests in flight
        </label>
        <select id={inFlightId} value={inFlight} disabled={running !== null} onChange={(e) => setInFlight(Number(e.target.value))}>
          <option value={1}>1</option>
          <option value={4}>4 (as wrk -c4)</option>
        </select>
        <button type="button" className="run" disabled={running !== null} onClick={() => void run()}>
          {running ? "Running…" : "Run both"}
        </button>
      </div>

      <div className="bench-progress">
        <ProgressRow label="CGI" state={cgi} active={running === "cgi"} />
        <ProgressRow label="FastCGI" state={fcgi} active={running === "fastcgi"} />
      </div>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}

      <div className="bench-figures">
        <Figures label="CGI" mode="cgi" state={cgi} spaced={spaced} />
        <Figures label="FastCGI (mod_fastcgi)" mode="fastcgi" state={fcgi} spaced={false} />
      </div>

      {(cgi.result || fcgi.result) && (
        <div className="bench-plots">
          <figure>
            <figcaption>Time per request (log scale)</figcaption>
            <LatencyHistogram
              series={[
                { label: "CGI", className: "cgi", samples: cgi.result?.samples ?? [] },
                { label: "FastCGI", className: "fastcgi", samples: fcgi.result?.samples ?? [] },
              ]}
            />
          </figure>
          <figure>
            <figcaption>Requests per second (log scale)</figcaption>
            <ThroughputBars
              bars={[
                { label: "CGI here", value: cgi.summary?.reqPerSec ?? NaN, className: "cgi" },
                { label: "FastCGI here", value: fcgi.summary?.reqPerSec ?? NaN, className: "fastcgi" },
                { label: "Apache CGI", value: REAL_APACHE.cgi.reqPerSec, className: "cgi real" },
                { label: "Apache FastCGI", value: REAL_APACHE.fastcgi.reqPerSec, className: "fastcgi real" },
              ]}
            />
          </figure>
        </div>
      )}

      <div className="bench-explain">
        {haveBoth && (
          <p>
            <strong>Here, FastCGI served {formatRate(ratio)}× as many requests per second as CGI.</strong> On a real server (Apache 2.4,
            Python 3.11, two cores) the ratio was {Math.round(REAL_APACHE.fastcgi.reqPerSec / REAL_APACHE.cgi.reqPerSec)}×:{" "}
            {REAL_APACHE.cgi.reqPerSec} vs {REAL_APACHE.fastcgi.reqPerSec.toLocaleString("en-US")} requests per second.
          </p>
        )}
        <p>
          <strong>Where the difference comes from.</strong> A CGI request pays for a whole new process: the server forks, the kernel
          loads Python, Python initialises itself and imports its modules, runs a few lines of your script, and exits. That start-up is
          nearly all the time (about 12 ms for <code>python3</code> on a real machine; here, a new WebAssembly interpreter restored from a
          snapshot in a new worker). A FastCGI application is started once and stays: each request is only a few records over an open
          connection to a Python that is already running, with its imports done and its variables kept, which is why its counter goes up
          while CGI's always says 1.
        </p>
        <p className="muted small">
          Times are measured inside the engine worker around the emulated httpd, one request at a time (FastCGI: as many in flight as
          chosen; the application still serves one at a time, being one single-threaded Python, so more in flight only lets the server's
          work overlap the application's, which runs on another thread). Without spacing, CGI requests
          wait for the next interpreter to boot; spaced out, each one finds a spare booted in advance (which a real server cannot do: it
          has to start the process when the request arrives).
        </p>
      </div>
    </section>
  );
}

function ProgressRow({ label, state, active }: { label: string; state: ModeState; active: boolean }) {
  const pct = state.total ? Math.round((state.done / state.total) * 100) : 0;
  return (
    <div className={`bench-progress-row${active ? " active" : ""}`}>
      <span className="bench-progress-label">{label}</span>
      <progress max={100} value={pct} aria-label={`${label} requests done`} />
      <span className="bench-progress-count mono">
        {state.done}/{state.total || "–"}
      </span>
    </div>
  );
}

function Figures({ label, mode, state, spaced }: { label: string; mode: BenchMode; state: ModeState; spaced: boolean }) {
  const s = state.summary;
  const r = state.result;
  const check = r ? checkCounts(r) : null;
  const real = REAL_APACHE[mode];
  return (
    <div className={`bench-card ${mode}`} role="group" aria-label={`${label} figures`}>
      <h3>{label}</h3>
      <dl>
        <dt>median (p50)</dt>
        <dd>{s ? formatMs(s.p50Ms) : "–"}</dd>
        <dt>p95</dt>
        <dd>{s ? formatMs(s.p95Ms) : "–"}</dd>
        <dt>requests / s{mode === "cgi" && spaced ? " (serving time)" : ""}</dt>
        <dd>{s ? formatRate(s.reqPerSec) : "–"}</dd>
        <dt>real Apache</dt>
        <dd>
          {formatRate(real.reqPerSec)} req/s, p50 {formatMs(real.p50Ms)}
        </dd>
      </dl>
      {r && mode === "fastcgi" && (
        <p className="small muted">
          {r.concurrency === 1 ? "1 request in flight at a time" : `${r.concurrency} requests in flight at a time`}
        </p>
      )}
      {r?.startMs != null && <p className="small muted">Starting the application (first request, not counted): {formatMs(r.startMs)}</p>}
      {check && <p className={`small ${check.ok ? "bench-ok" : "warn"}`}>{check.text}</p>}
    </div>
  );
}

export default CgiVsFastcgiPanel;
