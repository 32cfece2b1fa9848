/**
 * The universal core of an interpreter worker: the same code runs in a
 * browser module Web Worker and in a Node worker thread (the host entries
 * only adapt the message port and say how to load Pyodide).
 *
 * One worker = one interpreter = at most one process:
 *   boot      from the memory snapshot (or from scratch, to make it);
 *   run       mount the spec's files, set env/argv/cwd/stdio, run the script;
 *   exit      run CPython's shutdown steps, diff the writable roots, report.
 * A FastCGI process stays in "serving" and gets connection events until it
 * exits or the worker is terminated. Killing is always the host terminating
 * the worker: nothing here has to cooperate.
 */
import type { PyodideAPI } from "pyodide";
import type { FileChange, ProcessEnd, ProcessSpec, StreamName } from "../process.ts";
import type { BootAssets, BootRole, FromWorker, PythonFile, ToWorker, WorkerPort } from "./protocol.ts";
import { RUNNER_FILENAME, RUNNER_PY } from "./runner-py.ts";
import { captureTree, diffTree, mountSpec, specFileMap, type EmFS, type TreeState } from "./worker-fs.ts";
import { lockDownWorkerGlobals } from "./worker-lockdown.ts";

/** loadPyodide as the host provides it (statically imported in the browser, dynamically in Node). */
export type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

/** A Python callable seen from JS. */
type PyCallable = ((...args: unknown[]) => unknown) & { destroy?: () => void };

interface Runner {
  boot: PyCallable;
  start: PyCallable;
  run_main: PyCallable;
  dispatch: PyCallable;
  finalize: PyCallable;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || String(e);
  return String(e);
}

