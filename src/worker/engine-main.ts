/// <reference lib="webworker" />
/**
 * The engine proper: owns the virtual filesystem and the emulated httpd, and
 * answers the page's calls. Loaded by engine-worker.ts after Python's start
 * has begun. Calls are answered once the saved workspace is open, while
 * Python is still loading: httpd is up by then, and only a program waits
 * for its interpreter (see startHttpd).
 */
import { LateRunner } from "../runtime/late-runner.ts";
import type { Exchange } from "../server/exchange.ts";
import { Httpd } from "../server/httpd.ts";
import { Vfs, VfsError } from "../server/vfs.ts";
import { LOG_FILES, type CallMessage, type CallName, type EngineCalls, type EngineEvent, type FromWorker } from "./api.ts";
import { benchRun, benchTeardown } from "./bench-server.ts";
import { loadShell, type RunShell } from "./engine-modules.ts";
import { lessonHandlers } from "./lesson-worker.ts";
import { LogFollower } from "./log-follower.ts";
import type { PythonStart } from "./python-start.ts";
import { debounce } from "./workspace-store.ts";
import { attachEngine, flushSession, openSession, resetFs, scheduleSave, workspaceHandlers } from "./workspace-session.ts";

export interface EngineContext {
  python: PythonStart;
  post(message: FromWorker, transfer?: Transferable[]): void;
  emit(event: EngineEvent): void;
}

// Set once by startEngine, before anything below runs.
let python: PythonStart;
let post: EngineContext["post"];
let emit: EngineContext["emit"];

interface State {
  fs: Vfs;
  restoredFrom: "saved" | "default";
  /** Always there (a promise for what lesson-worker.ts and workspace-session.ts expect). */
  httpd: Promise<Httpd>;
  runShell: RunShell | null;
  cwd: string;
  history: string[];
}

const logs = new LogFollower();
const changed = new Set<string>();
const flushChanges = debounce(() => {
  const paths = [...changed];
  changed.clear();
  emit({ type: "fs-changed", paths });
  for (const log of LOG_FILES) {
    if (!paths.some((p) => p === log || p === "/")) continue;
    if (!state || !state.fs.exists(log)) continue;
    const { lines, from, to } = logs.appended(log, state.fs.readText(log));
    if (lines.length) emit({ type: "log", path: log, lines, from, to });
  }
}, 30);

let state: State | null = null;
// Saved work: WorkspaceStorage (schema 2), see workspace-session.ts.
const save = { schedule: scheduleSave, flush: () => void flushSession() };

function watch(fs: Vfs): void {
  for (const log of LOG_FILES) if (fs.exists(log)) logs.prime(log, fs.readText(log));
  fs.onChange((path) => {
    changed.add(path);
    flushChanges.schedule();
    save.schedule();
  });
}

/**
 * httpd starts at once, on a runner that is there before Python is
 * (LateRunner): static files, config checks and errors are served while
 * Python loads; a program waits for its interpreter (or ends with why
 * Python could not start).
 */
function startHttpd(fs: Vfs): Httpd {
  const late = new LateRunner(python.runner);
  return new Httpd({ fs, runner: late, connections: late });
}

async function boot(): Promise<State> {
  const [saved, runShell] = await Promise.all([openSession((message) => emit({ type: "error", message })), loadShell()]);
  const fs = Vfs.restore(saved.fs);
  watch(fs);
  const s: State = { fs, restoredFrom: saved.restored ? "saved" : "default", httpd: Promise.resolve(startHttpd(fs)), runShell, cwd: "/var/www/cgi-bin", history: [] };
  state = s;
  attachEngine(s);
  return s;
}

type Handler<K extends CallName> = (s: State, args: EngineCalls[K]["args"]) => Promise<EngineCalls[K]["result"]> | EngineCalls[K]["result"];
type Handlers = { [K in CallName]: Handler<K> };

