/**
 * The browser host: interpreter workers are module Web Workers
 * (web-worker-entry.ts, bundled by Vite), Pyodide's files come from the
 * site's own origin (indexURL, e.g. "/pyodide/"), never from a CDN. The
 * snapshot is kept in Cache Storage, keyed by Pyodide's version and the
 * Python files baked in, so a repeat visit boots from it.
 *
 * Works from the page or from another worker (nested workers).
 */
import { version as pyodideVersion } from "pyodide";
import type { InterpreterHost, InterpreterWorker, SnapshotStore } from "./host.ts";
import type { BootAssets, FromWorker, ToWorker } from "./protocol.ts";
import { bundledPythonFiles } from "./sources-web.ts";

export interface WebHostOptions {
  /** Absolute URL of the directory serving pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  indexURL: string;
  /** Cache Storage cache for the snapshot (default "cgi-lab-snapshots"); false: none. */
  cacheName?: string | false;
}

class WebInterpreterWorker implements InterpreterWorker {
  private readonly worker: Worker;
  private deathListeners: ((reason: string) => void)[] = [];
  private terminated = false;
  private dead = false;

  constructor() {
    this.worker = new Worker(new URL("./web-worker-entry.ts", import.meta.url), { type: "module", name: "cgi-lab-python" });
    this.worker.addEventListener("error", (e: ErrorEvent) => {
      e.preventDefault();
      this.die(`uncaught error in the worker: ${e.message || "the worker could not be loaded"}`);
    });
    this.worker.addEventListener("messageerror", () => this.die("a message could not be read"));
  }

  private die(reason: string): void {
    if (this.terminated || this.dead) return;
    this.dead = true;
    for (const l of this.deathListeners) l(reason);
    this.worker.terminate();
  }

  post(message: ToWorker, transfer?: Transferable[]): void {
    if (this.terminated || this.dead) return;
    this.worker.postMessage(message, transfer ?? []);
  }

  onMessage(listener: (message: FromWorker) => void): void {
    this.worker.addEventListener("message", (e: MessageEvent<FromWorker>) => listener(e.data));
  }

  onDeath(listener: (reason: string) => void): void {
    this.deathListeners.push(listener);
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.worker.terminate();
  }
}

async function fetchOk(url: string): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status} ${r.statusText}`);
  return r;
}

async function compileWasm(url: string): Promise<WebAssembly.Module> {
  if (typeof WebAssembly.compileStreaming === "function") {
    try {
      return await WebAssembly.compileStreaming(fetchOk(url));
    } catch {
      // wrong MIME type from the server: compile from bytes
    }
  }
  return WebAssembly.compile(await (await fetchOk(url)).arrayBuffer());
}

/** The snapshot in Cache Storage (available in pages and workers on secure origins and localhost). */
export function cacheStorageSnapshots(cacheName = "cgi-lab-snapshots"): SnapshotStore | null {
  if (typeof caches === "undefined") return null;
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? "http://localhost";
  const url = (key: string) => `${origin}/__cgi-lab-snapshot/${encodeURIComponent(key)}`;
  return {
    async getSnapshot(key) {
      const cache = await caches.open(cacheName);
      const r = await cache.match(url(key));
      return r ? r.blob() : null;
    },
    async putSnapshot(key, bytes) {
      const cache = await caches.open(cacheName);
      for (const req of await cache.keys()) if (req.url !== url(key)) await cache.delete(req);
      if (bytes.length === 0) await cache.delete(url(key));
      else await cache.put(url(key), new Response(bytes as BlobPart, { headers: { "Content-Type": "application/octet-stream" } }));
    },
  };
}

export function createWebWorkerHost(options: WebHostOptions): InterpreterHost {
  const indexURL = options.indexURL.endsWith("/") ? options.indexURL : options.indexURL + "/";
  const store = options.cacheName === false ? null : cacheStorageSnapshots(options.cacheName);
  return {
    name: "web",
    pyodideVersion,
    async loadAssets(): Promise<BootAssets> {
      const [wasmModule, lockFileText, stdlib] = await Promise.all([
        compileWasm(indexURL + "pyodide.asm.wasm"),
        fetchOk(indexURL + "pyodide-lock.json").then((r) => r.text()),
        fetchOk(indexURL + "python_stdlib.zip").then((r) => r.blob()),
      ]);
      return { indexURL, wasmModule, lockFileText, stdlib, pythonFiles: bundledPythonFiles() };
    },
    startWorker(): InterpreterWorker {
      return new WebInterpreterWorker();
    },
    ...(store ? { getSnapshot: store.getSnapshot, putSnapshot: store.putSnapshot } : {}),
  };
}
