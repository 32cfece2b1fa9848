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
function patchWebAssembly(wasmModule: WebAssembly.Module | Promise<WebAssembly.Module> | undefined, memoryLimitBytes: number): void {
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
    const module = await wasmModule;
    const instance = (await origInstantiate(module, imports)) as WebAssembly.Instance;
    return { instance, module };
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

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  promise.catch(() => {}); // whoever uses it sees the error
  return { promise, resolve, reject };
}

/** The assets the host sends after the boot message (BootAssets.later); `failed` rejects with the host's error. */
function laterAssets(port: MessagePort) {
  const wasmModule = deferred<WebAssembly.Module>();
  const lockFileText = deferred<string>();
  const stdlib = deferred<Uint8Array>();
  const failed = deferred<never>();
  port.onmessage = (e: MessageEvent<Partial<Pick<BootAssets, "wasmModule" | "lockFileText" | "stdlib">> & { error?: string }>) => {
    const m = e.data;
    if (m.error !== undefined) {
      const error = new Error(m.error);
      for (const d of [wasmModule, lockFileText, stdlib, failed]) d.reject(error);
      port.close();
      return;
    }
    if (m.wasmModule) wasmModule.resolve(m.wasmModule);
    if (m.lockFileText !== undefined) lockFileText.resolve(m.lockFileText);
    if (m.stdlib) stdlib.resolve(m.stdlib);
  };
  return { wasmModule: wasmModule.promise, lockFileText: lockFileText.promise, stdlib: stdlib.promise, failed: failed.promise };
}

/**
 * Emscripten's dynamic linker wraps ~260 JS functions at every boot, each in a
 * tiny WebAssembly module of its own (convertJsFunctionToWasm), and those
 * modules are of only ~30 kinds (one per signature): each kind is compiled
 * once. Returns what puts the constructor back.
 */
function compileTinyModulesOnce(): () => void {
  const WA = WebAssembly as unknown as { Module: typeof WebAssembly.Module };
  const Original = WA.Module;
  const compiled = new Map<string, WebAssembly.Module>();
  WA.Module = new Proxy(Original, {
    construct(target, args: unknown[], newTarget) {
      const bytes = args[0];
      if (!(bytes instanceof Uint8Array) || bytes.length > 256 || newTarget !== WA.Module) return Reflect.construct(target, args, newTarget) as object;
      const key = String.fromCharCode(...bytes);
      let m = compiled.get(key);
      if (!m) compiled.set(key, (m = new target(bytes as Uint8Array<ArrayBuffer>)));
      return m;
    },
  });
  return () => {
    WA.Module = Original;
  };
}

/**
 * Answers Pyodide's own fetches of files this worker already has: the wasm
 * (Pyodide fetches it at every boot, then the instantiation uses the module
 * the host compiled and the response is thrown away) and the stdlib zip
 * (bytes that came with the boot message; a blob: URL's body would only
 * arrive while this thread is free, and it is busy booting). Returns what
 * puts fetch back.
 */
function answerFetches(files: Map<string, Uint8Array | Promise<Uint8Array>>): () => void {
  const g = globalThis as { fetch?: typeof fetch; location?: { href: string } };
  const real = g.fetch;
  if (!real || files.size === 0) return () => {};
  const base = g.location?.href;
  const resolve = (url: string) => {
    try {
      return new URL(url, base).href;
    } catch {
      return url;
    }
  };
  const known = new Map([...files].map(([url, bytes]) => [resolve(url), bytes]));
  g.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const bytes = known.get(resolve(url));
    return bytes ? Promise.resolve(bytes).then((b) => new Response(b as BlobPart)) : real(input, init);
  }) as typeof fetch;
  return () => {
    g.fetch = real;
  };
}

/**
 * The snapshot as it is kept and sent: Pyodide's memory snapshot (its header,
 * then the wasm heap) without the heap's all-zero 4 KiB pages, about 14 of
 * its 31 MB (the unused depth of the C stack, the free end of the heap). Less
 * to read into every worker, and pages of the wasm memory that stay unwritten
 * are never committed. Layout, u32 little-endian: MAGIC, the length of
 * Pyodide's snapshot, the count of kept ranges, then each range's [start,
 * end) in Pyodide's snapshot, then the bytes of the ranges in order.
 */
const SPARSE_MAGIC = 0x534c4743; // "CGLS"
const PAGE = 4096;

interface SparseSnapshot {
  /** Length of Pyodide's snapshot: the wasm memory is sized from it. */
  size: number;
  /** Where the heap starts in Pyodide's snapshot (its header's second word). */
  heapOffset: number;
  /** [start, end, offset of the bytes in `bytes`]. */
  ranges: [number, number, number][];
  bytes: Uint8Array;
}