const handlers: Handlers = {
  info: async (s) => {
    const h = await s.httpd;
    return { engine: python.stage === "ready", shell: !!s.runShell, selinuxEnforcing: h.selinuxEnforcing, restoredFrom: s.restoredFrom };
  },
  "fs.tree": (s) => s.fs.walk("/").map((p) => s.fs.stat(p)!),
  "fs.stat": (s, { path }) => s.fs.stat(path) ?? null,
  "fs.list": (s, { path }) => s.fs.list(path),
  "fs.read": (s, { path }) => s.fs.readFile(path).slice(),
  "fs.write": (s, { path, data }) => s.fs.writeFile(path, data),
  "fs.chmod": (s, { path, mode }) => s.fs.chmod(path, mode),
  "fs.mkdir": (s, { path }) => s.fs.mkdir(path, { recursive: true }),
  "fs.remove": (s, { path, recursive }) => s.fs.remove(path, { recursive }),
  "fs.rename": (s, { from, to }) => s.fs.rename(from, to),
  http: async (s, { request }) => (await s.httpd).handle(request),
  apachectl: async (s, { command }) => (await s.httpd).apachectl(command),
  shell: async (s, { line }) => {
    if (!s.runShell) return { output: "The terminal's shell is not part of this build yet.\n", exitCode: 127, cwd: s.cwd };
    const r = await s.runShell(line, { fs: s.fs, httpd: await s.httpd, cwd: s.cwd, setCwd: (c) => (s.cwd = c), history: s.history });
    s.cwd = r.cwd;
    return { output: r.output, exitCode: r.exitCode, cwd: r.cwd, clear: r.clear };
  },
  reset: async (s) => {
    s.fs.replaceWith(await resetFs());
    for (const log of LOG_FILES) logs.prime(log, s.fs.exists(log) ? s.fs.readText(log) : "");
    await (await s.httpd).apachectl("restart");
  },
  "bench.run": async (_s, args) => {
    const runner = await python.runner.catch(() => {
      throw Object.assign(new Error(`Python is not available (${python.stage})`), { code: "NO_ENGINE" });
    });
    return benchRun(runner, args, (done, total) => emit({ type: "bench-progress", mode: args.mode, done, total }));
  },
  "bench.teardown": () => benchTeardown(),
  "python.start": () => python.pageIsUp(),
  ...workspaceHandlers,
  ...lessonHandlers({ logs }),
};

/**
 * Byte arrays in the reply move to the page instead of being cloned. The
 * engine may share them (a static file's body is the Vfs node's own array),
 * so each is first copied into a buffer of its own: one copy, as a clone
 * would make, and the worker keeps nothing of the reply.
 */
function ownedBytes(b: Uint8Array, out: ArrayBuffer[]): Uint8Array {
  const copy = b.slice();
  out.push(copy.buffer);
  return copy;
}

function prepare(name: CallName, result: unknown): { result: unknown; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  if (name === "fs.read" && result instanceof Uint8Array) return { result: ownedBytes(result, transfer), transfer };
  if (name !== "http") return { result, transfer };
  const x = result as Exchange;
  const own = (b: Uint8Array) => ownedBytes(b, transfer);
  const out: Exchange = {
    ...x,
    request: { ...x.request, body: own(x.request.body) },
    response: { ...x.response, body: own(x.response.body) },
    cgi: x.cgi && { ...x.cgi, stdin: own(x.cgi.stdin), chunks: x.cgi.chunks.map((c) => ({ ...c, bytes: own(c.bytes) })) },
    fastcgi: x.fastcgi?.map((f) => ({ ...f, records: f.records.map((r) => ({ ...r, bytes: own(r.bytes) })) })),
  };
  return { result: out, transfer };
}

/** Starts the engine (once); what it returns answers one call. */
export function startEngine(context: EngineContext): (msg: CallMessage) => Promise<void> {
  ({ python, post, emit } = context);
  const booted = boot();
  return async (msg) => {
    try {
      const s = await booted;
      const handler = handlers[msg.name] as Handler<CallName>;
      const { result, transfer } = prepare(msg.name, await handler(s, msg.args as never));
      post({ kind: "reply", id: msg.id, ok: true, result }, transfer);
    } catch (err) {
      const code = err instanceof VfsError ? err.code : ((err as { code?: string })?.code ?? "INTERNAL");
      const message = err instanceof Error ? err.message : String(err);
      post({ kind: "reply", id: msg.id, ok: false, error: { code, message } });
    }
  };
}
