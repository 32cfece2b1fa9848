import { STAGE_LABEL } from "../worker/api.ts";
import { useProgress } from "./hooks/use-engine.ts";
import { formatBytes } from "./model/bytes.ts";

/** "Python ● ready", or the loading stage with bytes downloaded. */
export function PythonStatus() {
  const p = useProgress();
  const stage = p?.stage ?? "waiting";
  let text: string = STAGE_LABEL[stage];
  // A first visit's Python waits for the editor (python-start.ts): say so, not just "waiting".
  if (stage === "waiting" && p?.detail) text = "waiting for the editor";
  // The total is 0 while it is not known (a compressed or unsized download): the bytes alone then.
  if (stage === "downloading" && p?.loadedBytes) text += p.totalBytes ? ` ${formatBytes(p.loadedBytes)} / ${formatBytes(p.totalBytes)}` : ` ${formatBytes(p.loadedBytes)}`;
  const pct = stage === "downloading" && p?.totalBytes ? Math.min(100, Math.round((p.loadedBytes / p.totalBytes) * 100)) : null;
  return (
    <div className={`python-status stage-${stage}`} role="status" aria-live="polite" title={p?.detail ?? "Python 3 via Pyodide, running in your browser"}>
      <span className="dot" aria-hidden="true" />
      <span>
        Python <strong>{text}</strong>
      </span>
      {pct !== null && <progress max={100} value={pct} aria-label="Python download" />}
    </div>
  );
}