function toSparse(snapshot: Uint8Array): Uint8Array {
  const dense = snapshot.byteOffset % 4 ? snapshot.slice() : snapshot;
  const heapOffset = new DataView(dense.buffer, dense.byteOffset, 8).getUint32(4, true);
  const words = new Int32Array(dense.buffer, dense.byteOffset, dense.length >>> 2);
  const ranges: [number, number][] = [];
  let start = -1;
  for (let p = 0; p < dense.length; p += PAGE) {
    const end = Math.min(p + PAGE, dense.length);
    let zero = p >= heapOffset && end - p === PAGE; // the header, and a short last page, are always kept
    for (let i = p >>> 2, e = end >>> 2; zero && i < e; i++) if (words[i] !== 0) zero = false;
    if (!zero && start < 0) start = p;
    if (zero && start >= 0) {
      ranges.push([start, p]);
      start = -1;
    }
  }
  if (start >= 0) ranges.push([start, dense.length]);
  const head = 12 + 8 * ranges.length;
  const out = new Uint8Array(head + ranges.reduce((n, [a, b]) => n + b - a, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, SPARSE_MAGIC, true);
  view.setUint32(4, dense.length, true);
  view.setUint32(8, ranges.length, true);
  let at = head;
  ranges.forEach(([a, b], i) => {
    view.setUint32(12 + 8 * i, a, true);
    view.setUint32(16 + 8 * i, b, true);
    out.set(dense.subarray(a, b), at);
    at += b - a;
  });
  return out;
}

/** A sparse snapshot's parts, or null for anything else (Pyodide's own format is used as it is). */
function readSparse(bytes: Uint8Array): SparseSnapshot | null {
  if (bytes.length < 12) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== SPARSE_MAGIC) return null;
  const size = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  let at = 12 + 8 * count;
  const ranges: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    const a = view.getUint32(12 + 8 * i, true);
    const b = view.getUint32(16 + 8 * i, true);
    if (b < a || b > size || (i > 0 && a < ranges[i - 1][1])) throw new Error("cgi-lab: corrupt memory snapshot (ranges)");
    ranges.push([a, b, at]);
    at += b - a;
  }
  if (at !== bytes.length || !count || ranges[0][0] !== 0 || ranges[0][1] < 8) throw new Error("cgi-lab: corrupt memory snapshot (length)");
  return { size, heapOffset: view.getUint32(12 + 8 * count + 4, true), ranges, bytes };
}

/** What Pyodide is given to load: an array of the snapshot's length holding its header (the rest is zero pages not yet committed). */
function headerOnly(s: SparseSnapshot): Uint8Array {
  const dense = new Uint8Array(s.size);
  const [a, b, at] = s.ranges[0];
  dense.set(s.bytes.subarray(at, at + Math.min(b, s.heapOffset) - a), a);
  return dense;
}

/** Pyodide's snapshot rebuilt in full (when the heap cannot be written directly). */
function toDense(s: SparseSnapshot): Uint8Array {
  const dense = new Uint8Array(s.size);
  for (const [a, b, at] of s.ranges) dense.set(s.bytes.subarray(at, at + b - a), a);
  return dense;
}

/** The bits of Emscripten's module that writing the heap needs. */
interface EmModule {
  HEAPU8: Uint8Array;
  _sbrk?: (increment: number) => number;
  API: { restoreSnapshot?: (snapshot: Uint8Array) => unknown };
}

/**
 * Pyodide restores a snapshot by copying all of it over the wasm heap. Here
 * its restoreSnapshot still reads the header (magic, build id, the JS-side
 * state), and the heap gets the kept ranges; a zero page is written only
 * where the memory is not zero already. Fresh wasm memory is zero, and
 * nothing before the restore wrote above the break (sbrk(0)); below it, the
 * few pages written (static data, the stack used so far) are checked.
 */
