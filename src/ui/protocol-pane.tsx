import type { Exchange } from "../server/exchange.ts";
import { CgiProtocol } from "./cgi-protocol.tsx";
import { FastCgiProtocol } from "./fastcgi-protocol.tsx";
import { TimelineStrip } from "./timeline-strip.tsx";

export function ProtocolPane({ exchange }: { exchange: Exchange | null }) {
  return (
    <section className="pane protocol-pane" role="region" aria-label="Protocol">
      <h2 className="pane-title">
        Protocol {exchange && <span className="count">handler {exchange.handler}</span>}
      </h2>
      <div className="pane-body" tabIndex={0}>
        {!exchange && <p className="muted">The bytes between the server and the program appear here.</p>}
        {exchange?.redirects.map((r, i) => (
          <p key={i} className="note">
            internal redirect {r.from} → {r.to}
          </p>
        ))}
        {exchange?.cgi && <CgiProtocol cgi={exchange.cgi} />}
        {exchange?.fastcgi?.map((f, i) => <FastCgiProtocol key={i} capture={f} />)}
        {exchange && !exchange.cgi && !exchange.fastcgi?.length && (
          <p className="muted">
            No program ran: <code>{exchange.handler}</code> answered this request itself.
          </p>
        )}
        {exchange && <TimelineStrip events={exchange.timeline} durationMs={exchange.durationMs} />}
      </div>
    </section>
  );
}
