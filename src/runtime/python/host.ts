/**
 * What a host (browser or Node) provides to the Python runner: a way to
 * start interpreter workers, the assets they boot with, and optionally a
 * place to keep the memory snapshot between sessions.
 */
import type { BootAssets, FromWorker, PythonFile, ToWorker } from "./protocol.ts";

/** The main-side handle of one interpreter worker. */
export interface InterpreterWorker {
  post(message: ToWorker, transfer?: Transferable[]): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** The worker died on its own (uncaught error, exited, could not load). Called at most once. */
  onDeath(listener: (reason: string) => void): void;
  /** Stops the worker at once, even in the middle of `while True: pass`. */
  terminate(): void;
  /** Node: whether this worker keeps the process alive (idle spares do not). */
  setKeepAlive?(on: boolean): void;
}

export interface SnapshotStore {
  /** The stored snapshot for this key (a Blob avoids reading it into the runner's thread), or nothing. */
  getSnapshot(key: string): Promise<Uint8Array | Blob | null | undefined>;
  /** Stores it; an empty array means "drop it" (it did not boot). */
  putSnapshot(key: string, bytes: Uint8Array): Promise<void>;
}

export interface InterpreterHost extends Partial<SnapshotStore> {
  /** "node" or "web"; shown in stats. */
  readonly name: string;
  /** The pinned Pyodide version, part of the snapshot key. */
  readonly pyodideVersion: string;
  /** Prepared once per host: the compiled wasm module, the Python files. */
  loadAssets(): Promise<BootAssets>;
  /** The Python files alone (what the snapshot key depends on), sooner than loadAssets. */
  pythonFiles?(): Promise<PythonFile[]>;
  startWorker(): InterpreterWorker;
  /** Frees what loadAssets/startWorker keep (not the workers themselves). */
  dispose?(): Promise<void>;
}