/** Emscripten's exit(): os._exit(n) ends the program with this (an "Exit"/"ExitStatus" with a status). */
function exitStatusOf(e: unknown): number | null {
  if (!e || typeof e !== "object") return null;
  const { name, status, message } = e as { name?: unknown; status?: unknown; message?: unknown };
  if (typeof status !== "number") return null;
  if (name === "ExitStatus" || name === "Exit" || /Program terminated with exit\(/.test(String(message))) return status & 0xff;
  return null;
}

/**
 * Makes every WebAssembly instantiation of pyodide.asm.wasm use the module
 * compiled once by the host, and caps the wasm heap: Emscripten asks
 * `emscripten_resize_heap` before growing memory, and a refusal makes
 * malloc() return NULL, which Python turns into MemoryError, the way an
 * address-space rlimit would on a real server.
 */
function patchWebAssembly(wasmModule: WebAssembly.Module | undefined, memoryLimitBytes: number): void {
  const WA = WebAssembly as unknown as {
    instantiate: (src: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
    instantiateStreaming?: (src: unknown, imports?: WebAssembly.Imports) => Promise<unknown>;
  };
  const origInstantiate = WA.instantiate.bind(WebAssembly);
  const origStreaming = WA.instantiateStreaming?.bind(WebAssembly);
  const isPyodide = (imports?: WebAssembly.Imports) => !!imports && !!imports.env && typeof imports.env.emscripten_resize_heap === "function";
  const capHeap = (imports: WebAssembly.Imports) => {
    const env = imports.env as Record<string, unknown>;
    const grow = env.emscripten_resize_heap as (size: number) => number | boolean;
    env.emscripten_resize_heap = (requested: number) => ((requested >>> 0) > memoryLimitBytes ? 0 : grow(requested));
  };
  const fromModule = async (imports: WebAssembly.Imports) => {
    const instance = (await origInstantiate(wasmModule, imports)) as WebAssembly.Instance;
    return { instance, module: wasmModule };
  };
  WA.instantiate = (src: unknown, imports?: WebAssembly.Imports) => {
    if (isPyodide(imports)) {
      capHeap(imports!);
      if (wasmModule && !(src instanceof WebAssembly.Module)) return fromModule(imports!);
    }
    return origInstantiate(src, imports);
  };
  if (origStreaming) {
    WA.instantiateStreaming = async (src: unknown, imports?: WebAssembly.Imports) => {
      if (isPyodide(imports)) {
        capHeap(imports!);
        if (wasmModule) {
          // The response is not needed: the module is already compiled.
          void Promise.resolve(src).then((r) => (r as Response).body?.cancel()).catch(() => {});
          return fromModule(imports!);
        }
      }
      return origStreaming(src, imports);
    };
  }
}

/** Sends what the JS console gets (Pyodide's warnings, its fatal error report) to the runner as log messages. */
function captureConsole(port: WorkerPort): void {
  const c = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const level of ["log", "info", "debug", "warn", "error"] as const) {
    c[level] = (...args: unknown[]) => {
      const text = args.map((a) => (a instanceof Error ? a.stack ?? a.message : typeof a === "string" ? a : safeString(a))).join(" ");
      port.post({ type: "log", level: level === "warn" ? "warn" : level === "error" ? "error" : "log", text });
    };
  }
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function installPythonFiles(FS: { mkdirTree(p: string): void; writeFile(p: string, d: string): void }, sitePackages: string, files: PythonFile[]): void {
  for (const f of files) {
    const rel = f.path.replace(/^\.?\//, "").replace(/^site-packages\//, "");
    if (!rel.endsWith(".py") || rel.split("/").includes("..")) continue;
    const dest = `${sitePackages}/${rel}`;
    FS.mkdirTree(dest.slice(0, dest.lastIndexOf("/")));
    FS.writeFile(dest, f.text);
  }
}

/**
 * No network. Emscripten emulates sockets over WebSockets: connect() opens
 * ws://host:port (an outbound connection to any host, from the page or the
 * Node process) and, in Node, listen() opens a real WebSocket server. A CGI
 * Lab process is a sandboxed server process: connect fails with "Network is
 * unreachable", listen with "Operation not supported", in both hosts.
 */
function isolateNetwork(py: PyodideAPI): void {
  const mod = (py as unknown as { _module?: { SOCKFS?: { websocket_sock_ops?: Record<string, unknown> }; FS: { ErrnoError: new (errno: number) => Error }; ERRNO_CODES: Record<string, number> } })._module;
  const ops = mod?.SOCKFS?.websocket_sock_ops;
  if (!mod || !ops) return;
  const fail = (name: string, fallback: number) => () => {
    throw new mod.FS.ErrnoError(mod.ERRNO_CODES[name] ?? fallback);
  };
  ops.createPeer = fail("ENETUNREACH", 40);
  ops.listen = fail("EOPNOTSUPP", 138);
}

/**
 * @param prepare starts loading Pyodide's JS (pyodide.asm.mjs, 1.25 MB to
 *   parse) while the runner still gathers the boot assets; loadPyodide's own
 *   import of the same URL then finds it loaded.
 */
export function runInterpreterWorker(port: WorkerPort, loadPyodide: LoadPyodide, prepare?: (indexURL: string) => Promise<unknown>): void {
  captureConsole(port);

  let py: PyodideAPI | null = null;
  let runner: Runner | null = null;
  let bootPromise: Promise<void> | null = null;

  // The current process.
  let t0 = 0;
  let startedAt = 0;
  let outputLimit = Infinity;
  let outputBytes = 0;
  let ended = false;
  let tree: TreeState | null = null;
  /** Where the time of one process went (ms), for benchmarks. */
  const phases = { setup: 0, run: 0, finalize: 0, files: 0 };
  let serving = false;
  const closedByApp = new Set<number>();
  const open = new Set<number>();

  const now = () => performance.now();
  const FS = () => (py as unknown as { FS: EmFS }).FS;

  function post(message: FromWorker, transfer?: Transferable[]): void {
    port.post(message, transfer);
  }

  function fileChanges(): FileChange[] {
    if (!py || !tree) return [];
    try {
      const { changes, after } = diffTree(FS(), tree);
      tree = after;
      return changes;
    } catch (e) {
      post({ type: "log", level: "error", text: `cgi-lab: could not collect file changes: ${errorText(e)}` });
      return [];
    }
  }

  /** Ends the process: reports once; the host then terminates this worker. */
  function end(result: ProcessEnd): void {
    if (ended) return;
    ended = true;
    serving = false;
    const tf = now();
    const changes = fileChanges();
    phases.files = now() - tf;
    post({ type: "exit", end: result, fileChanges: changes, durationMs: now() - t0, phases: { ...phases } });
  }

  function crashed(e: unknown): ProcessEnd {
    const status = exitStatusOf(e);
    if (status !== null) return { kind: "exit", code: status };
    const fatal = !!(e && typeof e === "object" && (e as { pyodide_fatal_error?: unknown }).pyodide_fatal_error);
    const what = e instanceof Error ? `${e.name}: ${e.message}` : errorText(e);
    return {
      kind: "crashed",
      message: fatal ? `the Python interpreter suffered a fatal error (${what}); it cannot run anything more` : `the Python interpreter failed (${what})`,
    };
  }

  function emit(stream: StreamName, buf: Uint8Array): number {
    if (ended || !startedAt) {
      if (!ended && buf.length) post({ type: "log", level: "log", text: new TextDecoder().decode(buf) });
      return buf.length;
    }
    const room = outputLimit - outputBytes;
    const take = Math.min(buf.length, Math.max(0, room));
    if (take > 0) {
      const bytes = buf.slice(0, take);
      outputBytes += take;
      post({ type: "chunk", stream, bytes, t: now() - t0 }, [bytes.buffer]);
    }
    if (take < buf.length) {
      // Past the cap: report now (with the files as they are); the host terminates the worker.
      const limitBytes = outputLimit;
      if (FS()) FS().ignorePermissions = true;
      end({ kind: "output-limit", limitBytes });
    }
    return buf.length;
  }

  async function boot(assets: BootAssets, role: BootRole, memoryLimitBytes: number): Promise<void> {
    const t = now();
    patchWebAssembly(assets.wasmModule, memoryLimitBytes);
    let stdLibURL: string | undefined;
    if (assets.stdlib && typeof URL.createObjectURL === "function") stdLibURL = URL.createObjectURL(assets.stdlib);
    const options: Record<string, unknown> = {
      indexURL: assets.indexURL,
      env: {},
      stdout: (s: string) => post({ type: "log", level: "log", text: s }),
      stderr: (s: string) => post({ type: "log", level: "warn", text: s }),
      fsInit: async (fs: { mkdirTree(p: string): void; writeFile(p: string, d: string): void }, info: { sitePackages: string }) =>
        installPythonFiles(fs, info.sitePackages, assets.pythonFiles),
    };
    if (stdLibURL) options.stdLibURL = stdLibURL;
    if (assets.lockFileText) {
      options.lockFileContents = assets.lockFileText;
      options.packageBaseUrl = assets.indexURL;
    }
    if (role.kind === "make-snapshot") options._makeSnapshot = true;
    else options._loadSnapshot = role.snapshot instanceof Uint8Array ? role.snapshot : new Uint8Array(await role.snapshot.arrayBuffer());
    post({ type: "log", level: "log", text: `MARK2 snapRead=${(now() - t).toFixed(1)}` }); // TEMP

    py = await loadPyodide(options);
    if (stdLibURL) URL.revokeObjectURL(stdLibURL);

    if (role.kind === "make-snapshot") {
      // Only imports: module objects in the state a fresh import leaves them.
      // No user code, no environment, no process has run.
      for (const name of role.preload) {
        if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) continue;
        try {
          py.runPython(`import ${name}`);
        } catch {
          // absent (e.g. a compat module not written yet): not preloaded
        }
      }
      // Objects that exist now are the same in every process: move them out of
      // the collector's way (gc.freeze, as pre-fork servers do), so a collection
      // in a process only walks what that process made (~1 ms instead of ~50 ms).
      py.runPython("import gc; gc.collect(); gc.freeze()");
      const bootMs = now() - t;
      const ts = now();
      const bytes = (py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot();
      post({ type: "snapshot", bytes, bootMs, snapshotMs: now() - ts }, [bytes.buffer]);
      return;
    }

    // Everything below happens after the snapshot: per interpreter, pristine.
    isolateNetwork(py);
    // No storage or network for scripts (`import js`): see worker-lockdown.ts.
    // After Pyodide's own loading, before the runner's Python and any script.
    const reachable = lockDownWorkerGlobals();
    if (reachable.length) post({ type: "log", level: "error", text: `cgi-lab: could not remove ${reachable.join(", ")} from the interpreter worker` });
    py.setStdout({ write: (b: Uint8Array) => emit("stdout", b), isatty: false });
    py.setStderr({ write: (b: Uint8Array) => emit("stderr", b), isatty: false });
    py.setStdin({ read: () => 0, isatty: false });
    const tr0 = now(); // TEMP
    const ns = py.toPy({}) as unknown as { get(name: string): PyCallable };
    py.runPython(RUNNER_PY, { globals: ns as never, filename: RUNNER_FILENAME });
    const tr1 = now(); // TEMP
    runner = {
      boot: ns.get("boot"),
      start: ns.get("start"),
      run_main: ns.get("run_main"),
      dispatch: ns.get("dispatch"),
      finalize: ns.get("finalize"),
    };
    runner.boot();
    post({ type: "log", level: "log", text: `MARK2 runnerPy=${(tr1 - tr0).toFixed(1)} runnerBoot=${(now() - tr1).toFixed(1)}` }); // TEMP
    post({ type: "booted", bootMs: now() - t });
  }

  function setStdin(data: Uint8Array): void {
    let pos = 0;
    py!.setStdin({
      read(buffer: Uint8Array): number {
        const n = Math.min(buffer.length, data.length - pos);
        if (n <= 0) return 0;
        buffer.set(data.subarray(pos, pos + n));
        pos += n;
        return n;
      },
      isatty: false,
    });
  }

  /** Runs `fn` with user code allowed to run: permission checks on. Returns what fn returns, or a crash. */
  function guarded(fn: () => number): { status: number } | { end: ProcessEnd } {
    const fs = FS();
    fs.ignorePermissions = false;
    try {
      return { status: fn() };
    } catch (e) {
      return { end: crashed(e) };
    } finally {
      fs.ignorePermissions = true;
    }
  }

  function finish(status: number): void {
    if (ended) return;
    const tf = now();
    const r = guarded(() => Number(runner!.finalize(status)));
    phases.finalize = now() - tf;
    end("end" in r ? r.end : { kind: "exit", code: r.status });
  }

  function run(spec: ProcessSpec, which: "cgi" | "fastcgi", limit: number): void {
    if (!py || !runner) {
      post({ type: "exit", end: { kind: "crashed", message: "interpreter not booted" }, fileChanges: [], durationMs: 0, phases });
      return;
    }
    outputLimit = limit;
    t0 = now();
    const fs = FS();
    try {
      fs.ignorePermissions = true;
      mountSpec(fs, spec);
      tree = captureTree(fs, spec.writableRoots, specFileMap(spec));
      setStdin(spec.stdin);
      const send = (id: number, bytes: Uint8Array) => {
        if (ended || closedByApp.has(id) || !open.has(id)) return;
        const copy = bytes.slice();
        post({ type: "conn-data", id, bytes: copy }, [copy.buffer]);
      };
      const close = (id: number) => {
        if (ended || closedByApp.has(id)) return;
        closedByApp.add(id);
        open.delete(id);
        post({ type: "conn-close", id });
      };
      runner.start(spec.argv, spec.env, spec.cwd || "/", which, which === "fastcgi" ? send : undefined, which === "fastcgi" ? close : undefined);
    } catch (e) {
      end({ kind: "crashed", message: `could not start the process: ${errorText(e)}` });
      return;
    }
    startedAt = performance.timeOrigin + now();
    phases.setup = now() - t0;
    post({ type: "started", at: startedAt });
    const tr = now();
    const r = guarded(() => Number(runner!.run_main(spec.argv[0] ?? "")));
    phases.run = now() - tr;
    if ("end" in r) {
      end(r.end);
      return;
    }
    if (r.status === -1) {
      serving = true;
      post({ type: "serving" });
      return;
    }
    finish(r.status);
  }

  function connectionEvent(kind: "open" | "data" | "close", id: number, bytes?: Uint8Array): void {
    if (!serving || ended || !runner) return;
    if (kind === "open") open.add(id);
    else if (!open.has(id)) return; // closed by the app, or never opened
    if (kind === "close") open.delete(id);
    const r = guarded(() => Number(kind === "data" ? runner!.dispatch(kind, id, bytes) : runner!.dispatch(kind, id)));
    if ("end" in r) end(r.end);
    else if (r.status !== -1) finish(r.status);
  }

  // What the process writes is posted as it is written, never held back: a
  // request handler that hangs must still show what it wrote before the kill.
  port.onMessage(function receive(m: ToWorker): void {
    switch (m.type) {
      case "batch":
        for (const one of m.messages) receive(one);
        return;
      case "prepare":
        prepare?.(m.indexURL).catch(() => {}); // loadPyodide reports a real failure
        return;
      case "boot":
        bootPromise = boot(m.assets, m.role, m.memoryLimitBytes).catch((e) => {
          port.post({ type: "boot-failed", message: errorText(e) });
        });
        return;
      case "run":
        void (bootPromise ?? Promise.resolve()).then(() => run(m.spec, m.model, m.outputLimitBytes));
        return;
      case "conn-open":
        connectionEvent("open", m.id);
        return;
      case "conn-data":
        connectionEvent("data", m.id, m.bytes);
        return;
      case "conn-close":
        connectionEvent("close", m.id);
        return;
      case "sync-files":
        post({ type: "files", requestId: m.requestId, changes: ended ? [] : fileChanges() });
        return;
    }
  });
}
