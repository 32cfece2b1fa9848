/**
 * The typed message API between the page and the engine worker.
 *
 * Page → worker: `CallMessage` { kind: "call", id, name, args }.
 * Worker → page: `ReplyMessage` { kind: "reply", id, ok, result | error } for
 * each call, and `EventMessage` { kind: "event", event } pushed at any time
 * (loading progress, filesystem changes, log lines, errors).
 *
 * Every call is typed by `EngineCalls`: its arguments and its result. Byte
 * arrays travel as Uint8Array and are transferred where the sender no longer
 * needs them (exchange bodies, file contents).
 */
import type { HttpRequest } from "../protocol/http-message.ts";
import type { Exchange } from "../server/exchange.ts";
import type { VStat } from "../server/vfs.ts";
import type { LessonCalls } from "./lesson-api.ts";
import type { WorkspaceCalls } from "./workspace-api.ts";

/** One node of the virtual filesystem as the file tree shows it. */
export type FsEntry = VStat;

export type ApachectlCommand = "configtest" | "restart" | "graceful" | "start" | "stop";

export interface ShellResult {
  output: string;
  exitCode: number;
  /** The shell's working directory after the line ran. */
  cwd: string;
  /** `clear`: wipe the scrollback. */
  clear?: boolean;
}

export interface EngineInfo {
  /** Whether Python is ready: programs start without waiting for it (httpd itself is up from the start). */
  engine: boolean;
  /** Whether the terminal shell is available. */
  shell: boolean;
  selinuxEnforcing: boolean;
  /** Where the workspace came from on this load. */
  restoredFrom: "saved" | "default";
}

/** Every call the page can make, with its arguments and result (workspace.* and share.*: workspace-api.ts). */
export interface EngineCalls extends WorkspaceCalls, LessonCalls {
  info: { args: Record<string, never>; result: EngineInfo };
  /** Every node (path + stat), parents before children. */
  "fs.tree": { args: Record<string, never>; result: FsEntry[] };
  "fs.stat": { args: { path: string }; result: FsEntry | null };
  "fs.list": { args: { path: string }; result: string[] };
  "fs.read": { args: { path: string }; result: Uint8Array };
  "fs.write": { args: { path: string; data: Uint8Array | string }; result: void };
  "fs.chmod": { args: { path: string; mode: number }; result: void };
  "fs.mkdir": { args: { path: string }; result: void };
  "fs.remove": { args: { path: string; recursive?: boolean }; result: void };
  "fs.rename": { args: { from: string; to: string }; result: void };
  /** One HTTP request through the emulated httpd. */
  http: { args: { request: HttpRequest }; result: Exchange };
  apachectl: { args: { command: ApachectlCommand }; result: { ok: boolean; output: string } };
  /** One terminal line. */
  shell: { args: { line: string }; result: ShellResult };
  /**
   * The page's editor is up (or could not load): Python may start now. On a
   * first visit it waits for this, or a few seconds (engine-worker.ts).
   */
  "python.start": { args: Record<string, never>; result: void };
  /** Throws the workspace away and starts again from the default files. */
  reset: { args: Record<string, never>; result: void };
  /**
   * The "CGI vs FastCGI" benchmark: N requests through a scratch httpd (a
   * default workspace of its own plus the bench scripts and mod_fastcgi; the
   * user's files and processes are not touched), timed inside this worker.
   * Progress comes as "bench-progress" events. See bench-server.ts.
   */
  "bench.run": { args: BenchRunArgs; result: BenchRunResult };
  /** Stops the scratch httpd (and its FastCGI process) and drops it. */
  "bench.teardown": { args: Record<string, never>; result: void };
}

export type BenchMode = "cgi" | "fastcgi";

export interface BenchRunArgs {
  mode: BenchMode;
  count: number;
  /** "spaced": before each request, wait until every spare interpreter has booted. */
  pacing: "spaced" | "back-to-back";
  /** Stop early after this long (ms); default 120 000. */
  maxMs?: number;
  /**
   * Requests in flight at once (1–16, default 1), as `wrk -c N` keeps N
   * connections busy. "spaced" always runs one at a time. A FastCGI
   * application process serves one request at a time (its interpreter is
   * single-threaded), so more than 1 only overlaps httpd's work with the
   * application's: they run on different threads.
   */
  concurrency?: number;
}

export interface BenchRunResult {
  mode: BenchMode;
  /** The URL on the scratch server, and the file behind it. */
  target: string;
  script: string;
  /** Requests that were in flight at once (1 for "spaced"). */
  concurrency: number;
  /** ms per request, in the order they completed (httpd.handle, measured in the worker). */
  samples: number[];
  /** Start of the first request to the end of the last, ms (includes the waits of "spaced"); throughput is samples / wallMs. */
  wallMs: number;
  /** Sum of samples, ms (more than wallMs when requests overlapped). */
  busyMs: number;
  /** FastCGI: the warm-up request that started the application (not in samples), ms; null when it was already running. */
  startMs: number | null;
  /** The counter each response printed (hits=N), in the order they completed; null where the body had none. */
  counts: (number | null)[];
  /** Statuses other than 200, counted. */
  errors: number;
  /** Interpreters the runner handed out during the run (one per CGI request). */
  interpretersUsed: number;
  warmStarts: number;
  coldStarts: number;
}

export type CallName = keyof EngineCalls;
export type CallArgs<K extends CallName> = EngineCalls[K]["args"];
export type CallResult<K extends CallName> = EngineCalls[K]["result"];

export interface CallMessage<K extends CallName = CallName> {
  kind: "call";
  id: number;
  name: K;
  args: CallArgs<K>;
}

export interface EngineErrorInfo {
  /** VfsError codes (ENOENT…), "NO_ENGINE", "NOT_READY" or "INTERNAL". */
  code: string;
  message: string;
}

export type ReplyMessage =
  | { kind: "reply"; id: number; ok: true; result: unknown }
  | { kind: "reply"; id: number; ok: false; error: EngineErrorInfo };

/** Loading stages of the Python runtime, in order. */
export type LoadStage = "waiting" | "downloading" | "starting" | "ready" | "failed" | "unavailable";

export const STAGE_LABEL: Record<LoadStage, string> = {
  waiting: "waiting",
  downloading: "downloading Python",
  starting: "starting",
  ready: "ready",
  failed: "failed",
  unavailable: "engine not available",
};

export type EngineEvent =
  /** totalBytes is 0 while the total is not known. */
  | { type: "progress"; stage: LoadStage; loadedBytes: number; totalBytes: number; detail?: string }
  | { type: "fs-changed"; paths: string[] }
  /**
   * Lines appended to a log file (error_log, access_log, audit.log): the
   * file's text from `from` to `to` (character offsets); from 0 when the file
   * was truncated or replaced.
   */
  | { type: "log"; path: string; lines: string[]; from: number; to: number }
  | { type: "error"; message: string }
  | { type: "bench-progress"; mode: BenchMode; done: number; total: number };

export interface EventMessage {
  kind: "event";
  event: EngineEvent;
}

export type FromWorker = ReplyMessage | EventMessage;
export type ToWorker = CallMessage;

/** Log files the Logs pane follows. */
export const LOG_FILES = ["/var/log/httpd/error_log", "/var/log/httpd/access_log", "/var/log/audit/audit.log"] as const;
