/**
 * Messages between the runner (main side: page, engine worker or Node main
 * thread) and one interpreter worker. Both hosts use exactly these; the host
 * adapters only move them across (postMessage / worker_threads).
 *
 * One interpreter worker holds one Python interpreter for its whole life:
 * it boots (from the memory snapshot, or from scratch to make the snapshot),
 * runs at most one process, and is then terminated.
 */
import type { FileChange, ProcessEnd, ProcessSpec, StreamName } from "../process.ts";

/** A Python source file installed into the interpreter's site-packages. */
export interface PythonFile {
  /** Path relative to src/runtime/python/, e.g. "site-packages/cgi.py" or "_cgi_lab_runtime.py". */
  path: string;
  text: string;
}

export interface BootAssets {
  /** Where pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip and pyodide-lock.json are. Ends with "/". */
  indexURL: string;
  /** Compiled pyodide.asm.wasm, shared by every worker so none compiles it again. */
  wasmModule?: WebAssembly.Module;
  /**
   * Browser, for the first boots of a visit: wasmModule, lockFileText and
   * stdlib, when absent above, come later on this port, each in a message of
   * its own (`{ wasmModule }`, ...), or `{ error }`. The boot starts without
   * them (the host is still compiling and reading them); Pyodide waits for
   * each only where it uses it.
   */
  later?: MessagePort;
  /** pyodide-lock.json as text, so a boot doesn't fetch it again. */
  lockFileText?: string;
  /**
   * python_stdlib.zip (browser only; 2.5 MB, copied into each boot message):
   * a boot finds it in hand and fetches nothing. In Node, Pyodide reads it from disk.
   */
  stdlib?: Uint8Array;
  /** Files of src/runtime/python/ (the runtime module and the compat site-packages). */
  pythonFiles: PythonFile[];
}

/** Where one process's time went inside its worker (ms). */
export interface ProcessPhases {
  /** Mounting the files, recording the writable roots, setting env/argv/cwd. */
  setup: number;
  /** The script as __main__ (for FastCGI: until it started serving). */
  run: number;
  /** atexit handlers, closing what was left open, flushing stdio. */
  finalize: number;
  /** Finding the changes under the writable roots. */
  files: number;
}

export type BootRole =
  /** Boot from scratch, import the preload list, send back a memory snapshot; the worker is then discarded. */
  | { kind: "make-snapshot"; preload: string[] }
  /** Boot from the snapshot (as a "make-snapshot" worker sent it: without its zero pages) and wait for a "run". */
  | { kind: "spare"; snapshot: Uint8Array | Blob };

export type ToWorker =
  /** Sent as the worker starts, before the assets are ready: it may begin loading Pyodide's JS. */
  | { type: "prepare"; indexURL: string }
  | { type: "boot"; assets: BootAssets; role: BootRole; memoryLimitBytes: number }
  | { type: "run"; model: "cgi" | "fastcgi"; spec: ProcessSpec; outputLimitBytes: number }
  | { type: "conn-open"; id: number }
  | { type: "conn-data"; id: number; bytes: Uint8Array }
  | { type: "conn-close"; id: number }
  | { type: "sync-files"; requestId: number }
  /** Connection events of one turn of the server's event loop, in order: one message instead of several. */
  | { type: "batch"; messages: ToWorker[] };

export type FromWorker =
  | { type: "booted"; bootMs: number }
  | { type: "snapshot"; bytes: Uint8Array; bootMs: number; snapshotMs: number }
  | { type: "boot-failed"; message: string }
  /** User code is about to run; epoch ms (performance.timeOrigin + now). */
  | { type: "started"; at: number }
  | { type: "chunk"; stream: StreamName; bytes: Uint8Array; t: number }
  /** FastCGI: the script handed control to the runtime (ServeForever). */
  | { type: "serving" }
  | { type: "conn-data"; id: number; bytes: Uint8Array }
  | { type: "conn-close"; id: number }
  | { type: "files"; requestId: number; changes: FileChange[] }
  | { type: "exit"; end: ProcessEnd; fileChanges: FileChange[]; durationMs: number; phases: ProcessPhases }
  /** Something the interpreter printed on the JS console (Pyodide warnings, fatal error reports). */
  | { type: "log"; level: "log" | "warn" | "error"; text: string };

/** The worker side of a host adapter. */
export interface WorkerPort {
  post(message: FromWorker, transfer?: Transferable[]): void;
  onMessage(listener: (message: ToWorker) => void): void;
}
