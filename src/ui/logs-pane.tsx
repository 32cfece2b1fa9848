import { useEffect, useRef, useState } from "react";
import { LOG_FILES } from "../worker/api.ts";
import { useLog } from "./hooks/use-engine.ts";

/** error_log, access_log and audit.log, following new lines as they are written. */
export function LogsPane() {
  const [file, setFile] = useState<string>(LOG_FILES[0]);
  const lines = useLog(file);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Scroll the pane only, never the page (scrollIntoView would move the page on phones).
    const box = end.current?.parentElement;
    if (box) box.scrollTop = box.scrollHeight;
  }, [lines]);
  return (
    <section className="pane logs-pane" role="region" aria-label="Logs">
      <div className="pane-title">
        <h2>Logs</h2>
        <select aria-label="Log file" value={file} onChange={(e) => setFile(e.target.value)}>
          {LOG_FILES.map((f) => (
            <option key={f} value={f}>
              {f.slice(f.lastIndexOf("/") + 1)}
            </option>
          ))}
        </select>
        <span className="muted small">{file}</span>
      </div>
      <div className="pane-body log-lines" tabIndex={0} aria-live="polite">
        {lines.length === 0 && <p className="muted">(empty)</p>}
        {lines.map((l, i) => (
          <div key={i} className={/\[(\w+:)?error\]|denied/.test(l) ? "log-line err" : "log-line"}>
            {l}
          </div>
        ))}
        <div ref={end} />
      </div>
    </section>
  );
}
