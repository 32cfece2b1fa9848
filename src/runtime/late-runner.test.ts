import { describe, expect, it } from "vitest";
import { LateRunner, type RealRunner } from "./late-runner.ts";
import type { AppConnection, ConnectionProcess, ProcessResult, ProcessSpec, RunningProcess, StreamChunk } from "./process.ts";

const spec: ProcessSpec = { argv: ["/x.py"], env: [], cwd: "/", stdin: new Uint8Array(), files: [], directories: [], writableRoots: [] };
const result = (code: number): ProcessResult => ({ end: { kind: "exit", code }, chunks: [], fileChanges: [], startedAt: 0, durationMs: 1, warmStart: true });
const chunk = (text: string): StreamChunk => ({ stream: "stdout", bytes: new TextEncoder().encode(text), t: 0 });

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

/** A real runner whose processes write "hi" and exit 0; connections echo what they are sent. */
function fakeRunner() {
  const spawned: RunningProcess[] = [];
  const started: ConnectionProcess[] = [];
  const killed: string[] = [];
  const runner: RealRunner = {
    spawn() {
      const listeners: ((c: StreamChunk) => void)[] = [];
      const p: RunningProcess = {
        onChunk: (l) => listeners.push(l),
        result: Promise.resolve().then(() => {
          for (const l of listeners) l(chunk("hi"));
          return result(0);
        }),
        kill: (r) => killed.push(r),
      };
      spawned.push(p);
      return p;
    },
    start() {
      const p: ConnectionProcess = {
        ready: Promise.resolve(null),
        exited: new Promise(() => {}),
        pid: 7,
        onChunk: () => {},
        kill: (r) => killed.push(r),
        connect(): AppConnection {
          const data: ((b: Uint8Array) => void)[] = [];
          const close: (() => void)[] = [];
          return {
            write: (b) => queueMicrotask(() => data.forEach((l) => l(b))),
            close: () => queueMicrotask(() => close.forEach((l) => l())),
            onData: (l) => data.push(l),
            onClose: (l) => close.push(l),
          };
        },
      };
      started.push(p);
      return p;
    },
    dispose: async () => {},
  };
  return { runner, spawned, started, killed };
}

describe("LateRunner", () => {
  it("a program asked for before the runner is there runs once it comes; its output reaches listeners added early", async () => {
    const real = deferred<RealRunner>();
    const late = new LateRunner(real.promise);
    const p = late.spawn(spec);
    const seen: string[] = [];
    p.onChunk((c) => seen.push(new TextDecoder().decode(c.bytes)));
    const f = fakeRunner();
    real.resolve(f.runner);
    expect(await p.result).toEqual(result(0));
    expect(seen).toEqual(["hi"]);
    expect(f.spawned).toHaveLength(1);
    // Later programs go straight to the runner.
    expect(late.spawn(spec)).toBe(f.spawned[1]);
  });

  it("killed while it waits (a Timeout): ends at once as killed, and is never started", async () => {
    const real = deferred<RealRunner>();
    const late = new LateRunner(real.promise);
    const p = late.spawn(spec);
    p.kill("Timeout 3s");
    expect((await p.result).end).toEqual({ kind: "killed", reason: "Timeout 3s" });
    const f = fakeRunner();
    real.resolve(f.runner);
    await Promise.resolve();
    await Promise.resolve();
    expect(f.spawned).toHaveLength(0);
  });

  it("when the runtime cannot start, the program ends as crashed, saying why", async () => {
    const late = new LateRunner(Promise.reject(new Error("GET /pyodide/pyodide.asm.wasm: 404 Not Found")));
    const r = await late.spawn(spec).result;
    expect(r.end).toEqual({ kind: "crashed", message: "Python could not start: GET /pyodide/pyodide.asm.wasm: 404 Not Found" });
    const c = late.start(spec);
    expect((await c.ready)?.end.kind).toBe("crashed");
    expect((await c.exited).end.kind).toBe("crashed");
  });

  it("a long-lived process: a connection opened early sends what was written, in order, once the process serves", async () => {
    const real = deferred<RealRunner>();
    const late = new LateRunner(real.promise);
    const proc = late.start(spec);
    expect(proc.pid).toBe(0);
    const conn = proc.connect();
    const got: string[] = [];
    let closed = false;
    conn.onData((b) => got.push(new TextDecoder().decode(b)));
    conn.onClose(() => (closed = true));
    conn.write(new TextEncoder().encode("one"));
    conn.write(new TextEncoder().encode("two"));
    conn.close();
    const f = fakeRunner();
    real.resolve(f.runner);
    expect(await proc.ready).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toEqual(["one", "two"]);
    expect(closed).toBe(true);
    expect(proc.pid).toBe(7);
  });

  it("a long-lived process killed before the runner came is never started", async () => {
    const real = deferred<RealRunner>();
    const late = new LateRunner(real.promise);
    const proc = late.start(spec);
    const conn = proc.connect();
    let closed = false;
    conn.onClose(() => (closed = true));
    proc.kill("httpd stopped");
    expect((await proc.ready)?.end).toEqual({ kind: "killed", reason: "httpd stopped" });
    expect((await proc.exited)?.end).toEqual({ kind: "killed", reason: "httpd stopped" });
    const f = fakeRunner();
    real.resolve(f.runner);
    await new Promise((r) => setTimeout(r, 0));
    expect(f.started).toHaveLength(0);
    expect(closed).toBe(true);
  });
});
