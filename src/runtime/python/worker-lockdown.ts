/**
 * Takes the browser's storage and network out of an interpreter worker
 * before any user code runs.
 *
 * Interpreter workers are module Web Workers on the SITE'S OWN ORIGIN, and a
 * CGI script can `import js` (Pyodide's view of the worker's globalThis).
 * Without this, `js.indexedDB.open("cgi-lab-storage")` would open the
 * learner's saved workspaces, `js.fetch(...)` / `js.XMLHttpRequest` /
 * `js.WebSocket` would reach the network (or the app's own URLs, with the
 * app's origin), `js.caches` would read or poison the Python snapshot cache,
 * `js.BroadcastChannel` could talk to other tabs of CGI Lab, and
 * `js.Worker` / `js.importScripts` could start or load code that has all of
 * those again.
 *
 * lockDownWorkerGlobals() runs once per interpreter, after Pyodide has
 * booted (from the snapshot, with its files already loaded) and before the
 * runner's Python or any script runs. Nothing Pyodide does at run time needs
 * what is removed: wasm is already compiled, the stdlib and site-packages
 * are in its in-memory FS, sqlite3 and the other preloads are in the
 * snapshot, and messages to the host use postMessage, which stays.
 *
 * Each name is deleted from the global object AND from every prototype on its
 * chain (Web IDL puts some members on WorkerGlobalScope.prototype), then
 * shadowed by a non-configurable `undefined` on globalThis, so neither
 * `js.indexedDB` nor a getter fished out of a prototype brings it back.
 * Navigator members that reach storage (storage → OPFS, locks, serviceWorker)
 * are removed from WorkerNavigator.prototype the same way.
 *
 * Limits (documented in ARCHITECTURE.md, "Isolation"): `postMessage` to the
 * host stays (the runtime's own channel; the host only accepts its protocol
 * and applies file changes where apache may write, as a real script could);
 * a dynamic `import()` in `js.eval` is syntax and cannot be deleted — only a
 * CSP header on the worker script (connect-src/script-src 'self') stops it.
 */

/** Globals removed from the interpreter worker. */
export const BLOCKED_GLOBALS = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebSocketStream",
  "WebTransport",
  "EventSource",
  "BroadcastChannel",
  "indexedDB",
  "IDBFactory",
  "caches",
  "CacheStorage",
  "cookieStore",
  "importScripts",
  "Worker",
  "SharedWorker",
  "FileSystemHandle",
  "FileSystemDirectoryHandle",
  "FileSystemFileHandle",
  "FileSystemSyncAccessHandle",
] as const;

/** Members of WorkerNavigator removed with them. */
export const BLOCKED_NAVIGATOR = ["storage", "locks", "serviceWorker", "storageBuckets"] as const;

function removeEverywhere(root: object, name: string): void {
  for (let o: object | null = root; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
    try {
      delete (o as Record<string, unknown>)[name];
    } catch {
      /* non-configurable: shadowed below */
    }
  }
  if ((root as Record<string, unknown>)[name] !== undefined || name in root) {
    try {
      Object.defineProperty(root, name, { value: undefined, writable: false, configurable: false, enumerable: false });
    } catch {
      /* reported by the caller's check */
    }
  }
}

/**
 * Removes BLOCKED_GLOBALS and BLOCKED_NAVIGATOR from this worker. Returns the
 * names that are still reachable (empty when everything is gone). Only in
 * browser workers: Node worker threads have no storage of the site to protect.
 */
export function lockDownWorkerGlobals(g: typeof globalThis = globalThis): string[] {
  if (typeof (g as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "undefined") return [];
  const still: string[] = [];
  const nav = (g as { navigator?: object }).navigator;
  if (nav) {
    for (const name of BLOCKED_NAVIGATOR) {
      removeEverywhere(nav, name);
      if ((nav as Record<string, unknown>)[name] !== undefined) still.push(`navigator.${name}`);
    }
  }
  for (const name of BLOCKED_GLOBALS) {
    removeEverywhere(g, name);
    if ((g as unknown as Record<string, unknown>)[name] !== undefined) still.push(name);
  }
  return still;
}
