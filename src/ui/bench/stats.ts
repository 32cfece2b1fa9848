/**
 * Statistics for the benchmarks (the panel and `npm run bench`): percentiles,
 * a summary of one run, medians across runs, and log-scale histogram bins.
 * Pure functions, no DOM.
 */

/** Percentile by linear interpolation between closest ranks (numpy's default). NaN for no data. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export interface Summary {
  n: number;
  p50Ms: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  /** Requests completed per second of wall time. */
  reqPerSec: number;
}

/** One run: latencies (ms) and the wall time they took (ms). */
export function summarize(samples: readonly number[], wallMs: number): Summary {
  return {
    n: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    minMs: samples.length ? Math.min(...samples) : NaN,
    maxMs: samples.length ? Math.max(...samples) : NaN,
    meanMs: mean(samples),
    reqPerSec: wallMs > 0 ? samples.length / (wallMs / 1000) : NaN,
  };
}

/** The median of each field across runs. */
export function medianOf<T extends Record<string, number>>(runs: readonly T[]): T {
  const out: Record<string, number> = {};
  if (!runs.length) return out as T;
  for (const k of Object.keys(runs[0]!)) out[k] = median(runs.map((r) => r[k]!).filter((v) => Number.isFinite(v)));
  return out as T;
}

export interface Bin {
  /** Lower and upper edge, ms. */
  from: number;
  to: number;
  count: number;
}

/** Edges of `bins` bins spaced evenly in log10 between lo and hi (lo > 0). */
export function logEdges(lo: number, hi: number, bins: number): number[] {
  const a = Math.log10(Math.max(lo, 1e-3));
  const b = Math.log10(Math.max(hi, lo * 1.0001, 1e-3 * 1.0001));
  return Array.from({ length: bins + 1 }, (_, i) => 10 ** (a + ((b - a) * i) / bins));
}

/** Counts samples into the bins given by `edges` (the last bin includes its upper edge; outside values are clamped). */
export function histogram(samples: readonly number[], edges: readonly number[]): Bin[] {
  const bins: Bin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) bins.push({ from: edges[i]!, to: edges[i + 1]!, count: 0 });
  if (!bins.length) return bins;
  for (const x of samples) {
    let i = bins.findIndex((b) => x < b.to);
    if (i < 0) i = bins.length - 1;
    bins[i]!.count++;
  }
  return bins;
}

/** A round axis range around all samples, for a log-scale plot shared by several series. */
export function logRange(...series: readonly (readonly number[])[]): { lo: number; hi: number } {
  const all = series.flat().filter((x) => x > 0 && Number.isFinite(x));
  if (!all.length) return { lo: 0.1, hi: 1000 };
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all) * 1.0001));
  return { lo, hi: hi <= lo ? lo * 10 : hi };
}

/** "0.84 ms", "47 ms", "1.2 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10000 ? 0 : 1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "3,910", "77", "4.6". */
export function formatRate(r: number): string {
  if (!Number.isFinite(r)) return "–";
  if (r >= 100) return Math.round(r).toLocaleString("en-US");
  if (r >= 10) return r.toFixed(1);
  return r.toFixed(2);
}