function restoreSparse(module: EmModule, s: SparseSnapshot, release: () => void): void {
  const restore = module.API.restoreSnapshot;
  if (typeof restore !== "function") throw new Error("cgi-lab: this Pyodide has no restoreSnapshot to load the memory snapshot with");
  module.API.restoreSnapshot = (snapshot: Uint8Array) => {
    module.API.restoreSnapshot = restore;
    release();
    const config = restore(snapshot.subarray(0, s.heapOffset));
    const heap = module.HEAPU8;
    const off = s.heapOffset;
    if (heap.length < s.size - off) throw new Error("cgi-lab: the wasm memory is smaller than the memory snapshot");
    const brk = typeof module._sbrk === "function" ? module._sbrk(0) >>> 0 : heap.length;
    const words = new Int32Array(heap.buffer, heap.byteOffset, heap.length >>> 2);
    const clearWritten = (from: number, to: number) => {
      for (let p = from; p < Math.min(to, brk); p += PAGE) {
        const e = Math.min(p + PAGE, to);
        for (let i = p >>> 2; i < e >>> 2; i++) {
          if (words[i] !== 0) {
            heap.fill(0, p, e);
            break;
          }
        }
      }
    };
    let done = off;
    for (const [a, b, at] of s.ranges) {
      const from = Math.max(a, off);
      if (from > done) clearWritten(done - off, from - off);
      if (b > from) heap.set(s.bytes.subarray(at + from - a, at + b - a), from - off);
      done = Math.max(done, b);
    }
    if (s.size > done) clearWritten(done - off, s.size - off);
    return config;
  };
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

/** pyodide.asm.mjs: its default export makes the Emscripten module. */
export type PyodideAsm = { default: (settings: unknown) => Promise<unknown> };

/**
 * @param importAsm imports pyodide.asm.mjs from Pyodide's directory. The
 *   browser starts it as the worker starts ("prepare": 1.25 MB of JS to
 *   parse while the runner still gathers the boot assets). With it, the core
 *   makes the Emscripten module itself and writes the snapshot's heap
 *   sparsely (restoreSparse); without it, Pyodide loads a full snapshot.
 */
export function runInterpreterWorker(port: WorkerPort, loadPyodide: LoadPyodide, importAsm?: (indexURL: string) => Promise<PyodideAsm>): void {
  captureConsole(port);
  const asmByURL = new Map<string, Promise<PyodideAsm>>();
  const importFactory = importAsm
    ? (indexURL: string) => {
        let p = asmByURL.get(indexURL);
        if (!p) asmByURL.set(indexURL, (p = importAsm(indexURL)));
        return p;
      }
    : null;

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
    const later = assets.later ? laterAssets(assets.later) : null;
    const wasmModule = assets.wasmModule ?? later?.wasmModule;
    const stdlib = assets.stdlib ?? later?.stdlib;
    const lockFileText = assets.lockFileText ?? later?.lockFileText;
    patchWebAssembly(wasmModule, memoryLimitBytes);
    const known = new Map<string, Uint8Array | Promise<Uint8Array>>();
    if (wasmModule) known.set(`${assets.indexURL}pyodide.asm.wasm`, new Uint8Array(0));
    if (stdlib) known.set(`${assets.indexURL}python_stdlib.zip`, stdlib);
    // Closures below outlive the boot (Pyodide keeps its config): they hold no bytes.
    const pythonFiles = assets.pythonFiles;
    const options: Record<string, unknown> = {
      indexURL: assets.indexURL,
      env: {},
      stdout: (s: string) => post({ type: "log", level: "log", text: s }),
      stderr: (s: string) => post({ type: "log", level: "warn", text: s }),
      fsInit: async (fs: { mkdirTree(p: string): void; writeFile(p: string, d: string): void }, info: { sitePackages: string }) =>
        installPythonFiles(fs, info.sitePackages, pythonFiles),
    };
    if (lockFileText !== undefined) {
      options.lockFileContents = lockFileText;
      options.packageBaseUrl = assets.indexURL;
    }
    if (role.kind === "make-snapshot") options._makeSnapshot = true;
    else {
      // A Blob is read while Pyodide loads its JS: it waits for the snapshot only before instantiating.
      const snap = role.snapshot;
      // Held until it is restored, then let go: the worker keeps no copy of it.
      let sparse: SparseSnapshot | null = null;
      const read = (snap instanceof Uint8Array ? Promise.resolve(snap) : snap.arrayBuffer().then((b) => new Uint8Array(b))).then((bytes) => {
        sparse = readSparse(bytes);
        return !sparse ? bytes : importFactory ? headerOnly(sparse) : toDense(sparse);
      });
      options._loadSnapshot = read;
      if (importFactory) {
        const factory = importFactory(assets.indexURL);
        options.createPyodideModule = async (settings: unknown) => {
          const [{ default: create }] = await Promise.all([factory, read]);
          const module = (await create(settings)) as EmModule;
          if (sparse) restoreSparse(module, sparse, () => (sparse = null));
          return module;
        };
      }
    }

    const restoreFetch = answerFetches(known);
    const restoreModule = compileTinyModulesOnce();
    try {
      // Pyodide only logs a failed instantiation or stdlib and goes on (or waits forever): an asset the host could not have fails the boot here.
      py = await (later ? Promise.race([loadPyodide(options), later.failed]) : loadPyodide(options));
    } finally {
      restoreModule();
      restoreFetch();
      assets.later?.close(); // all it brings has come (or the boot failed)
    }

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
      const bytes = toSparse((py as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot());
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
    // Python's own compile and exec: runPython would also parse it into an AST
    // and rewrite that first (~10 ms more).
    const builtins = py.pyimport("builtins") as unknown as { compile: PyCallable; exec: PyCallable; destroy(): void };
    const ns = py.toPy({}) as unknown as { get(name: string): PyCallable };
    const code = builtins.compile(RUNNER_PY, RUNNER_FILENAME, "exec") as PyCallable;
    builtins.exec(code, ns);
    code.destroy?.();
    builtins.destroy();
    runner = {
      boot: ns.get("boot"),
      start: ns.get("start"),
      run_main: ns.get("run_main"),
      dispatch: ns.get("dispatch"),
      finalize: ns.get("finalize"),
    };
    runner.boot();
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
        importFactory?.(m.indexURL).catch(() => {}); // the boot reports a real failure
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
