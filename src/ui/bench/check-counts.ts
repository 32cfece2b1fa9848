/**
 * The benchmark's honesty check on what the responses printed: every CGI
 * response must say hits=1 (a new interpreter each time); the FastCGI
 * counters must be consecutive with none repeated (one process that stayed
 * and kept its counter). With several requests in flight the counters are
 * checked as a set: a restart or a second process would repeat a value.
 */
import type { BenchRunResult } from "../../worker/api.ts";

export function checkCounts(r: Pick<BenchRunResult, "mode" | "counts" | "interpretersUsed" | "startMs">): { ok: boolean; text: string } {
  const n = r.counts.length;
  if (r.mode === "cgi") {
    const ones = r.counts.filter((c) => c === 1).length;
    return ones === n
      ? { ok: true, text: `hits=1 in all ${n} responses: every request ran in a new interpreter (${r.interpretersUsed} started).` }
      : { ok: false, text: `only ${ones} of ${n} responses said hits=1: some interpreter was reused.` };
  }
  const sorted = r.counts.every((c) => c !== null) ? [...(r.counts as number[])].sort((a, b) => a - b) : [];
  const first = sorted[0];
  const rising = sorted.length === n && n > 0 && sorted.every((c, i) => c === first! + i);
  return rising
    ? {
        ok: true,
        text: `hits went ${first} → ${sorted[n - 1]}${r.startMs !== null && first === 2 ? " (hit 1 was the request that started it)" : ""}: one process stayed and kept its counter.`,
      }
    : { ok: false, text: `the counter did not go up by one each time: the process was restarted.` };
}
