/**
 * The one small interface between the server and whatever runs programs.
 * It knows nothing of HTTP: a process gets argv, an environment, a working
 * directory, stdin bytes and a view of the filesystem, and gives back bytes.
 */

/** A file as the process sees it: absolute path, bytes and permission bits. */
export interface FileImage {
  path: string;
  data: Uint8Array;
  /** Permission bits, e.g. 0o755. */
  mode: number;
}

/** What a process leaves behind in the filesystem when it exits. */
export type FileChange =
  | { kind: "write"; path: string; data: Uint8Array; mode: number }
  | { kind: "mkdir"; path: string; mode: number }
  | { kind: "delete"; path: string };

export interface ProcessSpec {
  /** argv[0] is the program path (the script). */
  argv: string[];
  /** Exactly the environment the program gets, in the order given. */
  env: [string, string][];
  cwd: string;
  /** The whole of stdin; EOF follows it. */
  stdin: Uint8Array;
  /** Files and directories the process can see (readable ones only). */
  files: FileImage[];
  directories: string[];
  /** Permission bits of directories, applied after mounting (so a read-only directory refuses new files). */
  directoryModes?: [path: string, mode: number][];
  /** Directories whose changes are written back when the process exits. */
  writableRoots: string[];
}

export type StreamName = "stdout" | "stderr";

/** One write as it crossed the process boundary, in order. */
export interface StreamChunk {
  stream: StreamName;
  bytes: Uint8Array;
  /** Milliseconds since the process was started. */
  t: number;
}

export type ProcessEnd =
  | { kind: "exit"; code: number }
  /** Killed from outside (timeout, user stop). */
  | { kind: "killed"; reason: string }
  /** The runtime itself failed: interpreter crash, dead worker, out of memory. */
  | { kind: "crashed"; message: string }
  /** Output passed the cap and the process was stopped. */
  | { kind: "output-limit"; limitBytes: number };

export interface ProcessResult {
  end: ProcessEnd;
  chunks: StreamChunk[];
  fileChanges: FileChange[];
  /** When the process started running user code (ms, performance clock) and how long it took. */
  startedAt: number;
  durationMs: number;
  /** Whether the interpreter came from a spare booted ahead of need. */
  warmStart: boolean;
}

export interface RunningProcess {
  /** Chunks are delivered live as the program writes them. */
  onChunk(listener: (chunk: StreamChunk) => void): void;
  readonly result: Promise<ProcessResult>;
  kill(reason: string): void;
}

/** Runs one program to completion: the CGI model. */
export interface ProcessRunner {
  spawn(spec: ProcessSpec): RunningProcess;
  /** Frees workers and spares. */
  dispose(): Promise<void>;
}

/**
 * A long-lived program that serves connections: the FastCGI model. The
 * application reads and writes FastCGI records as bytes on a connection.
 */
export interface ConnectionProcess {
  /** Resolves once the program has started serving, or rejects/ends if it exited instead. */
  readonly ready: Promise<ProcessResult | null>;
  /** Opens a connection to the application; bytes go both ways. */
  connect(): AppConnection;
  /** Output the program wrote to its own stderr/stdout outside any request. */
  onChunk(listener: (chunk: StreamChunk) => void): void;
  readonly exited: Promise<ProcessResult>;
  kill(reason: string): void;
  readonly pid: number;
  /**
   * Changes under the writable roots since the process started or since the
   * previous call, so a long-lived process's writes (its log, its SQLite
   * database) land while it keeps running; call it after each request.
   * Resolves [] once the process has exited (the rest is in its ProcessResult).
   * Optional: a runner that cannot look inside a running process leaves it out.
   */
  syncFiles?(): Promise<FileChange[]>;
}

export interface AppConnection {
  write(bytes: Uint8Array): void;
  /** Closes the server's side of the connection. */
  close(): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** The application closed its side. */
  onClose(listener: () => void): void;
}

export interface ConnectionRunner {
  start(spec: ProcessSpec): ConnectionProcess;
}

/** Concatenates the chunks of one stream. */
export function collectStream(chunks: readonly StreamChunk[], stream: StreamName): Uint8Array {
  let size = 0;
  for (const c of chunks) if (c.stream === stream) size += c.bytes.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    if (c.stream !== stream) continue;
    out.set(c.bytes, at);
    at += c.bytes.length;
  }
  return out;
}
