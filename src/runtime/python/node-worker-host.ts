/**
 * The Node host: interpreter workers are worker_threads, Pyodide's files
 * come from node_modules/pyodide, and the memory snapshot is kept in memory
 * by the runner and on disk under node_modules/.cache/cgi-lab/ (keyed by
 * Pyodide's version and the Python files baked in).
 *
 * A worker runs TypeScript (node-worker-entry.ts and the universal core).
 * Node 20 cannot run .ts by itself, so the entry is bundled once per process
 * with esbuild (present through tsx) into one ES module started from a
 * data: URL; without esbuild, tsx's loader is registered in each worker
 * instead (slower: ~150 ms more per worker).
 */
import { readFileSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { InterpreterHost, InterpreterWorker } from "./host.ts";
import type { BootAssets, FromWorker, ToWorker } from "./protocol.ts";
import { loadPythonFilesFromDisk } from "./sources-node.ts";

export interface NodeHostOptions {
  /** Directory holding pyodide.mjs, pyodide.asm.wasm, ...; default: the installed `pyodide` package. */
  pyodideDir?: string;
  /** Where the snapshot is cached on disk; default node_modules/.cache/cgi-lab; false: no disk cache. */
  cacheDir?: string | false;
  /** Directory of the Python files to install (default src/runtime/python/). */
  pythonDir?: string;
}

const require = createRequire(import.meta.url);

/** The part of esbuild's API used here (esbuild comes with tsx; not a direct dependency). */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}

function defaultPyodideDir(): string {
  return dirname(require.resolve("pyodide"));
}

function defaultCacheDir(pyodideDir: string): string {
  // <root>/node_modules/pyodide -> <root>/node_modules/.cache/cgi-lab
  return join(dirname(pyodideDir), ".cache", "cgi-lab");
}

let workerSource: Promise<{ url: URL; execArgv?: string[] }> | null = null;

