/** Small SVG plots for the benchmark panel, drawn at the container's pixel width (no chart library). */
import { useLayoutEffect, useRef, useState, type RefObject } from "react";
import { formatMs, formatRate, histogram, logEdges, logRange, percentile } from "./stats.ts";

function useWidth(fallback = 560): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [w, setW] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setW(Math.max(240, Math.floor(el.clientWidth)));
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

const decadeLabel = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

export interface Series {
  label: string;
  className: string;
  samples: readonly number[];
}

/** One row per series on a shared log-scale time axis; bar height is the share of that series' requests. */
export function LatencyHistogram({ series, bins = 36 }: { series: readonly Series[]; bins?: number }) {
  const [ref, width] = useWidth();
  const { lo, hi } = logRange(...series.map((s) => s.samples));
  const edges = logEdges(lo, hi, bins);
  const left = 64;
  const right = 12;
  const rowH = 64;
  const top = 8;
  const axisH = 22;
  const height = top + series.length * rowH + axisH;
  const plotW = width - left - right;
  const x = (v: number) => left + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plotW;
  const decades: number[] = [];
  for (let d = lo; d <= hi * 1.0001; d *= 10) decades.push(Number(d.toPrecision(1)));
  const summary = series
    .filter((s) => s.samples.length)
    .map((s) => `${s.label}: ${s.samples.length} requests, median ${formatMs(percentile(s.samples, 50))}`)
    .join("; ");
  return (
    <div ref={ref} className="bench-plot">
      <svg width={width} height={height} role="img" aria-label={`Latency distribution. ${summary}`}>
        {decades.map((d) => (
          <g key={d}>
            <line className="grid" x1={x(d)} x2={x(d)} y1={top} y2={top + series.length * rowH} />
            <text className="tick" x={x(d)} y={height - 6} textAnchor="middle">
              {decadeLabel(d)}
            </text>
          </g>
        ))}
        {series.map((s, row) => {
          const counts = histogram(s.samples, edges);
          const max = Math.max(1, ...counts.map((b) => b.count));
          const base = top + (row + 1) * rowH - 4;
          const p50 = s.samples.length ? percentile(s.samples, 50) : NaN;
          return (
            <g key={s.label} className={`series ${s.className}`}>
              <text className="row-label" x={4} y={base - rowH / 2 + 8}>
                {s.label}
              </text>
              <line className="baseline" x1={left} x2={left + plotW} y1={base} y2={base} />
              {counts.map((b, i) =>
                b.count ? (
                  <rect key={i} x={x(b.from) + 0.5} width={Math.max(1, x(b.to) - x(b.from) - 1)} y={base - ((rowH - 26) * b.count) / max} height={((rowH - 26) * b.count) / max}>
                    <title>{`${formatMs(b.from)} – ${formatMs(b.to)}: ${b.count}`}</title>
                  </rect>
                ) : null,
              )}
              {Number.isFinite(p50) && (
                <g className="p50">
                  <line x1={x(p50)} x2={x(p50)} y1={base - rowH + 8} y2={base} />
                  {/* Right of the line, or left of it near the right edge. */}
                  <text
                    x={x(p50) + 4 > left + plotW - 70 ? x(p50) - 4 : x(p50) + 4}
                    textAnchor={x(p50) + 4 > left + plotW - 70 ? "end" : "start"}
                    y={base - rowH + 16}
                  >
                    p50 {formatMs(p50)}
                  </text>
                </g>
              )}
              {!s.samples.length && (
                <text className="tick" x={left + 8} y={base - 8}>
                  not run yet
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export interface Bar {
  label: string;
  value: number;
  className: string;
}

/** Horizontal bars on a log scale (CGI and FastCGI differ by orders of magnitude). */
export function ThroughputBars({ bars }: { bars: readonly Bar[] }) {
  const [ref, width] = useWidth();
  const left = 112;
  const right = 72;
  const barH = 18;
  const gap = 10;
  const axisH = 20;
  const height = bars.length * (barH + gap) + axisH;
  const finite = bars.map((b) => b.value).filter((v) => Number.isFinite(v) && v > 0);
  const lo = 1;
  const hi = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(10, ...finite) * 1.0001)));
  const plotW = width - left - right;
  const x = (v: number) => left + (Math.log10(Math.max(lo, v)) / Math.log10(hi)) * plotW;
  const decades: number[] = [];
  for (let d = lo; d <= hi; d *= 10) decades.push(d);
  const summary = bars.map((b) => `${b.label} ${formatRate(b.value)}`).join(", ");
  return (
    <div ref={ref} className="bench-plot">
      <svg width={width} height={height} role="img" aria-label={`Requests per second: ${summary}`}>
        {decades.map((d) => (
          <g key={d}>
            <line className="grid" x1={x(d)} x2={x(d)} y1={0} y2={height - axisH} />
            <text className="tick" x={x(d)} y={height - 5} textAnchor="middle">
              {d >= 1000 ? `${d / 1000}k` : d}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const y = i * (barH + gap) + 4;
          const ok = Number.isFinite(b.value) && b.value > 0;
          return (
            <g key={b.label} className={`series ${b.className}`}>
              <text className="row-label" x={4} y={y + barH - 5}>
                {b.label}
              </text>
              {ok && <rect x={left} y={y} width={Math.max(2, x(b.value) - left)} height={barH} rx={2} />}
              <text className="value" x={ok ? x(b.value) + 5 : left + 5} y={y + barH - 5}>
                {ok ? formatRate(b.value) : "–"}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
