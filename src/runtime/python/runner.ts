/**
 * The Python runner: ProcessRunner (CGI) and ConnectionRunner (FastCGI) over
 * interpreter workers, host-agnostic (the host adapter starts the workers).
 *
 * Every process gets a fresh interpreter, which is a fresh worker booted from
 * one memory snapshot (a second interpreter in the same worker would leak
 * ~38 MB that is never freed). To make that cheap without sharing state:
 *  - the snapshot is made once per host (or fetched from a store) by a worker
 *    that booted Python, imported the preload list, and did nothing else;
 *  - `spares` workers are booted from it ahead of need; a process takes a
 *    ready one (a warm start) and a replacement starts booting at once;
 *  - when none is ready the process waits for the oldest one booting
 *    (a cold start): requests back to back pay the honest boot cost.
 *
 * What the snapshot carries is what every process starts with, so it holds
 * only what a just-started interpreter would hold: imported modules in their
 * just-imported state (like CPython's frozen and startup modules). No user
 * code, no environment, no argv, no files of the workspace. State that
 * imports seed from the OS at startup and that must differ per process is
 * re-seeded in every new interpreter (random's generator; see runner-py.ts).
 * What cannot be: the str hash seed (PYTHONHASHSEED) is the snapshot's, so
 * set/dict iteration order of str keys is the same in every process.
 */
import type {
  AppConnection,
  ConnectionProcess,
  ConnectionRunner,
  FileChange,
  ProcessEnd,
  ProcessResult,
  ProcessRunner,
  ProcessSpec,
  RunningProcess,
  StreamChunk,
} from "../process.ts";
import type { InterpreterHost, InterpreterWorker } from "./host.ts";
import type { BootAssets, FromWorker, ProcessPhases, PythonFile } from "./protocol.ts";

/** Most bytes a process may write to stdout and stderr together; past it, it is stopped ("output-limit"). */
export const OUTPUT_LIMIT_BYTES = 16 * 1024 * 1024;

/** Most WebAssembly memory one interpreter may grow to; past it, allocations fail with MemoryError. */
export const MEMORY_LIMIT_BYTES = 512 * 1024 * 1024;

/**
 * Modules imported before the snapshot is taken. Each one only defines
 * things at import time (no environment or per-process state read), so a
 * process sees it exactly as if it had imported it itself, minus the time.
 * Names that do not exist (a compat module not written yet) are skipped.
 */
export const DEFAULT_PRELOAD: readonly string[] = [
  "_cgi_lab_runtime",
  "cgi",
  "cgitb",
  "flup.server.fcgi",
  "json",
  "html",
  "html.parser",
  "urllib.parse",
  "http.cookies",
  "email.parser",
  "email.message",
  "email.utils",
  "sqlite3",
  "hashlib",
  "hmac",
  "base64",
  "datetime",
  "decimal",
  "secrets",
  "uuid",
  "mimetypes",
  "csv",
  "string",
  "textwrap",
  "traceback",
  "xml.sax.saxutils",
  "wsgiref.util",
  "wsgiref.headers",
  "wsgiref.handlers",
];

/** Bumped when what goes into a snapshot changes in a way the key would not show. */
const SNAPSHOT_FORMAT = 2; // 2: without its zero pages (see toSparse in interpreter-core.ts)

export interface PythonRunnerOptions {
  host: InterpreterHost;
  /** Interpreters kept booted ahead of need. Default 2. */
  spares?: number;
  /** Default OUTPUT_LIMIT_BYTES. */
  outputLimitBytes?: number;
  /** Default MEMORY_LIMIT_BYTES. */
  memoryLimitBytes?: number;
  /** Modules imported into the snapshot. Default DEFAULT_PRELOAD. */
  preload?: readonly string[];
  /** Snapshot store; defaults to the host's (Node: disk cache; browser: Cache Storage). */
  getSnapshot?: (key: string) => Promise<Uint8Array | Blob | null | undefined>;
  putSnapshot?: (key: string, bytes: Uint8Array) => Promise<void>;
  /** What interpreters print on the JS console (Pyodide warnings, fatal error reports). Default: dropped. */
  onLog?: (entry: { level: "log" | "warn" | "error"; text: string; pid: number | null }) => void;
}

