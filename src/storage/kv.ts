/**
 * The key-value store under saved work: IndexedDB in the browser, a Map in
 * tests (or where IndexedDB is missing, e.g. some private windows). Values are
 * structured-cloneable (Uint8Array stays Uint8Array).
 */

export interface KvStore {
  get(key: string): Promise<unknown>;
  /** Every [key, value] whose key starts with `prefix`, in key order. */
  entries(prefix: string): Promise<[string, unknown][]>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether data survives a reload (false for the in-memory fallback). */
  readonly persistent: boolean;
}

export class MemoryKv implements KvStore {
  readonly persistent = false;
  private map = new Map<string, unknown>();

  async get(key: string): Promise<unknown> {
    return this.map.has(key) ? structuredClone(this.map.get(key)) : undefined;
  }

  async entries(prefix: string): Promise<[string, unknown][]> {
    return [...this.map]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, structuredClone(v)]);
  }

  async put(key: string, value: unknown): Promise<void> {
    this.map.set(key, structuredClone(value));
  }

  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }

  /** Tests: write a value as is, bypassing every check (to plant corrupt data). */
  raw(): Map<string, unknown> {
    return this.map;
  }
}

export const DB_NAME = "cgi-lab-storage";
const STORE = "kv";

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export class IndexedDbKv implements KvStore {
  readonly persistent = true;
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory = indexedDB,
    private readonly name = DB_NAME,
  ) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = this.factory.open(this.name, 1);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
      };
      r.onsuccess = () => {
        const db = r.result;
        // Another tab upgrading the database: let it, and reopen on next use.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      r.onerror = () => {
        this.db = null;
        reject(r.error);
      };
      r.onblocked = () => reject(new Error("IndexedDB is blocked by another tab of CGI Lab"));
    });
    return this.db;
  }

  private async tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<T>): Promise<T> {
    const db = await this.open();
    const t = db.transaction(STORE, mode);
    const done = new Promise<void>((resolve, reject) => {
      t.oncomplete = () => resolve();
      t.onabort = () => reject(t.error ?? new Error("IndexedDB transaction aborted"));
      t.onerror = () => reject(t.error);
    });
    const result = await fn(t.objectStore(STORE));
    await done;
    return result;
  }

  get(key: string): Promise<unknown> {
    return this.tx("readonly", (s) => req(s.get(key)));
  }

  entries(prefix: string): Promise<[string, unknown][]> {
    return this.tx("readonly", async (s) => {
      const range = IDBKeyRange.bound(prefix, prefix + "\uffff");
      const [keys, values] = await Promise.all([req(s.getAllKeys(range)), req(s.getAll(range))]);
      return keys.map((k, i) => [String(k), values[i]] as [string, unknown]);
    });
  }

  put(key: string, value: unknown): Promise<void> {
    return this.tx("readwrite", async (s) => {
      await req(s.put(value, key));
    });
  }

  delete(key: string): Promise<void> {
    return this.tx("readwrite", async (s) => {
      await req(s.delete(key));
    });
  }

  close(): void {
    void this.db?.then((d) => d.close()).catch(() => {});
    this.db = null;
  }
}
