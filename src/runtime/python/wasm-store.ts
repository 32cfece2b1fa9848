/**
 * Pyodide's wasm kept uncompressed in Cache Storage after a visit. A repeat
 * visit compiles it from there (~25 ms here) instead of from the HTTP cache,
 * where a host's gzip makes the browser inflate 9.6 MB first (65–140 ms,
 * more while the page is starting).
 */

export interface WasmStore {
  /** The stored wasm for this Pyodide version, or null. */
  get(): Promise<Response | null>;
  /** Stores the wasm at `url` (read again, from the HTTP cache), a while after the boot that needed it. */
  keepLater(url: string): void;
  /** Forgets the stored copy (it did not compile). */
  drop(): Promise<void>;
}

/** How long after the compile the copy is made: the page is still starting before that. */
const KEEP_AFTER_MS = 1000;

export function cacheStorageWasm(cacheName: string, pyodideVersion: string): WasmStore | null {
  if (typeof caches === "undefined") return null;
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? "http://localhost";
  const key = `${origin}/__cgi-lab-wasm/${encodeURIComponent(pyodideVersion)}`;
  let kept = false;
  return {
    async get() {
      try {
        const r = await (await caches.open(cacheName)).match(key);
        return r && r.ok ? r : null;
      } catch {
        return null; // storage blocked: the network copy
      }
    },
    keepLater(url) {
      if (kept) return;
      kept = true;
      setTimeout(() => {
        void (async () => {
          const r = await fetch(url);
          if (!r.ok) return;
          const bytes = await r.arrayBuffer();
          const cache = await caches.open(cacheName);
          for (const req of await cache.keys()) if (req.url !== key) await cache.delete(req);
          await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/wasm", "Content-Length": String(bytes.byteLength) } }));
        })().catch(() => {}); // not kept: the next visit reads the HTTP cache, as before
      }, KEEP_AFTER_MS);
    },
    async drop() {
      await caches.delete(cacheName).catch(() => false);
    },
  };
}
