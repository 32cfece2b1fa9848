import { useMemo, useState } from "react";
import type { CgiCapture } from "../server/exchange.ts";
import { HexView } from "./hex-view.tsx";
import { VisibleBytes } from "./visible-bytes.tsx";
import { concat } from "./model/bytes.ts";
import { cgiSegments, groupSegments } from "./model/cgi-streams.ts";

function endText(cgi: CgiCapture): string {
  if (cgi.notStarted) return `not started: ${cgi.notStarted}`;
  const e = cgi.end;
  if (!e) return "still running";
  if (e.kind === "exit") return `exit status ${e.code}`;
  if (e.kind === "killed") return `killed: ${e.reason}`;
  if (e.kind === "crashed") return `crashed: ${e.message}`;
  return `stopped at the ${e.limitBytes}-byte output limit`;
}

/** stdin, stdout and stderr in the order they crossed the process boundary. */
export function CgiProtocol({ cgi }: { cgi: CgiCapture }) {
  const segments = useMemo(() => groupSegments(cgiSegments(cgi)), [cgi]);
  const all = useMemo(() => concat(segments.map((s) => s.bytes)), [segments]);
  const [selected, setSelected] = useState<number | null>(null);
  const [hex, setHex] = useState(false);
  const sel = selected !== null ? segments[selected] : null;
  const streamAt = (o: number) => {
    const s = segments.find((x) => o >= x.start && o < x.start + x.bytes.length);
    return s ? `s-${s.stream}${s.part === "body" ? " s-body" : ""}` : "";
  };
  return (
    <div className="cgi-protocol">
      <p className="proto-summary">
        <code>{cgi.argv.join(" ") || cgi.script}</code> · {endText(cgi)} · {cgi.durationMs.toFixed(0)} ms ·{" "}
        {cgi.warmStart ? "interpreter was ready (warm)" : "fresh interpreter (cold)"}
      </p>
      <label className="check small">
        <input type="checkbox" checked={hex} onChange={(e) => setHex(e.target.checked)} /> hex + ASCII
      </label>
      {cgi.stdin.length === 0 && !cgi.notStarted && (
        <p className="muted small">→ stdin: 0 B, the script reads end-of-file at once (the request has no body).</p>
      )}
      <ol className="segments" aria-label="Process streams">
        {segments.length === 0 && <li className="muted">No bytes crossed: the program wrote nothing.</li>}
        {segments.map((s, i) => (
          <li key={i} className={`segment s-${s.stream}${s.part === "body" ? " s-body" : ""}${i === selected ? " selected" : ""}`}>
            <button type="button" className="segment-head" aria-pressed={i === selected} onClick={() => setSelected(i === selected ? null : i)}>
              <span className="dir">{s.stream === "stdin" ? "→" : "←"}</span>
              <span className="stream">{s.stream}</span>
              {s.part && <span className="part">{s.part}</span>}
              <span className="len">
                {s.bytes.length} B{s.writes > 1 ? ` in ${s.writes} writes` : ""}
              </span>
              <span className="t">
                {s.t.toFixed(1)}
                {s.tEnd !== s.t ? `–${s.tEnd.toFixed(1)}` : ""} ms
              </span>
            </button>
            {!hex && <VisibleBytes bytes={s.bytes} />}
            {s.stream === "stdout" && s.part === "headers" && segments.slice(i + 1).find((x) => x.stream === "stdout")?.part === "body" && (
              <div className="boundary" role="separator">
                end of headers (blank line) · body starts at stdout byte {cgi.bodyOffset}
              </div>
            )}
          </li>
        ))}
      </ol>
      {cgi.bodyOffset === null && segments.some((s) => s.stream === "stdout") && (
        <p className="warn">The output never had a blank line, so the server found no end of the headers.</p>
      )}
      {hex && <HexView bytes={all} label="Stream bytes" classOf={streamAt} highlight={sel ? [sel.start, sel.start + sel.bytes.length] : null} />}
    </div>
  );
}