export interface RunnerStats {
  host: string;
  /** Interpreters booted from the snapshot (spares and cold boots). */
  boots: number;
  bootFailures: number;
  /** Boot times (worker start to interpreter ready), ms, the most recent last (up to 200). */
  bootMs: number[];
  /** Processes (CGI and FastCGI) that found a spare ready. */
  warmStarts: number;
  /** Processes that had to wait for an interpreter to boot. */
  coldStarts: number;
  sparesReady: number;
  sparesBooting: number;
  running: number;
  /** Inside the worker, for the last process that ended normally. */
  lastPhases: ProcessPhases | null;
  snapshot: {
    source: "made" | "store" | null;
    bytes: number;
    /** Making it: boot from scratch + preload imports, then the snapshot itself (ms). */
    makeBootMs: number | null;
    makeSnapshotMs: number | null;
    key: string | null;
  };
}

export interface PythonRunner extends ProcessRunner, ConnectionRunner {
  start(spec: ProcessSpec): PythonConnectionProcess;
  /** Resolves once the snapshot exists and the spares have booted. */
  ready(): Promise<void>;
  stats(): RunnerStats;
}

/** A FastCGI process of this runner: syncFiles() is always there. */
export interface PythonConnectionProcess extends ConnectionProcess {
  syncFiles(): Promise<FileChange[]>;
}

/** A string hash for cache keys (cyrb53). */
function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const now = () => performance.now();

/** Bytes or a Blob: how the snapshot travels to new interpreters. */
export type SnapshotBytes = Uint8Array | Blob;

/**
 * The snapshot (~17 MB: a 31 MB heap without its zero pages) goes to every
 * new interpreter, and cloning it in postMessage blocks the sending thread
 * for ~10 ms (delaying the responses it is delivering). So it is posted
 * without a copy: in Node, from a
 * SharedArrayBuffer filled once; in browsers, as a Blob (posted by reference;
 * the interpreter worker reads it). Not shared memory in browsers: it needs
 * cross-origin isolation there, and TextDecoder refuses it.
 */
