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
import { DownloadMeter, type DownloadProgress } from "./download-meter.ts";
import { bundledPythonFiles } from "./sources-web.ts";
import { cacheStorageWasm } from "./wasm-store.ts";

export interface WebHostOptions {
  /** Absolute URL of the directory serving pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  indexURL: string;
  /** Cache Storage cache for the snapshot (default "cgi-lab-snapshots"); false: none (nor the site's). */
  cacheName?: string | false;
  /** Progress of everything Python downloads (files, snapshot); without it, responses are used as they come. */
  onDownload?: (progress: DownloadProgress) => void;
}

const DEFAULT_CACHE = "cgi-lab-snapshots";

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

async function fetchOk(url: string, meter?: DownloadMeter, keep = false): Promise<Response> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: ${r.status} ${r.statusText}`);
  return meter ? meter.track(url, r, { keep }) : r;
}

async function compileWasm(response: Promise<Response>, url: string, meter?: DownloadMeter): Promise<WebAssembly.Module> {
  if (typeof WebAssembly.compileStreaming === "function") {
    try {
      // Compiles while it downloads.
      return await WebAssembly.compileStreaming(response);
    } catch {
      // wrong MIME type from the server: compile from bytes
    }
  }
  return WebAssembly.compile(await (await fetchOk(url, meter)).arrayBuffer());
}

/** The bytes of a gzip file, inflated; anything else as it is (a host may already have decoded it). */
async function gunzipped(blob: Blob): Promise<Blob> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  if (head[0] !== 0x1f || head[1] !== 0x8b) return blob;
  return new Response(blob.stream().pipeThrough(new DecompressionStream("gzip"))).blob();
}

/**
 * Whether Cache Storage holds a snapshot from an earlier visit (any key: a
 * returning visitor, whose HTTP cache most likely has Pyodide's files too).
 * False where there is no Cache Storage.
 */
export async function hasStoredSnapshot(cacheName = DEFAULT_CACHE): Promise<boolean> {
  if (typeof caches === "undefined") return false;
  try {
    if (!(await caches.has(cacheName))) return false;
    return (await (await caches.open(cacheName)).keys()).length > 0;
  } catch {
    return false; // storage blocked (e.g. some private modes): as on a first visit
  }
}

/**
 * The snapshot in Cache Storage (available in pages and workers on secure
 * origins and localhost), else the one the site ships (made at build time
 * by scripts/make-snapshot.ts, under `${indexURL}snapshots/`), which is then
 * kept in Cache Storage for the next visit.
 */
export function cacheStorageSnapshots(cacheName = DEFAULT_CACHE, siteURL?: string, meter?: DownloadMeter): SnapshotStore | null {
  const hasCaches = typeof caches !== "undefined";
  if (!hasCaches && !siteURL) return null;
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? "http://localhost";
  const url = (key: string) => `${origin}/__cgi-lab-snapshot/${encodeURIComponent(key)}`;
  /** Keys whose shipped snapshot did not boot here: not fetched again in this session. */
  const rejected = new Set<string>();

  async function put(key: string, bytes: Uint8Array | Blob): Promise<void> {
    if (!hasCaches) return;
    const cache = await caches.open(cacheName);
    for (const req of await cache.keys()) if (req.url !== url(key)) await cache.delete(req);
    const size = bytes instanceof Blob ? bytes.size : bytes.length;
    if (size === 0) await cache.delete(url(key));
    else await cache.put(url(key), new Response(bytes as BlobPart, { headers: { "Content-Type": "application/octet-stream" } }));
  }

  return {
    async getSnapshot(key) {
      if (hasCaches) {
        const r = await (await caches.open(cacheName)).match(url(key));
        if (r) return r.blob();
      }
      if (!siteURL || rejected.has(key)) return null;
      const r = await fetch(`${siteURL}snapshots/${key.replace(/[^A-Za-z0-9._-]/g, "_")}.gz`);
      // A host's "not found" page served with 200 (an SPA fallback) is no snapshot either.
      if (!r.ok || /^text\//.test(r.headers.get("Content-Type") ?? "")) return null;
      const blob = await gunzipped(await (meter ? meter.track(r.url, r) : r).blob());
      put(key, blob).catch(() => {});
      return blob;
    },
    async putSnapshot(key, bytes) {
      if (bytes.length === 0) rejected.add(key);
      await put(key, bytes);
    },
  };
}

export function createWebWorkerHost(options: WebHostOptions): InterpreterHost {
  const indexURL = options.indexURL.endsWith("/") ? options.indexURL : options.indexURL + "/";
  // Unmetered, a response goes to compileStreaming as it came (from the HTTP cache, with its URL).
  const meter = options.onDownload ? new DownloadMeter(options.onDownload) : undefined;
  const store = options.cacheName === false ? null : cacheStorageSnapshots(options.cacheName, indexURL, meter);
  const wasmStore = options.cacheName === false ? null : cacheStorageWasm(`${options.cacheName ?? DEFAULT_CACHE}:wasm`, pyodideVersion);
  /** What a boot needs besides the snapshot, being read (and compiled) from loadAssets on; and what has arrived. */
  let reading: { wasmModule: Promise<WebAssembly.Module>; lockFileText: Promise<string>; stdlib: Promise<Uint8Array> } | null = null;
  const arrived: Pick<BootAssets, "wasmModule" | "lockFileText" | "stdlib"> = {};

  /**
   * The boot does not wait for Pyodide's files to be read, nor for the wasm to
   * compile (on a repeat visit, from the HTTP and code caches, they come well
   * after the snapshot is found): a boot that starts before they are all
   * there gets a port the rest comes on, and its worker loads Pyodide's JS
   * meanwhile. Later boots get them in the message.
   */
  function withLater(message: ToWorker, transfer: Transferable[]): [ToWorker, Transferable[]] {
    if (message.type !== "boot" || !reading) return [message, transfer];
    const assets: BootAssets = { ...message.assets, ...arrived };
    const missing = (["wasmModule", "lockFileText", "stdlib"] as const).filter((k) => assets[k] === undefined);
    if (!missing.length) return [{ ...message, assets }, transfer];
    const { port1, port2 } = new MessageChannel();
    for (const k of missing) {
      (reading[k] as Promise<unknown>).then(
        (v) => port1.postMessage({ [k]: v }),
        (e: unknown) => port1.postMessage({ error: e instanceof Error ? e.message : String(e) }),
      );
    }
    return [{ ...message, assets: { ...assets, later: port2 } }, [...transfer, port2]];
  }

  return {
    name: "web",
    pyodideVersion,
    async loadAssets(): Promise<BootAssets> {
      // A missing file fails here, at once; the bodies are read (and the wasm compiled) behind.
      const lock = fetchOk(indexURL + "pyodide-lock.json", meter);
      const zip = fetchOk(indexURL + "python_stdlib.zip", meter);
      // Every interpreter worker imports Pyodide's loader: download it once now, into the HTTP cache.
      const loader = fetchOk(indexURL + "pyodide.asm.mjs", meter);
      const wasmURL = indexURL + "pyodide.asm.wasm";
      // From Cache Storage (a repeat visit), else the network, from the response itself (code cache).
      const stored = await wasmStore?.get();
      const wasm = stored ? Promise.resolve(stored) : fetchOk(wasmURL, meter, true);
      await Promise.all([wasm, lock, zip, loader]);
      void loader.then((r) => r.arrayBuffer()).catch(() => {}); // a worker that cannot import it says so
      reading = {
        // A stored copy that does not compile is dropped, and the network's is used.
        wasmModule: compileWasm(wasm, wasmURL, meter).catch(async (e: unknown) => {
          if (!stored || !wasmStore) throw e;
          await wasmStore.drop();
          return compileWasm(fetchOk(wasmURL, meter, true), wasmURL, meter);
        }),
        lockFileText: lock.then((r) => r.text()),
        stdlib: zip.then(async (r) => new Uint8Array(await r.arrayBuffer())),
      };
      void reading.wasmModule.then(
        (v) => {
          arrived.wasmModule = v;
          if (!stored) wasmStore?.keepLater(wasmURL);
        },
        () => {}, // each boot reports a failure
      );
      void reading.lockFileText.then((v) => (arrived.lockFileText = v), () => {});
      void reading.stdlib.then((v) => (arrived.stdlib = v), () => {});
      return { indexURL, pythonFiles: bundledPythonFiles() };
    },
    async pythonFiles() {
      return bundledPythonFiles();
    },
    startWorker(): InterpreterWorker {
      const w = new WebInterpreterWorker();
      const post = w.post.bind(w);
      w.post = (message, transfer) => post(...withLater(message, transfer ?? []));
      post({ type: "prepare", indexURL });
      return w;
    },
    ...(store ? { getSnapshot: store.getSnapshot, putSnapshot: store.putSnapshot } : {}),
  };
}
