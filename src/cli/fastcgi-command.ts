/**
 * `cgi-lab fastcgi [--listen [HOST:]PORT] SCRIPT [ARG...]`: runs a FastCGI
 * application script (the article's flup program, say) in CGI Lab's Python
 * runtime (Pyodide, through the ConnectionRunner) as a REAL FastCGI server on
 * TCP, so nginx's `fastcgi_pass`, Apache's `ProxyPass ... fcgi://` or
 * libfcgi's `cgi-fcgi -bind -connect` can talk to it.
 *
 * - Every accepted socket becomes one AppConnection to the application
 *   process; bytes go both ways unchanged (the FastCGI records are decoded
 *   by flup-compat in Python, not here). EOF and closes propagate both ways.
 * - What the application writes outside any request (print(), tracebacks,
 *   warnings) goes to this terminal: its stdout to stdout, its stderr to
 *   stderr. Output inside a request (wsgi.errors) travels as STDERR records.
 * - Only the address asked for is bound (default 127.0.0.1:9000; port 0
 *   picks a free one, shown in the "serves FastCGI on" line).
 * - The process sees its script's directory (the regular files in it and the
 *   Python packages below it) in its own in-memory filesystem, its argv, and
 *   a small environment taken from this shell (PATH, HOME, LANG, ...).
 * - Ctrl-C (SIGINT) or SIGTERM stops it; so does the application exiting.
 */
import { createServer, type Server, type Socket } from "node:net";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ConnectionProcess, ConnectionRunner, FileImage, ProcessResult, ProcessSpec } from "../runtime/process.ts";

export interface FastcgiOptions {
  host: string;
  port: number;
  /** The script, as given. */
  script: string;
  /** Arguments after the script (sys.argv[1:]). */
  args: string[];
}

export const FASTCGI_USAGE = "fastcgi [--listen [HOST:]PORT] SCRIPT [ARG...]";

/** Reads `fastcgi` options: [--listen [HOST:]PORT] SCRIPT [ARG...]. */
export function parseFastcgiArgs(args: string[]): FastcgiOptions | { error: string } {
  let host = "127.0.0.1";
  let port = 9000;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "--listen" || a === "-l" || a.startsWith("--listen=")) {
      const v = a.startsWith("--listen=") ? a.slice("--listen=".length) : args[++i];
      if (!v) return { error: `${a} needs [HOST:]PORT` };
      const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(v);
      if (!m || Number(m[2]) > 65535) return { error: `bad --listen address ${v}: expected [HOST:]PORT, e.g. 127.0.0.1:9000` };
      if (m[1]) host = m[1].replace(/^\[|\]$/g, "");
      port = Number(m[2]);
      continue;
    }
    if (a.startsWith("-") && a !== "-") return { error: `unexpected option ${a}` };
    break;
  }
  const script = args[i];
  if (!script) return { error: "missing SCRIPT (the FastCGI application to run)" };
  return { host, port, script, args: args.slice(i + 1) };
}

/** Host environment variables the application inherits, as a shell would pass them. */
const INHERITED_ENV = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TERM"];

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_FILES = 500;

/**
 * What the process sees of the disk: the script, the regular files next to
 * it, and the Python packages (directories with __init__.py) below it.
 */
export function scriptImage(scriptPath: string): { files: FileImage[]; directories: string[] } {
  const files: FileImage[] = [];
  const directories: string[] = [];
  const add = (p: string) => {
    const st = statSync(p);
    if (!st.isFile() || st.size > MAX_FILE_BYTES || files.length >= MAX_FILES) return;
    files.push({ path: p, data: new Uint8Array(readFileSync(p)), mode: st.mode & 0o7777 });
  };
  add(scriptPath);
  const walk = (dir: string, packagesOnly: boolean) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    if (packagesOnly && !names.includes("__init__.py")) return;
    directories.push(dir);
    for (const name of names) {
      if (name.startsWith(".") || name === "__pycache__" || name === "node_modules") continue;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, true);
      else if (st.isFile() && p !== scriptPath) add(p);
    }
  };
  walk(dirname(scriptPath), false);
  return { files, directories };
}

export interface FastcgiDeps {
  runner: ConnectionRunner;
  /** Our own lines (where it listens, why it stopped). */
  log(line: string): void;
  /** The application's own output outside requests. */
  output(stream: "stdout" | "stderr", bytes: Uint8Array): void;
  /** The environment to inherit from; default process.env. */
  env?: Record<string, string | undefined>;
}

export interface FastcgiServer {
  host: string;
  /** The port actually bound (useful with --listen 127.0.0.1:0). */
  port: number;
  pid: number;
  script: string;
  /** Open TCP connections. */
  connections(): number;
  /** Resolves with the exit status the command should return, once everything is closed. */
  readonly done: Promise<number>;
  /** Stops listening, closes the connections and ends the application. */
  stop(reason?: string): Promise<number>;
}

function describeEnd(r: ProcessResult): string {
  const e = r.end;
  switch (e.kind) {
    case "exit":
      return `exited with status ${e.code}`;
    case "killed":
      return `was stopped (${e.reason})`;
    case "crashed":
      return `crashed: ${e.message}`;
    case "output-limit":
      return `was stopped: output passed ${e.limitBytes} bytes`;
  }
}

/**
 * Wires one accepted socket to one application connection, both ways.
 *
 * The web server's EOF is the application's on_close(); flup-compat does not
 * answer it (a real flup closes its socket on EOF), so our side of the socket
 * is ended once the application has handled everything before it: after a
 * round trip to its interpreter when the runtime offers one (syncFiles), or
 * a short grace period.
 */