/** The worker entry as one ES module (esbuild), or the .ts entry with tsx's loader. */
function workerEntry(): Promise<{ url: URL; execArgv?: string[] }> {
  workerSource ??= (async () => {
    const entry = fileURLToPath(new URL("./node-worker-entry.ts", import.meta.url));
    let esbuild: Esbuild | null = null;
    for (const from of [import.meta.url, pathToFileURL(require.resolve("tsx/package.json")).href]) {
      try {
        const mod = (await import(pathToFileURL(createRequire(from).resolve("esbuild")).href)) as Esbuild & { default?: Esbuild };
        esbuild = typeof mod.build === "function" ? mod : mod.default ?? null;
        if (esbuild) break;
      } catch {
        // try the next place
      }
    }
    if (esbuild) {
      const out = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node20",
        write: false,
        external: ["pyodide"],
        logLevel: "silent",
      });
      const code = out.outputFiles[0].text;
      return { url: new URL(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`) };
    }
    // Fallback: register tsx inside the worker, then import the .ts entry.
    const tsxApi = pathToFileURL(require.resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs")).href;
    const boot = `const m = await import(${JSON.stringify(tsxApi)}); m.register(); await import(${JSON.stringify(pathToFileURL(entry).href)});`;
    return { url: new URL(`data:text/javascript;base64,${Buffer.from(boot).toString("base64")}`) };
  })();
  workerSource.catch(() => {
    workerSource = null;
  });
  return workerSource;
}

/** A worker handle that can be used before the thread exists (the entry is prepared asynchronously). */
class NodeInterpreterWorker implements InterpreterWorker {
  private worker: Worker | null = null;
  private queue: { message: ToWorker; transfer?: Transferable[] }[] = [];
  private messageListeners: ((m: FromWorker) => void)[] = [];
  private deathListeners: ((reason: string) => void)[] = [];
  private terminated = false;
  private dead = false;
  private keepAlive = true;

  constructor(entry: Promise<{ url: URL; execArgv?: string[] }>, pyodideURL: string) {
    entry.then(
      ({ url, execArgv }) => {
        if (this.terminated) return;
        const w = new Worker(url, { workerData: { pyodideURL, wasmPrecompiled: true }, execArgv: execArgv ?? [], stdout: false, stderr: false });
        this.worker = w;
        w.on("message", (m: FromWorker) => {
          for (const l of this.messageListeners) l(m);
        });
        w.on("error", (e) => this.die(`uncaught error in the worker: ${e instanceof Error ? e.message : String(e)}`));
        w.on("messageerror", (e) => this.die(`a message could not be read: ${String(e)}`));
        w.on("exit", (code) => this.die(`the worker exited (code ${code})`));
        // After the listeners: adding a "message" listener refs the port again.
        if (!this.keepAlive) w.unref();
        for (const q of this.queue.splice(0)) w.postMessage(q.message, q.transfer as never);
      },
      (e) => this.die(`the worker could not be started: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private die(reason: string): void {
    if (this.terminated || this.dead) return;
    this.dead = true;
    for (const l of this.deathListeners) l(reason);
    void this.worker?.terminate();
  }

  post(message: ToWorker, transfer?: Transferable[]): void {
    if (this.terminated || this.dead) return;
    if (this.worker) this.worker.postMessage(message, transfer as never);
    else this.queue.push({ message, transfer });
  }

  onMessage(listener: (message: FromWorker) => void): void {
    this.messageListeners.push(listener);
  }

  onDeath(listener: (reason: string) => void): void {
    this.deathListeners.push(listener);
  }

  setKeepAlive(on: boolean): void {
    this.keepAlive = on;
    if (on) this.worker?.ref();
    else this.worker?.unref();
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.queue = [];
    void this.worker?.terminate();
  }
}

export function createNodeWorkerHost(options: NodeHostOptions = {}): InterpreterHost {
  const pyodideDir = options.pyodideDir ?? defaultPyodideDir();
  const pyodideVersion = (JSON.parse(readFileSync(join(pyodideDir, "package.json"), "utf8")) as { version: string }).version;
  const cacheDir = options.cacheDir === false ? null : options.cacheDir ?? defaultCacheDir(pyodideDir);
  const pyodideURL = pathToFileURL(join(pyodideDir, "pyodide.mjs")).href;
  const snapshotPath = (key: string) => join(cacheDir!, `${key.replace(/[^A-Za-z0-9._-]/g, "_")}.snapshot`);

  return {
    name: "node",
    pyodideVersion,
    async loadAssets(): Promise<BootAssets> {
      const [wasm, lockFileText, pythonFiles] = await Promise.all([
        readFile(join(pyodideDir, "pyodide.asm.wasm")),
        readFile(join(pyodideDir, "pyodide-lock.json"), "utf8"),
        loadPythonFilesFromDisk(options.pythonDir),
        workerEntry(),
      ]);
      const wasmModule = await WebAssembly.compile(wasm);
      return { indexURL: pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/", wasmModule, lockFileText, pythonFiles };
    },
    startWorker(): InterpreterWorker {
      return new NodeInterpreterWorker(workerEntry(), pyodideURL);
    },
    ...(cacheDir
      ? {
          async getSnapshot(key: string): Promise<Uint8Array | null> {
            try {
              const b = await readFile(snapshotPath(key));
              return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
            } catch {
              return null;
            }
          },
          async putSnapshot(key: string, bytes: Uint8Array): Promise<void> {
            const path = snapshotPath(key);
            if (bytes.length === 0) {
              await rm(path, { force: true });
              return;
            }
            await mkdir(cacheDir, { recursive: true });
            // Older snapshots (another version or other Python files) are of no more use.
            for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
              if (name.startsWith("cgi-lab-pyodide-") && name.endsWith(".snapshot") && join(cacheDir, name) !== path) {
                await rm(join(cacheDir, name), { force: true });
              }
            }
            const tmp = `${path}.${process.pid}.tmp`;
            await writeFile(tmp, bytes);
            await rename(tmp, path);
          },
        }
      : {}),
  };
}
