import { useState } from "react";
import { headerValue } from "../protocol/http-message.ts";
import type { Exchange } from "../server/exchange.ts";
import { HexView } from "./hex-view.tsx";
import { formatBytes } from "./model/bytes.ts";
import { VisibleBytes } from "./visible-bytes.tsx";

type View = "text" | "hex" | "rendered";

export function ResponsePane({ exchange }: { exchange: Exchange | null }) {
  const [view, setView] = useState<View>("text");
  const r = exchange?.response;
  const type = r ? (headerValue(r.headers, "Content-Type") ?? "") : "";
  const isHtml = type.startsWith("text/html");
  return (
    <section className="pane response-pane" role="region" aria-label="Response">
      <h2 className="pane-title">
        Response {exchange && <span className="count">{exchange.durationMs.toFixed(0)} ms</span>}
      </h2>
      <div className="pane-body" tabIndex={0}>
        {!r && <p className="muted">The HTTP response the browser would receive.</p>}
        {r && (
          <>
            <pre className={`status-line status-${Math.floor(r.status / 100)}xx`}>
              {exchange!.request.version} {r.status} {r.reason}
            </pre>
            <table className="headers-table">
              <tbody>
                {r.headers.map(([n, v], i) => (
                  <tr key={i}>
                    <th scope="row">{n}</th>
                    <td>
                      <code>{v}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="view-switch" role="radiogroup" aria-label="Body view">
              <span className="muted small">Body {formatBytes(r.body.length)}</span>
              {(["text", "hex", "rendered"] as View[]).map((v) => (
                <label key={v} className="check small">
                  <input type="radio" name="body-view" checked={view === v} onChange={() => setView(v)} /> {v}
                </label>
              ))}
            </div>
            {view === "text" && <VisibleBytes bytes={r.body} className="bytes-text body-text" />}
            {view === "hex" && <HexView bytes={r.body} label="Response body bytes" />}
            {view === "rendered" &&
              (isHtml ? (
                <iframe className="rendered" title="Rendered response body" sandbox="" srcDoc={new TextDecoder().decode(r.body)} />
              ) : (
                <pre className="bytes-text body-text">{new TextDecoder().decode(r.body)}</pre>
              ))}
          </>
        )}
      </div>
    </section>
  );
}
