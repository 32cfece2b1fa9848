/**
 * The engine worker, restarted if it dies.
 *
 * A worker that crashes (out of memory, a bug) or ends itself sends nothing:
 * calls would wait forever and the page would look frozen. So each engine
 * worker is named `cgi-lab-engine:<uuid>` and takes the Web Lock of that
 * name as soon as it starts (workspace-session.ts), holding it for its
 * whole life. Once it says so ("lock-held"), the page asks for the same lock:
 * the browser grants it exactly when the worker is gone. Then this port
 *   - fails the calls that were in flight (code "RESTARTED"),
 *   - starts a new worker, which opens the same saved workspace from
 *     IndexedDB (workspace-session.ts),
 *   - tells its listeners the whole filesystem changed, and calls
 *     onRestart (the page re-sends unsaved editor text: unsaved-journal.ts).
 * No timers, no pings: a busy worker is never mistaken for a dead one.
 */
import type { FromWorker, ToWorker } from "./api.ts";
import type { WorkerPort } from "./client.ts";

type Listener = (e: MessageEvent<FromWorker>) => void;

const restartListeners = new Set<(count: number) => void>();

/** Called after each restart of the engine worker, with how many there have been. */
export function onEngineRestart(fn: (count: number) => void): () => void {
  restartListeners.add(fn);
  return () => restartListeners.delete(fn);
}

function newLockName(): string {
  const c = globalThis.crypto as Crypto | undefined;
  const id = c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `cgi-lab-engine:${id}`;
}

export class SupervisedWorkerPort implements WorkerPort {
  private worker!: Worker;
  private listeners: Listener[] = [];
  private inflight = new Set<number>();
  restarts = 0;

  /** `make(name)` must start the engine worker with that name (it is the lock's name). */
  private leaving = false;

  constructor(private readonly make: (name: string) => Worker) {
    this.start();
    if (typeof addEventListener === "function") {
      // Workers end with the page: that is not a crash.
      addEventListener("pagehide", () => (this.leaving = true));
      addEventListener("pageshow", () => (this.leaving = false));
    }
  }

  private start(): void {
    const name = newLockName();
    const w = this.make(name);
    this.worker = w;
    w.addEventListener("message", (e: MessageEvent) => {
      if (w !== this.worker) return;
      const m = e.data as FromWorker | { kind: "lock-held"; name: string };
      if (m?.kind === "lock-held") {
        this.watch(name, w);
        return;
      }
      if (m?.kind === "reply") this.inflight.delete(m.id);
      for (const l of this.listeners) l(e as MessageEvent<FromWorker>);
    });
  }

  private watch(name: string, w: Worker): void {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return;
    void locks.request(name, () => {
      if (w === this.worker && !this.leaving) this.restart();
      return undefined;
    });
  }

  private dispatch(data: FromWorker): void {
    const e = new MessageEvent("message", { data });
    for (const l of this.listeners) l(e as MessageEvent<FromWorker>);
  }

  /** The worker is gone: fail what was in flight, start another. */
  private restart(): void {
    this.restarts++;
    const lost = [...this.inflight];
    this.inflight.clear();
    try {
      this.worker.terminate();
    } catch {
      /* already gone */
    }
    this.start();
    for (const id of lost) {
      this.dispatch({ kind: "reply", id, ok: false, error: { code: "RESTARTED", message: "The engine stopped and was restarted from your saved work; run the request again." } });
    }
    this.dispatch({ kind: "event", event: { type: "error", message: "The engine stopped unexpectedly; it was restarted from your saved work." } });
    this.dispatch({ kind: "event", event: { type: "fs-changed", paths: ["/"] } });
    for (const fn of restartListeners) fn(this.restarts);
  }

  postMessage(message: ToWorker, transfer: Transferable[] = []): void {
    if (message.kind === "call") this.inflight.add(message.id);
    this.worker.postMessage(message, transfer);
  }

  addEventListener(_type: "message", listener: Listener): void {
    this.listeners.push(listener);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
