import type { TimelineEvent } from "../server/exchange.ts";

/** The request's timeline as a row of labelled ticks, proportional to time. */
export function TimelineStrip({ events, durationMs }: { events: TimelineEvent[]; durationMs: number }) {
  if (!events.length) return null;
  const total = Math.max(durationMs, events[events.length - 1].t, 0.001);
  return (
    <div className="timeline" role="group" aria-label="Timeline">
      <div className="timeline-bar">
        {events.map((e, i) => (
          <span key={i} className="tick" style={{ left: `${(e.t / total) * 100}%` }} title={`${e.t.toFixed(1)} ms ${e.label}`} />
        ))}
      </div>
      <ol className="timeline-list">
        {events.map((e, i) => (
          <li key={i}>
            <span className="t">{e.t.toFixed(1)} ms</span> {e.label}
          </li>
        ))}
      </ol>
    </div>
  );
}
