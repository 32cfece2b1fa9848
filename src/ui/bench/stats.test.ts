import { describe, expect, it } from "vitest";
import { formatMs, formatRate, histogram, logEdges, logRange, median, medianOf, percentile, summarize } from "./stats.ts";

describe("percentile", () => {
  it("interpolates between ranks and ignores input order", () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2.5);
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([0, 100], 95)).toBeCloseTo(95);
    expect(percentile([], 50)).toBeNaN();
  });
  it("clamps p to 0..100", () => {
    expect(percentile([1, 2, 3], -5)).toBe(1);
    expect(percentile([1, 2, 3], 500)).toBe(3);
  });
});

describe("summarize and medianOf", () => {
  it("gives percentiles and requests per second of wall time", () => {
    const s = summarize([1, 2, 3, 4], 2000);
    expect(s).toMatchObject({ n: 4, p50Ms: 2.5, minMs: 1, maxMs: 4, meanMs: 2.5, reqPerSec: 2 });
    expect(summarize([], 0).reqPerSec).toBeNaN();
  });
  it("takes the median of each field across runs, skipping NaN", () => {
    expect(medianOf([{ a: 1, b: 10 }, { a: 3, b: NaN }, { a: 2, b: 30 }])).toEqual({ a: 2, b: 20 });
    expect(median([5, 1, 3])).toBe(3);
  });
});

describe("histogram on a log axis", () => {
  it("spaces edges evenly in log10", () => {
    const e = logEdges(0.1, 1000, 4);
    expect(e.map((x) => Math.round(Math.log10(x) * 1000) / 1000)).toEqual([-1, 0, 1, 2, 3]);
  });
  it("counts every sample once, clamping the ones outside", () => {
    const bins = histogram([0.05, 0.5, 0.9, 5, 50, 500, 5000], logEdges(0.1, 1000, 4));
    expect(bins.map((b) => b.count)).toEqual([3, 1, 1, 2]);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(7);
  });
  it("rounds a shared range to decades", () => {
    expect(logRange([0.7, 0.9], [12, 340])).toEqual({ lo: 0.1, hi: 1000 });
    expect(logRange([])).toEqual({ lo: 0.1, hi: 1000 });
    expect(logRange([1])).toEqual({ lo: 1, hi: 10 });
  });
});

describe("formatting", () => {
  it("keeps about three significant figures", () => {
    expect(formatMs(0.843)).toBe("0.84 ms");
    expect(formatMs(46.94)).toBe("46.9 ms");
    expect(formatMs(317.2)).toBe("317 ms");
    expect(formatMs(2480)).toBe("2.5 s");
    expect(formatMs(NaN)).toBe("–");
    expect(formatRate(3910.4)).toBe("3,910");
    expect(formatRate(77)).toBe("77.0");
    expect(formatRate(3.456)).toBe("3.46");
  });
});
