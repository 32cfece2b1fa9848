import { describe, expect, it } from "vitest";
import { comparisonTable, evaluateTargets, formatTable, formatValue, targetsTable, type BenchResults } from "./report.ts";

const lat = (p50Ms: number, reqPerSec: number) => ({ p50Ms, p95Ms: p50Ms * 2, reqPerSec });

function results(over: Partial<BenchResults> = {}): BenchResults {
  return {
    date: "2025-01-01T00:00:00Z",
    machine: { cpus: 2, loadAvg: [1, 1, 1], node: "v20", chromium: "156" },
    runs: 3,
    editorReadyMs: 700,
    firstResponseColdMs: 3000,
    firstResponseRepeatMs: 600,
    firstResponseWhat: "lesson 1",
    firstCgiResponseColdMs: 2500,
    firstCgiResponseRepeatMs: 801,
    firstCgiResponseWhat: "default script",
    cgi: { spaced: lat(9, 20), backToBack: lat(300, 3.2), freshInterpreter: { requests: 40, allFresh: true } },
    fastcgi: { ...lat(0.9, 1000), startMs: 500 },
    memoryGrowthMbAfter500Cgi: 20,
    memoryMethod: "pss",
    initialJsGzipKb: 150,
    initialJsFiles: [],
    firstVisitTransferMb: 20,
    transferMethod: "server",
    node: { cgi: null, fastcgi: null, notes: [] },
    apache: { cgi: null, fastcgi: null, notes: [] },
    targets: [],
    notes: [],
    ...over,
  };
}

describe("evaluateTargets", () => {
  it("marks each target met or not, inclusive at the limit", () => {
    const byId = Object.fromEntries(evaluateTargets(results()).map((t) => [t.id, t.met]));
    expect(byId).toEqual({
      editorReady: true,
      firstResponseCold: false,
      firstResponseRepeat: true,
      firstCgiResponseCold: true,
      firstCgiResponseRepeat: false,
      fastcgiP50: true,
      fastcgiRate: false,
      cgiSpacedP50: true,
      cgiB2bRate: false,
      memoryGrowth: true,
      initialJs: true,
    });
  });
  it("reports a figure that could not be measured as not measured", () => {
    const t = evaluateTargets(results({ memoryGrowthMbAfter500Cgi: NaN })).find((x) => x.id === "memoryGrowth")!;
    expect(t).toMatchObject({ value: null, met: null });
  });
  it("does not credit CGI throughput unless every interpreter was fresh", () => {
    const r = results({ cgi: { spaced: lat(9, 20), backToBack: lat(100, 9), freshInterpreter: { requests: 40, allFresh: false } } });
    expect(evaluateTargets(r).find((x) => x.id === "cgiB2bRate")).toMatchObject({ value: null, met: null });
  });
});

describe("tables", () => {
  it("pads columns to the widest cell", () => {
    expect(formatTable(["a", "bb"], [["ccc", "d"]])).toBe("a    bb\n---  --\nccc  d");
  });
  it("prints targets with their verdicts", () => {
    const text = targetsTable(evaluateTargets(results()));
    expect(text).toContain("editor ready (cold)");
    expect(text).toMatch(/first response \(lesson 1\), cold\s+3\.0 s\s+≤ 2\.5 s\s+NOT MET/);
    expect(text).toMatch(/first CGI response, repeat\s+801 ms\s+≤ 800 ms\s+NOT MET/);
    expect(text).toMatch(/FastCGI p50\s+0\.90 ms\s+≤ 1\.50 ms\s+met/);
  });
  it("shows missing servers as dashes", () => {
    expect(comparisonTable(results())).toMatch(/real Apache mod_cgi\s+–\s+–\s+–/);
    expect(formatValue(1234.5, "req/s")).toBe("1,235 req/s");
    expect(formatValue(0.5, "KB")).toBe("0.5 KB");
  });
});