function pipe(socket: Socket, proc: ConnectionProcess & { syncFiles?: () => Promise<unknown> }): void {
  socket.setNoDelay(true);
  const conn = proc.connect();
  let serverSideClosed = false;
  let appSideClosed = false;
  const endSocket = () => {
    if (socket.destroyed) return;
    socket.end();
    setTimeout(() => socket.destroy(), 10_000).unref();
  };
  socket.on("data", (b: Buffer) => conn.write(new Uint8Array(b.buffer, b.byteOffset, b.length)));
  // The web server sent EOF: the application reads EOF too, then hangs up.
  socket.on("end", () => {
    if (serverSideClosed) return;
    serverSideClosed = true;
    conn.close();
    if (appSideClosed) return;
    const barrier = proc.syncFiles ? proc.syncFiles().catch(() => undefined) : new Promise((r) => setTimeout(r, 200));
    void barrier.then(() => setTimeout(endSocket, 20));
  });
  // The connection broke (or both sides are done).
  socket.on("close", () => {
    if (!serverSideClosed) {
      serverSideClosed = true;
      conn.close();
    }
  });
  socket.on("error", () => undefined); // 'close' follows
  conn.onData((b) => {
    if (!socket.destroyed && socket.writable) socket.write(b);
  });
  // The application closed its side: FIN to the web server after the bytes already written.
  conn.onClose(() => {
    appSideClosed = true;
    endSocket();
  });
}

/** Starts the application and the TCP listener; resolves once it serves (rejects if it cannot). */
export async function startFastcgi(opts: FastcgiOptions, deps: FastcgiDeps): Promise<FastcgiServer> {
  const scriptPath = resolve(opts.script);
  let st;
  try {
    st = statSync(scriptPath);
  } catch {
    throw new Error(`${opts.script}: no such file`);
  }
  if (!st.isFile()) throw new Error(`${opts.script}: not a regular file`);

  const source = deps.env ?? process.env;
  const env: [string, string][] = [];
  for (const k of INHERITED_ENV) if (source[k] !== undefined) env.push([k, source[k]!]);
  const image = scriptImage(scriptPath);
  const spec: ProcessSpec = {
    argv: [scriptPath, ...opts.args],
    env,
    cwd: dirname(scriptPath),
    stdin: new Uint8Array(),
    files: image.files,
    directories: image.directories,
    writableRoots: [],
  };

  // Bind first, as flup's run() does before it serves: a busy port fails before Python boots.
  const sockets = new Set<Socket>();
  let proc: ConnectionProcess | null = null;
  const server: Server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) => {
    if (!proc) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    pipe(socket, proc);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) => fail(new Error(`cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}`)));
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => ok());
  });
  server.on("error", (e) => deps.log(`cgi-lab fastcgi: ${e.message}`));
  const port = (server.address() as { port: number }).port;

  const p = deps.runner.start(spec);
  p.onChunk((c) => deps.output(c.stream, c.bytes));
  // Connections accepted while Python boots wait in the runtime until the application serves.
  proc = p;
  const closeAll = () =>
    new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    });

  const early = await p.ready;
  if (early) {
    await closeAll();
    throw new Error(`${opts.script} ${describeEnd(early)} before serving (a FastCGI application must call WSGIServer(app).run())`);
  }

  let stopping: string | null = null;
  const done = p.exited.then(async (r) => {
    await closeAll();
    if (stopping !== null) {
      deps.log(`cgi-lab fastcgi: stopped (${stopping})`);
      return 0;
    }
    deps.log(`cgi-lab fastcgi: ${opts.script} (pid ${p.pid}) ${describeEnd(r)}`);
    return r.end.kind === "exit" ? r.end.code : 1;
  });
  const shown = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  deps.log(`cgi-lab: ${opts.script} serves FastCGI on ${shown}:${port} (pid ${p.pid} in the Python runtime; Ctrl-C stops it)`);
  return {
    host: opts.host,
    port,
    pid: p.pid,
    script: scriptPath,
    connections: () => sockets.size,
    done,
    stop(reason = "stopped") {
      if (stopping === null) {
        stopping = reason;
        p.kill(reason);
      }
      return done;
    },
  };
}

/** The command: runs until Ctrl-C/SIGTERM or until the application exits; returns the exit status. */
export async function runFastcgi(
  args: string[],
  deps: Omit<FastcgiDeps, "runner"> & {
    runner: () => ConnectionRunner & { dispose?(): Promise<void> };
    error(text: string): void;
    /** Registers the stop signals; returns a function that unregisters them. */
    onStopSignal(handler: (signal: string) => void): () => void;
  },
): Promise<number> {
  const opts = parseFastcgiArgs(args);
  if ("error" in opts) {
    deps.error(`cgi-lab fastcgi: ${opts.error}\nusage: cgi-lab ${FASTCGI_USAGE}\n`);
    return 2;
  }
  const runner = deps.runner();
  let server: FastcgiServer;
  try {
    server = await startFastcgi(opts, { ...deps, runner });
  } catch (e) {
    deps.error(`cgi-lab fastcgi: ${e instanceof Error ? e.message : String(e)}\n`);
    await runner.dispose?.();
    return 1;
  }
  const off = deps.onStopSignal((signal) => void server.stop(signal === "SIGINT" ? "Ctrl-C" : signal));
  const code = await server.done;
  off();
  await runner.dispose?.();
  return code;
}
