/**
 * Page side of the engine worker: one promise per call, and a listener list
 * for the worker's events.
 */
import type { CallArgs, CallName, CallResult, EngineEvent, FromWorker, ToWorker } from "./api.ts";
import { SupervisedWorkerPort } from "./workspace-port.ts";

export class EngineCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The part of a Worker the client uses; tests pass a fake. */
export interface WorkerPort {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (e: MessageEvent<FromWorker>) => void): void;
  terminate?(): void;
}

export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private listeners = new Set<(e: EngineEvent) => void>();
  /** The latest event of each kind, so late subscribers see the current loading stage. */
  lastProgress: Extract<EngineEvent, { type: "progress" }> | null = null;

  constructor(private readonly port: WorkerPort) {
    port.addEventListener("message", (e) => this.receive(e.data));
  }

  private receive(msg: FromWorker): void {
    if (msg.kind === "event") {
      if (msg.event.type === "progress") this.lastProgress = msg.event;
      for (const l of this.listeners) l(msg.event);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new EngineCallError(msg.error.code, msg.error.message));
  }

  call<K extends CallName>(name: K, args: CallArgs<K>, transfer: Transferable[] = []): Promise<CallResult<K>> {
    const id = this.nextId++;
    return new Promise<CallResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ kind: "call", id, name, args }, transfer);
    });
  }

  on(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Conveniences used across the UI.
  readText(path: string): Promise<string> {
    return this.call("fs.read", { path }).then((b) => new TextDecoder().decode(b));
  }
  writeText(path: string, text: string): Promise<void> {
    return this.call("fs.write", { path, data: text });
  }
}

let shared: EngineClient | null = null;

/** The page's one engine worker, started on first use. */
export function engine(): EngineClient {
  if (!shared) {
    // Restarted if it dies (workspace-port.ts); the name is the lock that tells.
    const port = new SupervisedWorkerPort((name) => new Worker(new URL("./engine-worker.ts", import.meta.url), { type: "module", name }));
    shared = new EngineClient(port);
  }
  return shared;
}
