/**
 * TEST-ONLY ConnectionRunner: each application process is a fresh Pyodide
 * interpreter in this Node process, with CGI Lab's real site-packages (cgi,
 * cgitb, flup) and `_cgi_lab_runtime` installed, driven through the
 * runtime's documented contract (_cgi_lab_runtime.py: register_server /
 * ServeForever / send / close). It exists so the FastCGI modules can be
 * tested against the real flup-compat package until src/runtime ships its
 * own Node ConnectionRunner; switch the tests to that one when it lands.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { loadPyodide, type PyodideInterface } from "pyodide";
import type { AppConnection, ConnectionProcess, ConnectionRunner, ProcessResult, ProcessSpec, StreamChunk } from "../../../runtime/process.ts";

const PY_ROOT = join(import.meta.dirname, "..", "..", "..", "runtime", "python");
/** Only these trees of the emulated filesystem are copied into the interpreter. */
const COPY_ROOTS = ["/var/www/", "/srv/", "/home/", "/tmp/"];

function pythonFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "__pycache__" && name !== "tests") walk(p);
      } else if (name.endsWith(".py")) out.push({ path: relative(PY_ROOT, p), text: readFileSync(p, "utf8") });
    }
  };
  walk(join(PY_ROOT, "site-packages"));
  out.push({ path: "site-packages/_cgi_lab_runtime.py", text: readFileSync(join(PY_ROOT, "_cgi_lab_runtime.py"), "utf8") });
  return out;
}

const MAIN = `
import sys, os, runpy, traceback
import _cgi_lab_runtime as rt
import _cgi_lab_testhost as jshost
from pyodide.ffi import to_js

class _Host:
    def send(self, conn_id, data):
        jshost.send(conn_id, to_js(bytes(data)))
    def close(self, conn_id):
        jshost.close(conn_id)

rt._model = "fastcgi"
rt._host = _Host()

def _run(argv):
    sys.argv = list(argv)
    try:
        runpy.run_path(argv[0], run_name="__main__")
    except rt.ServeForever:
        return "serving" if rt._server is not None else 0
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush(); sys.stderr.flush()
    return 0

def _call(name, *args):
    try:
        getattr(rt._server, name)(*args)
        return None
    except rt.ServeForever:
        return None
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 1
    finally:
        sys.stdout.flush(); sys.stderr.flush()
`;

export function createPyodideConnectionRunner(): ConnectionRunner {
  let nextPid = 40000;
  const files = pythonFiles();
  return {
    start(spec: ProcessSpec): ConnectionProcess {
      const pid = ++nextPid;
      const chunkListeners: ((c: StreamChunk) => void)[] = [];
      const chunks: StreamChunk[] = [];
      const t0 = performance.now();
      let py: PyodideInterface | null = null;
      let ended = false;
      let resolveReady!: (r: ProcessResult | null) => void;
      let resolveExit!: (r: ProcessResult) => void;
      const ready = new Promise<ProcessResult | null>((r) => (resolveReady = r));
      const exited = new Promise<ProcessResult>((r) => (resolveExit = r));
      const conns = new Map<number, { data: ((b: Uint8Array) => void)[]; close: (() => void)[]; closed: boolean }>();
      let nextConn = 0;
      let queue = Promise.resolve();

      const emit = (stream: "stdout" | "stderr", bytes: Uint8Array) => {
        const c = { stream, bytes: bytes.slice(), t: performance.now() - t0 };
        chunks.push(c);
        for (const l of chunkListeners) l(c);
      };
      const finish = (end: ProcessResult["end"]) => {
        if (ended) return;
        ended = true;
        const result: ProcessResult = { end, chunks, fileChanges: [], startedAt: t0, durationMs: performance.now() - t0, warmStart: false };
        for (const [, c] of conns) if (!c.closed) {
          c.closed = true;
          for (const l of c.close) l();
        }
        py = null;
        resolveReady(result);
        resolveExit(result);
      };
      const call = (name: string, ...args: unknown[]) => {
        queue = queue.then(() => {
          if (!py || ended) return;
          const fn = py.globals.get("_call");
          const r = fn(name, ...args);
          fn.destroy?.();
          if (r !== undefined && r !== null) finish({ kind: "exit", code: Number(r) });
        });
      };

      void (async () => {
        try {
          py = await loadPyodide({ fullStdLib: false });
          py.setStdout({ write: (b: Uint8Array) => (emit("stdout", b), b.length) });
          py.setStderr({ write: (b: Uint8Array) => (emit("stderr", b), b.length) });
          const FS = py.FS;
          for (const f of files) {
            const p = "/cgi-lab/" + f.path;
            FS.mkdirTree(p.slice(0, p.lastIndexOf("/")));
            FS.writeFile(p, f.text);
          }
          for (const d of spec.directories) if (COPY_ROOTS.some((r) => (d + "/").startsWith(r))) FS.mkdirTree(d);
          for (const f of spec.files) {
            if (!COPY_ROOTS.some((r) => f.path.startsWith(r))) continue;
            FS.mkdirTree(f.path.slice(0, f.path.lastIndexOf("/")) || "/");
            FS.writeFile(f.path, f.data);
          }
          py.registerJsModule("_cgi_lab_testhost", {
            send: (id: number, data: Uint8Array) => {
              const c = conns.get(id);
              if (!c || c.closed) return;
              const copy = new Uint8Array(data);
              setTimeout(() => { for (const l of c.data) l(copy); }, 0);
            },
            close: (id: number) => {
              const c = conns.get(id);
              if (!c || c.closed) return;
              c.closed = true;
              setTimeout(() => { for (const l of c.close) l(); }, 0);
            },
          });
          py.runPython("import sys; sys.path.insert(0, '/cgi-lab/site-packages')");
          py.runPython(MAIN);
          const env = py.toPy(Object.fromEntries(spec.env));
          py.globals.get("os").environ.clear();
          py.globals.get("os").environ.update(env);
          py.runPython(`os.chdir(${JSON.stringify(spec.cwd)})`);
          const r = py.globals.get("_run")(py.toPy(spec.argv));
          if (r === "serving") resolveReady(null);
          else finish({ kind: "exit", code: Number(r) });
        } catch (e) {
          emit("stderr", new TextEncoder().encode(String((e as Error)?.message ?? e) + "\n"));
          finish({ kind: "crashed", message: String(e) });
        }
      })();

      return {
        pid,
        ready,
        exited,
        onChunk: (l) => void chunkListeners.push(l),
        kill: (reason) => finish({ kind: "killed", reason }),
        connect(): AppConnection {
          const id = ++nextConn;
          const c = { data: [] as ((b: Uint8Array) => void)[], close: [] as (() => void)[], closed: false };
          conns.set(id, c);
          call("on_connect", id);
          return {
            write: (bytes) => {
              if (c.closed) return;
              const copy = bytes.slice();
              call("on_data", id, copy);
            },
            close: () => {
              if (c.closed) return;
              c.closed = true;
              call("on_close", id);
            },
            onData: (l) => void c.data.push(l),
            onClose: (l) => void c.close.push(l),
          };
        },
      };
    },
  };
}
