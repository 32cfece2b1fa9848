import { describe, expect, it } from "vitest";
import type { PythonRunner } from "../runtime/python/browser.ts";
import type { EngineEvent } from "./api.ts";
import { PythonStart, type PythonStartDeps } from "./python-start.ts";

type Progress = Extract<EngineEvent, { type: "progress" }>;

/** A start that records when and how it was asked to begin; the runner is a stand-in. */
function fakeDeps(returning: boolean, deadlineMs = 60_000) {
  // The runner's boot: still going unless a test settles it.
  let settle!: { resolve(): void; reject(e: Error): void };
  const ready = { promise: new Promise<void>((resolve, reject) => (settle = { resolve, reject })) };
  const calls: { at: number; metered: boolean; report?: (p: { loaded: number; total: number | null; pending: number }) => void }[] = [];
  const deps: PythonStartDeps = {
    returning: async () => returning,
    start: (_url, options = {}) => {
      calls.push({ at: performance.now(), metered: !!options.onDownload, report: options.onDownload });
      return { runner: {} as PythonRunner, ready: ready.promise };
    },
    deadlineMs,
  };
  return { deps, calls, settle };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("PythonStart", () => {
  it("first visit: waits for the page's editor, then starts metered", async () => {
    const events: Progress[] = [];
    const { deps, calls } = fakeDeps(false);
    const p = new PythonStart("/pyodide/", (e) => e.type === "progress" && events.push(e), deps);
    await tick(20);
    expect(calls).toHaveLength(0);
    expect(p.stage).toBe("waiting");
    expect(events.at(-1)?.detail).toMatch(/once the editor is up/);
    p.pageIsUp();
    await p.started;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.metered).toBe(true);
    expect(p.stage).toBe("downloading");
  });

  it("first visit: starts after the deadline when the page never says so", async () => {
    const { deps, calls } = fakeDeps(false, 30);
    const p = new PythonStart("/pyodide/", () => {}, deps);
    await tick(5);
    expect(calls).toHaveLength(0);
    await p.started;
    expect(calls).toHaveLength(1);
  });

  it("returning visitor: starts at once, unmetered, without waiting for the page", async () => {
    const { deps, calls } = fakeDeps(true);
    const p = new PythonStart("/pyodide/", () => {}, deps);
    await p.started;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.metered).toBe(false);
    expect(p.stage).toBe("starting");
  });

  it("reports download progress at most every 100 ms, and always the end", async () => {
    const events: Progress[] = [];
    const { deps, calls } = fakeDeps(false);
    const p = new PythonStart("/pyodide/", (e) => e.type === "progress" && events.push(e), deps);
    p.pageIsUp();
    await p.started;
    const report = calls[0]!.report!;
    const before = events.length;
    for (let i = 1; i <= 50; i++) report({ loaded: i * 1000, total: 100_000, pending: 2 });
    expect(events.length - before).toBe(1); // 50 chunks in one burst: one event
    report({ loaded: 100_000, total: 100_000, pending: 0 });
    expect(events.at(-1)).toMatchObject({ stage: "starting", loadedBytes: 100_000, totalBytes: 100_000 });
    // An unknown total travels as 0; a download that starts late brings "downloading" back.
    await tick(110);
    report({ loaded: 100_500, total: null, pending: 1 });
    expect(events.at(-1)).toMatchObject({ stage: "downloading", loadedBytes: 100_500, totalBytes: 0 });
    p.progress("ready");
    report({ loaded: 200_000, total: 200_000, pending: 0 });
    expect(events.at(-1)?.stage).toBe("ready");
  });

  it("says ready once the runner can serve, and failed with the reason when it cannot", async () => {
    const up = fakeDeps(true);
    const ok = new PythonStart("/pyodide/", () => {}, up.deps);
    await ok.started;
    up.settle.resolve();
    await ok.runner;
    await tick();
    expect(ok.stage).toBe("ready");

    const events: Progress[] = [];
    const down = fakeDeps(true);
    const bad = new PythonStart("/pyodide/", (e) => e.type === "progress" && events.push(e), down.deps);
    await bad.started;
    down.settle.reject(new Error("GET /pyodide/pyodide.asm.wasm: 404 Not Found"));
    await expect(bad.runner).rejects.toThrow("404");
    await tick();
    expect(events.at(-1)).toMatchObject({ stage: "failed", detail: "GET /pyodide/pyodide.asm.wasm: 404 Not Found" });
  });
});