function shareable(bytes: SnapshotBytes): SnapshotBytes {
  const g = globalThis as { SharedArrayBuffer?: typeof SharedArrayBuffer; window?: unknown; WorkerGlobalScope?: unknown; process?: { versions?: { node?: string } } };
  const inNode = !!g.process?.versions?.node && g.window === undefined && g.WorkerGlobalScope === undefined;
  if (inNode) {
    if (typeof g.SharedArrayBuffer !== "function") return bytes;
    if (!(bytes instanceof Uint8Array) || bytes.buffer instanceof g.SharedArrayBuffer) return bytes;
    const shared = new Uint8Array(new g.SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    return shared;
  }
  if (bytes instanceof Uint8Array && typeof Blob === "function") return new Blob([bytes as BlobPart]);
  return bytes;
}

function sizeOf(bytes: SnapshotBytes): number {
  return bytes instanceof Uint8Array ? bytes.length : bytes.size;
}

/** One interpreter worker as the pool sees it. */
class Slot {
  readonly worker: InterpreterWorker;
  readonly booted: Promise<void>;
  isReady = false;
  failed = false;
  bootMs = 0;
  /** Who gets the worker's messages after boot. */
  owner: { onMessage(m: FromWorker): void; onDeath(reason: string): void } | null = null;
  private resolveBoot!: () => void;
  private rejectBoot!: (e: Error) => void;

  fail(e: Error): void {
    this.failed = true;
    this.rejectBoot(e);
  }

  constructor(worker: InterpreterWorker, onLog: (level: "log" | "warn" | "error", text: string, slot: Slot) => void) {
    this.worker = worker;
    this.booted = new Promise<void>((resolve, reject) => {
      this.resolveBoot = resolve;
      this.rejectBoot = reject;
    });
    this.booted.catch(() => {});
    const started = now();
    worker.onMessage((m) => {
      if (m.type === "log") {
        onLog(m.level, m.text, this);
        return;
      }
      if (m.type === "booted") {
        this.bootMs = now() - started;
        this.isReady = true;
        this.resolveBoot();
        return;
      }
      if (m.type === "boot-failed") {
        this.failed = true;
        this.rejectBoot(new Error(m.message));
        return;
      }
      this.owner?.onMessage(m);
    });
    worker.onDeath((reason) => {
      this.failed = true;
      this.rejectBoot(new Error(`interpreter worker died while booting: ${reason}`));
      this.owner?.onDeath(reason);
    });
  }
}

export function createPythonRunner(options: PythonRunnerOptions): PythonRunner {
  const host = options.host;
  const spareCount = Math.max(0, options.spares ?? 2);
  const outputLimitBytes = options.outputLimitBytes ?? OUTPUT_LIMIT_BYTES;
  const memoryLimitBytes = options.memoryLimitBytes ?? MEMORY_LIMIT_BYTES;
  const preload = [...(options.preload ?? DEFAULT_PRELOAD)];
  const getSnapshot = options.getSnapshot ?? host.getSnapshot?.bind(host);
  const putSnapshot = options.putSnapshot ?? host.putSnapshot?.bind(host);

  let disposed = false;
  let assetsPromise: Promise<BootAssets> | null = null;
  let snapshotPromise: Promise<SnapshotBytes> | null = null;
  const spares: Slot[] = [];
  const live = new Set<{ kill(reason: string): void }>();
  let consecutiveBootFailures = 0;
  let nextPid = 100;
  const owners = new Map<Slot, number>();
  /** Every worker started and not yet terminated, so dispose() can stop them all. */
  const workers = new Set<InterpreterWorker>();

  function startWorker(keepAlive: boolean): InterpreterWorker {
    const w = host.startWorker();
    workers.add(w);
    w.setKeepAlive?.(keepAlive);
    const terminate = w.terminate.bind(w);
    w.terminate = () => {
      workers.delete(w);
      terminate();
    };
    w.onDeath(() => workers.delete(w));
    return w;
  }

  const stats: RunnerStats = {
    host: host.name,
    boots: 0,
    bootFailures: 0,
    bootMs: [],
    warmStarts: 0,
    coldStarts: 0,
    sparesReady: 0,
    sparesBooting: 0,
    running: 0,
    lastPhases: null,
    snapshot: { source: null, bytes: 0, makeBootMs: null, makeSnapshotMs: null, key: null },
  };

  const log = (level: "log" | "warn" | "error", text: string, slot: Slot | null) => {
    options.onLog?.({ level, text, pid: slot ? owners.get(slot) ?? null : null });
  };

  function assets(): Promise<BootAssets> {
    assetsPromise ??= host.loadAssets();
    return assetsPromise;
  }

  async function snapshotKey(pythonFiles: readonly PythonFile[]): Promise<string> {
    const files = [...pythonFiles].sort((x, y) => (x.path < y.path ? -1 : 1)).map((f) => `${f.path}\n${f.text}`);
    const h = hash53([String(SNAPSHOT_FORMAT), preload.join(","), ...files].join("\0"));
    return `cgi-lab-pyodide-${host.pyodideVersion}-${h}`;
  }

  function makeSnapshot(a: BootAssets): Promise<{ bytes: Uint8Array; bootMs: number; snapshotMs: number }> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(true);
      const stop = () => worker.terminate();
      worker.onMessage((m) => {
        if (m.type === "snapshot") {
          stop();
          resolve({ bytes: m.bytes, bootMs: m.bootMs, snapshotMs: m.snapshotMs });
        } else if (m.type === "boot-failed") {
          stop();
          reject(new Error(`making the Python memory snapshot failed: ${m.message}`));
        } else if (m.type === "log") log(m.level, m.text, null);
      });
      worker.onDeath((reason) => reject(new Error(`making the Python memory snapshot failed: ${reason}`)));
      worker.post({ type: "boot", assets: a, role: { kind: "make-snapshot", preload }, memoryLimitBytes });
    });
  }

  function snapshot(): Promise<SnapshotBytes> {
    snapshotPromise ??= (async () => {
      // The key needs only the Python files: look for a stored snapshot while the wasm still compiles.
      const key = await snapshotKey(host.pythonFiles ? await host.pythonFiles() : (await assets()).pythonFiles);
      stats.snapshot.key = key;
      if (getSnapshot) {
        try {
          const stored = await getSnapshot(key);
          if (stored && sizeOf(stored) > 0) {
            stats.snapshot.source = "store";
            stats.snapshot.bytes = sizeOf(stored);
            return stored;
          }
        } catch (e) {
          log("warn", `cgi-lab: reading the stored snapshot failed: ${e}`, null);
        }
      }
      const made = await makeSnapshot(await assets());
      stats.snapshot = { source: "made", bytes: made.bytes.length, makeBootMs: made.bootMs, makeSnapshotMs: made.snapshotMs, key };
      if (putSnapshot) {
        putSnapshot(key, made.bytes).catch((e) => log("warn", `cgi-lab: storing the snapshot failed: ${e}`, null));
      }
      return made.bytes;
    })().then(shareable);
    snapshotPromise.catch(() => {
      snapshotPromise = null;
    });
    return snapshotPromise;
  }

  /**
   * A snapshot that does not boot (a stored one from another build, or
   * corrupt) is forgotten, dropped from the store, and made again by the next
   * boot. `used` is the snapshot the failed boot had: a newer one is kept.
   */
  function dropSnapshot(used: Promise<SnapshotBytes> | null): void {
    if (!used || used !== snapshotPromise) return;
    snapshotPromise = null;
    if (stats.snapshot.source === "store" && putSnapshot && stats.snapshot.key) {
      putSnapshot(stats.snapshot.key, new Uint8Array(0)).catch(() => {});
    }
  }

  /** Spares waiting for work do not keep a Node process alive; a worker a process waits for or runs in does. */
  function bootSlot(keepAlive: boolean): Slot {
    const worker = startWorker(keepAlive);
    const slot = new Slot(worker, log);
    let used: Promise<SnapshotBytes> | null = null;
    void (async () => {
      try {
        used = snapshot();
        const [a, snap] = await Promise.all([assets(), used]);
        if (slot.failed) return;
        worker.post({ type: "boot", assets: a, role: { kind: "spare", snapshot: snap }, memoryLimitBytes });
      } catch (e) {
        worker.terminate();
        slot.fail(e instanceof Error ? e : new Error(String(e)));
      }
    })();
    slot.booted.then(
      () => {
        stats.boots++;
        stats.bootMs.push(slot.bootMs);
        if (stats.bootMs.length > 200) stats.bootMs.shift();
        consecutiveBootFailures = 0;
      },
      (e: unknown) => {
        stats.bootFailures++;
        consecutiveBootFailures++;
        worker.terminate();
        if (/snapshot/i.test(String(e))) dropSnapshot(used);
        const i = spares.indexOf(slot);
        if (i >= 0) spares.splice(i, 1);
      },
    );
    return slot;
  }

  /**
   * Until one interpreter has booted, spares boot one at a time: on two
   * cores, two boots side by side each take ~40 % longer, and the first
   * request waits for the first. After that they boot side by side, which is
   * what keeps back-to-back requests going.
   */
  function replenish(): void {
    if (disposed || consecutiveBootFailures >= 3) return;
    const booting = () => spares.filter((s) => !s.isReady && !s.failed).length;
    while (spares.length < spareCount && (stats.boots > 0 || booting() === 0)) {
      const slot = bootSlot(false);
      spares.push(slot);
      if (stats.boots === 0) slot.booted.then(replenish, () => {});
    }
  }

  /** An interpreter for a new process: a ready spare if any (warm), else the oldest booting or a new one (cold). */
  async function acquire(): Promise<{ slot: Slot; warm: boolean }> {
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (disposed) throw new Error("the runner was disposed");
      const readyIndex = spares.findIndex((s) => s.isReady && !s.failed);
      if (readyIndex >= 0) {
        const [slot] = spares.splice(readyIndex, 1);
        slot.worker.setKeepAlive?.(true);
        replenish();
        return { slot, warm: true };
      }
      const bootingIndex = spares.findIndex((s) => !s.failed);
      const slot = bootingIndex >= 0 ? spares.splice(bootingIndex, 1)[0] : bootSlot(true);
      slot.worker.setKeepAlive?.(true);
      consecutiveBootFailures = 0;
      replenish();
      try {
        await slot.booted;
        return { slot, warm: false };
      } catch (e) {
        lastError = e;
        slot.worker.terminate();
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  /** Gives back an interpreter nothing ran in (its process was killed while waiting). */
  function giveBack(slot: Slot): void {
    if (disposed || slot.failed) {
      slot.worker.terminate();
      return;
    }
    slot.owner = null;
    slot.worker.setKeepAlive?.(false);
    spares.unshift(slot);
    while (spares.length > spareCount) {
      const extra = spares.pop()!;
      extra.worker.terminate();
    }
  }

  function track<T extends { kill(reason: string): void }>(p: T, done: Promise<unknown>): T {
    live.add(p);
    stats.running++;
    void done.finally(() => {
      live.delete(p);
      stats.running--;
    });
    return p;
  }

  /** What every process gets of the runner: interpreters, limits, and the stats it reports to. */
  const processDeps = {
    acquire,
    giveBack,
    outputLimitBytes,
    owners,
    onStart: (warm: boolean) => (warm ? stats.warmStarts++ : stats.coldStarts++),
    onPhases: (p: RunnerStats["lastPhases"]) => (stats.lastPhases = p),
  };

  function spawn(spec: ProcessSpec): RunningProcess {
    const proc = new ProcessBase(spec, "cgi", nextPid++, processDeps);
    return track(proc, proc.result);
  }

  function start(spec: ProcessSpec): PythonConnectionProcess {
    const proc = new ConnectionProcessImpl(spec, nextPid++, processDeps);
    return track(proc, proc.exited);
  }

  async function ready(): Promise<void> {
    // Twice: if a stored snapshot does not boot, it is made again and used.
    for (let attempt = 0; attempt < 2; attempt++) {
      // The first spare's worker starts at once: it loads its JS while the snapshot is found (or made).
      if (attempt === 0 && spareCount > 0) replenish();
      await snapshot();
      consecutiveBootFailures = 0;
      replenish();
      if (spareCount === 0) return;
      // Serving can begin once one interpreter is ready; the rest boot behind it.
      // Someone waits for these: they keep a Node process alive until booted.
      const waitingFor = [...spares];
      for (const s of waitingFor) s.worker.setKeepAlive?.(true);
      await Promise.any(waitingFor.map((s) => s.booted)).catch(() => {});
      for (const s of waitingFor) if (spares.includes(s)) s.worker.setKeepAlive?.(false);
      if (spares.some((s) => s.isReady)) return;
      // None booted: wait for any still booting before judging.
      await Promise.all(spares.map((s) => s.booted.catch(() => {})));
      if (spares.some((s) => s.isReady)) return;
    }
    throw new Error(`no Python interpreter could boot (${stats.bootFailures} failures)`);
  }

  async function dispose(): Promise<void> {
    disposed = true;
    for (const p of [...live]) p.kill("the runner was disposed");
    for (const s of spares.splice(0)) s.worker.terminate();
    for (const w of [...workers]) w.terminate();
    await host.dispose?.();
  }

  return {
    spawn,
    start,
    ready,
    dispose,
    stats(): RunnerStats {
      return {
        ...stats,
        bootMs: [...stats.bootMs],
        snapshot: { ...stats.snapshot },
        sparesReady: spares.filter((s) => s.isReady).length,
        sparesBooting: spares.filter((s) => !s.isReady && !s.failed).length,
      };
    },
  };
}

interface PoolAccess {
  acquire(): Promise<{ slot: Slot; warm: boolean }>;
  giveBack(slot: Slot): void;
  outputLimitBytes: number;
  owners: Map<Slot, number>;
  onStart(warm: boolean): void;
  onPhases(phases: ProcessPhases): void;
}

/**
 * One process in one interpreter worker: the CGI model, and the base of the
 * FastCGI one. Its result always resolves (never rejects).
 */
class ProcessBase implements RunningProcess {
  readonly result: Promise<ProcessResult>;
  readonly pid: number;
  protected chunks: StreamChunk[] = [];
  protected chunkListeners: ((c: StreamChunk) => void)[] = [];
  protected slot: Slot | null = null;
  protected warm = false;
  protected done = false;
  protected outputBytes = 0;
  protected spawnedAt = now();
  protected startedAt: number | null = null;
  private resolveResult!: (r: ProcessResult) => void;

  constructor(
    protected readonly spec: ProcessSpec,
    protected readonly model: "cgi" | "fastcgi",
    pid: number,
    protected readonly pool: PoolAccess,
  ) {
    this.pid = pid;
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    void this.begin();
  }

  private async begin(): Promise<void> {
    let got: { slot: Slot; warm: boolean };
    try {
      got = await this.pool.acquire();
    } catch (e) {
      this.finish({ kind: "crashed", message: `no Python interpreter could be started: ${e instanceof Error ? e.message : e}` }, [], null);
      return;
    }
    if (this.done) {
      this.pool.giveBack(got.slot);
      return;
    }
    this.slot = got.slot;
    this.warm = got.warm;
    this.pool.onStart(got.warm);
    this.pool.owners.set(got.slot, this.pid);
    got.slot.owner = {
      onMessage: (m) => this.onMessage(m),
      onDeath: (reason) => this.finish({ kind: "crashed", message: `the interpreter worker died: ${reason}` }, [], null),
    };
    got.slot.worker.post({ type: "run", model: this.model, spec: this.spec, outputLimitBytes: this.pool.outputLimitBytes });
  }

  protected onMessage(m: FromWorker): void {
    if (this.done) return;
    switch (m.type) {
      case "started":
        this.startedAt = m.at - performance.timeOrigin;
        return;
      case "chunk": {
        const room = this.pool.outputLimitBytes - this.outputBytes;
        if (room <= 0) return;
        const bytes = m.bytes.length > room ? m.bytes.slice(0, room) : m.bytes;
        this.outputBytes += bytes.length;
        const chunk: StreamChunk = { stream: m.stream, bytes, t: m.t };
        this.chunks.push(chunk);
        for (const l of this.chunkListeners) l(chunk);
        return;
      }
      case "exit":
        this.pool.onPhases(m.phases);
        this.finish(m.end, m.fileChanges, m.durationMs);
        return;
      default:
        this.onOtherMessage(m);
    }
  }

  protected onOtherMessage(_m: FromWorker): void {}

  onChunk(listener: (chunk: StreamChunk) => void): void {
    for (const c of this.chunks) listener(c);
    this.chunkListeners.push(listener);
  }

  kill(reason: string): void {
    this.finish({ kind: "killed", reason }, [], null);
  }

  protected finish(end: ProcessEnd, fileChanges: FileChange[], durationMs: number | null): void {
    if (this.done) return;
    this.done = true;
    const slot = this.slot;
    if (slot) {
      this.pool.owners.delete(slot);
      // Terminating a worker that holds a wasm instance can take tens of ms in
      // browsers: let the result through first.
      setTimeout(() => slot.worker.terminate(), 0);
    }
    const startedAt = this.startedAt ?? this.spawnedAt;
    this.resolveResult({
      end,
      chunks: this.chunks,
      fileChanges,
      startedAt,
      durationMs: durationMs ?? Math.max(0, now() - startedAt),
      warmStart: this.warm,
    });
    this.onFinished();
  }

  protected onFinished(): void {}
}

class Connection implements AppConnection {
  private dataListeners: ((b: Uint8Array) => void)[] = [];
  private closeListeners: (() => void)[] = [];
  private pending: Uint8Array[] = [];
  closedByServer = false;
  closedByApp = false;

  constructor(
    readonly id: number,
    private readonly proc: ConnectionProcessImpl,
  ) {}

  write(bytes: Uint8Array): void {
    if (this.closedByServer || this.closedByApp || bytes.length === 0) return;
    this.proc.send({ type: "conn-data", id: this.id, bytes: bytes.slice() });
  }

  close(): void {
    if (this.closedByServer) return;
    this.closedByServer = true;
    if (!this.closedByApp) this.proc.send({ type: "conn-close", id: this.id });
    else this.proc.forget(this.id);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListeners.push(listener);
    const pending = this.pending.splice(0);
    for (const b of pending) for (const l of this.dataListeners) l(b);
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
    if (this.closedByApp) listener();
  }

  /** Bytes from the application. */
  deliver(bytes: Uint8Array): void {
    if (this.closedByApp) return;
    if (this.dataListeners.length === 0) this.pending.push(bytes);
    else for (const l of this.dataListeners) l(bytes);
  }

  /** The application closed its side (or its process ended). */
  appClosed(): void {
    if (this.closedByApp) return;
    this.closedByApp = true;
    for (const l of this.closeListeners) l();
    if (this.closedByServer) this.proc.forget(this.id);
  }
}

/** The FastCGI model: a long-lived process serving connections. */
class ConnectionProcessImpl extends ProcessBase implements PythonConnectionProcess {
  readonly ready: Promise<ProcessResult | null>;
  readonly exited: Promise<ProcessResult>;
  private resolveReady!: (r: ProcessResult | null) => void;
  private serving = false;
  private queued: { message: import("./protocol.ts").ToWorker }[] = [];
  private connections = new Map<number, Connection>();
  private nextConn = 1;
  private nextSync = 1;
  private syncs = new Map<number, (c: FileChange[]) => void>();

  constructor(spec: ProcessSpec, pid: number, pool: PoolAccess) {
    super(spec, "fastcgi", pid, pool);
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    this.exited = this.result;
  }

  connect(): AppConnection {
    const conn = new Connection(this.nextConn++, this);
    this.connections.set(conn.id, conn);
    if (this.done) queueMicrotask(() => conn.appClosed());
    else this.send({ type: "conn-open", id: conn.id });
    return conn;
  }

  /** Both sides closed: nothing more can arrive for it (a long-lived process serves many). */
  forget(id: number): void {
    this.connections.delete(id);
  }

  syncFiles(): Promise<FileChange[]> {
    if (this.done) return Promise.resolve([]);
    const requestId = this.nextSync++;
    return new Promise((resolve) => {
      this.syncs.set(requestId, resolve);
      this.send({ type: "sync-files", requestId });
    });
  }

  /** Sends to the worker once the process is serving (connection traffic before that waits). */
  send(message: import("./protocol.ts").ToWorker): void {
    if (this.done) return;
    if (!this.serving || !this.slot) {
      this.queued.push({ message });
      return;
    }
    // A request's open, data and close usually come in one turn: post them
    // together at the end of it (a postMessage costs more than the bytes).
    this.outbox.push(message);
    if (this.outbox.length === 1) queueMicrotask(() => this.flush());
  }

  private outbox: import("./protocol.ts").ToWorker[] = [];

  private flush(): void {
    const messages = this.outbox.splice(0);
    if (this.done || !this.slot || messages.length === 0) return;
    const transfer = messages.flatMap((m) => (m.type === "conn-data" ? [m.bytes.buffer as ArrayBuffer] : []));
    this.slot.worker.post(messages.length === 1 ? messages[0]! : { type: "batch", messages }, transfer);
  }

  protected override onOtherMessage(m: FromWorker): void {
    switch (m.type) {
      case "serving": {
        this.serving = true;
        this.resolveReady(null);
        for (const q of this.queued.splice(0)) this.send(q.message);
        return;
      }
      case "conn-data":
        this.connections.get(m.id)?.deliver(m.bytes);
        return;
      case "conn-close":
        this.connections.get(m.id)?.appClosed();
        return;
      case "files": {
        const resolve = this.syncs.get(m.requestId);
        this.syncs.delete(m.requestId);
        resolve?.(m.changes);
        return;
      }
    }
  }

  protected override onFinished(): void {
    for (const c of this.connections.values()) c.appClosed();
    for (const resolve of this.syncs.values()) resolve([]);
    this.syncs.clear();
    this.queued = [];
    void this.result.then((r) => this.resolveReady(r));
  }
}
