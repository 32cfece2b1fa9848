/**
 * A runner that is there before the runtime is: what it is asked to run
 * waits until the real runner comes (or fails with the reason it did not).
 *
 * The emulated httpd starts with this while Python is still downloading, so
 * it serves static files, config checks and errors at once, as a real Apache
 * does whatever its CGI programs cost; a program waits for its interpreter,
 * as it already does when no spare has booted yet.
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
} from "./process.ts";

export type RealRunner = ProcessRunner & ConnectionRunner;

function notRun(end: ProcessEnd): ProcessResult {
  return { end, chunks: [], fileChanges: [], startedAt: performance.now(), durationMs: 0, warmStart: false };
}

const failed = (e: unknown): ProcessEnd => ({ kind: "crashed", message: `Python could not start: ${e instanceof Error ? e.message : String(e)}` });

export class LateRunner implements ProcessRunner, ConnectionRunner {
  private real: RealRunner | null = null;
  private readonly arrived: Promise<RealRunner>;
  private disposed = false;

  constructor(runner: Promise<RealRunner>) {
    this.arrived = runner.then((r) => (this.real = r));
    this.arrived.catch(() => {}); // each process reports it
  }

  spawn(spec: ProcessSpec): RunningProcess {
    // Once the runner is there, straight to it: nothing in between.
    if (this.real) return this.real.spawn(spec);
    return new LateProcess(this.arrived, (r) => r.spawn(spec));
  }

  start(spec: ProcessSpec): ConnectionProcess {
    if (this.real) return this.real.start(spec);
    return new LateConnectionProcess(this.arrived, (r) => r.start(spec));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.real?.dispose();
  }
}

/** Output listeners kept until the process exists, then handed to it. */
class Listeners {
  private readonly waiting: ((chunk: StreamChunk) => void)[] = [];
  private target: { onChunk(l: (chunk: StreamChunk) => void): void } | null = null;
  add(listener: (chunk: StreamChunk) => void): void {
    if (this.target) this.target.onChunk(listener);
    else this.waiting.push(listener);
  }
  attach(target: { onChunk(l: (chunk: StreamChunk) => void): void }): void {
    this.target = target;
    for (const l of this.waiting.splice(0)) target.onChunk(l);
  }
}

class LateProcess implements RunningProcess {
  readonly result: Promise<ProcessResult>;
  private readonly listeners = new Listeners();
  private killedWith: string | null = null;
  private settleEarly: (r: ProcessResult) => void = () => {};

  constructor(arrived: Promise<RealRunner>, make: (r: RealRunner) => RunningProcess) {
    const early = new Promise<ProcessResult>((resolve) => (this.settleEarly = resolve));
    const late = arrived.then(
      (r) => {
        // Killed while it waited (a Timeout): the program is never started.
        if (this.killedWith !== null) return notRun({ kind: "killed", reason: this.killedWith });
        const p = make(r);
        this.listeners.attach(p);
        this.kill = (reason) => p.kill(reason);
        return p.result;
      },
      (e: unknown) => notRun(failed(e)),
    );
    this.result = Promise.race([early, late]);
  }

  onChunk(listener: (chunk: StreamChunk) => void): void {
    this.listeners.add(listener);
  }

  kill(reason: string): void {
    if (this.killedWith !== null) return;
    this.killedWith = reason;
    this.settleEarly(notRun({ kind: "killed", reason }));
  }
}

class LateConnectionProcess implements ConnectionProcess {
  readonly ready: Promise<ProcessResult | null>;
  readonly exited: Promise<ProcessResult>;
  private real: ConnectionProcess | null = null;
  private readonly listeners = new Listeners();
  private killedWith: string | null = null;
  private settleEarly: (r: ProcessResult) => void = () => {};

  constructor(arrived: Promise<RealRunner>, make: (r: RealRunner) => ConnectionProcess) {
    const early = new Promise<ProcessResult>((resolve) => (this.settleEarly = resolve));
    const real = arrived.then((r) => {
      // Killed while it waited: never started (the early result stands).
      if (this.killedWith !== null) return null;
      const p = make(r);
      this.real = p;
      this.listeners.attach(p);
      return p;
    });
    const never = new Promise<ProcessResult>(() => {}); // killed early: `early` has settled
    this.exited = Promise.race([early, real.then((p) => (p ? p.exited : never), (e: unknown) => notRun(failed(e)))]);
    this.ready = Promise.race([early, real.then((p) => (p ? p.ready : never), (e: unknown) => notRun(failed(e)))]);
  }

  /** The runtime's pid once the process exists; 0 before. */
  get pid(): number {
    return this.real?.pid ?? 0;
  }

  connect(): AppConnection {
    if (this.real) return this.real.connect();
    // Only to a process that is serving; one that exited instead gives a connection that closes.
    return new LateConnection(this.ready.then((r) => (r === null && this.real ? this.real.connect() : null)));
  }

  onChunk(listener: (chunk: StreamChunk) => void): void {
    this.listeners.add(listener);
  }

  kill(reason: string): void {
    if (this.real) return this.real.kill(reason);
    if (this.killedWith !== null) return;
    this.killedWith = reason;
    this.settleEarly(notRun({ kind: "killed", reason }));
  }

  syncFiles(): Promise<FileChange[]> {
    return this.real?.syncFiles?.() ?? Promise.resolve([]);
  }
}

/** A connection opened before its process existed: writes wait, then go in order. */
class LateConnection implements AppConnection {
  private real: AppConnection | null = null;
  private readonly pending: (Uint8Array | "close")[] = [];
  private readonly dataListeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];

  constructor(coming: Promise<AppConnection | null>) {
    void coming.then(
      (c) => {
        if (!c) return this.closedByApp();
        this.real = c;
        for (const l of this.dataListeners) c.onData(l);
        for (const l of this.closeListeners) c.onClose(l);
        for (const p of this.pending.splice(0)) {
          if (p === "close") c.close();
          else c.write(p);
        }
      },
      () => this.closedByApp(),
    );
  }

  private closedByApp(): void {
    for (const l of this.closeListeners) l();
  }

  write(bytes: Uint8Array): void {
    if (this.real) this.real.write(bytes);
    else this.pending.push(bytes);
  }

  close(): void {
    if (this.real) this.real.close();
    else this.pending.push("close");
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    if (this.real) this.real.onData(listener);
    else this.dataListeners.push(listener);
  }

  onClose(listener: () => void): void {
    if (this.real) this.real.onClose(listener);
    else this.closeListeners.push(listener);
  }
}
