/**
 * Saves the virtual filesystem to IndexedDB (from inside the engine worker),
 * under a schema version. A saved workspace of another schema is ignored, so
 * a format change starts visitors from the default files instead of failing.
 */
import type { SerializedFs } from "../server/vfs.ts";

export const WORKSPACE_SCHEMA = 1;
const DB_NAME = "cgi-lab";
const STORE = "workspace";
const KEY = "current";

export interface SavedWorkspace {
  schema: number;
  savedAt: number;
  fs: SerializedFs;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function loadWorkspace(): Promise<SerializedFs | null> {
  if (typeof indexedDB === "undefined") return null;
  try {
    const saved = (await run("readonly", (s) => s.get(KEY))) as SavedWorkspace | undefined;
    if (!saved || saved.schema !== WORKSPACE_SCHEMA || saved.fs?.version !== 1) return null;
    return saved.fs;
  } catch {
    return null;
  }
}

export async function saveWorkspace(fs: SerializedFs): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  const value: SavedWorkspace = { schema: WORKSPACE_SCHEMA, savedAt: Date.now(), fs };
  await run("readwrite", (s) => s.put(value, KEY));
}

export async function clearWorkspace(): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  await run("readwrite", (s) => s.delete(KEY));
}

/** Calls `fn` once `ms` after the last `schedule()`; `flush()` runs it now if pending. */
export function debounce(fn: () => void, ms: number): { schedule(): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    schedule() {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    },
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      timer = null;
      fn();
    },
  };
}
