/**
 * Named workspaces over a KvStore. Keys:
 *   meta                 { lastActive }
 *   ws:<id>              a WorkspaceRecord (or an older schema, migrated on load)
 *   damaged:<id>:<time>  a record that could not be read, moved aside as it was
 *   backup:<id>:v<n>     a record as it was before a migration from schema n
 * Nothing the person saved is ever deleted except by deleteWorkspace /
 * deleteDamaged, which the UI calls only after asking.
 */
import type { KvStore } from "./kv.ts";
import { CURRENT_SCHEMA, upgradeRecord, type WorkspaceData, type WorkspaceOrigin, type WorkspaceRecord } from "./schema.ts";

export type StorageErrorCode = "NOT_FOUND" | "CORRUPT" | "TOO_NEW" | "WRITE_FAILED";

export interface StorageError {
  code: StorageErrorCode;
  message: string;
  /** CORRUPT: the key the unreadable data was moved to (readDamaged / deleteDamaged take it). */
  keptAs?: string;
}

export interface WorkspaceSummary {
  id: string;
  name: string;
  origin: WorkspaceOrigin | null;
  lessonId: string | null;
  createdAt: number;
  updatedAt: number;
  /** "damaged": cannot be read (loadWorkspace moves it aside and explains); "too-new": saved by a newer CGI Lab. */
  status: "ok" | "damaged" | "too-new";
}

export interface DamagedCopy {
  key: string;
  id: string;
  movedAt: number;
  reason: string;
}

export type LoadResult = { ok: true; workspace: WorkspaceRecord; migratedFrom?: number } | { ok: false; error: StorageError };
export type SaveResult = { ok: true } | { ok: false; error: StorageError };

export interface WorkspaceStorageOptions {
  now?: () => number;
  newId?: () => string;
  /** Delay of scheduleSave (ms); default 800. */
  debounceMs?: number;
  /** Called when a debounced save fails (the UI shows "could not save"). */
  onSaveError?: (id: string, error: StorageError) => void;
}

const WS = "ws:";
const META = "meta";

function defaultId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  return c?.randomUUID ? c.randomUUID() : `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function defaultName(origin: WorkspaceOrigin, now: number): string {
  switch (origin.kind) {
    case "lesson":
      return `Lesson ${origin.lessonId}`;
    case "share-link":
      return `From a link (${new Date(now).toISOString().slice(0, 16).replace("T", " ")})`;
    case "copy":
      return "Copy";
    default:
      return "My workspace";
  }
}

export class WorkspaceStorage {
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly debounceMs: number;
  private pending = new Map<string, { data: WorkspaceData; timer: ReturnType<typeof setTimeout> }>();
  private inflight = new Set<Promise<unknown>>();

  constructor(
    readonly kv: KvStore,
    private readonly opts: WorkspaceStorageOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? defaultId;
    this.debounceMs = opts.debounceMs ?? 800;
  }

  /** Every workspace, most recently saved first. */
  async listWorkspaces(): Promise<WorkspaceSummary[]> {
    const out: WorkspaceSummary[] = [];
    for (const [key, raw] of await this.kv.entries(WS)) {
      const id = key.slice(WS.length);
      const up = upgradeRecord(raw, id);
      if (up.ok) {
        const r = up.record;
        out.push({ id, name: r.name, origin: r.origin, lessonId: r.data.lessonId, createdAt: r.createdAt, updatedAt: r.updatedAt, status: "ok" });
      } else {
        const name = typeof (raw as { name?: unknown })?.name === "string" ? (raw as { name: string }).name : "Unreadable workspace";
        out.push({ id, name, origin: null, lessonId: null, createdAt: 0, updatedAt: 0, status: up.code === "TOO_NEW" ? "too-new" : "damaged" });
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /**
   * The workspace, migrated to the current schema if it was older (the old
   * record is kept under backup:). Unreadable data is moved to damaged:…
   * untouched and reported as CORRUPT; the caller then starts from the default
   * files (e.g. createWorkspace) and may offer readDamaged(keptAs) as a download.
   */
  async loadWorkspace(id: string): Promise<LoadResult> {
    const key = WS + id;
    const raw = await this.kv.get(key);
    if (raw === undefined) return { ok: false, error: { code: "NOT_FOUND", message: `There is no saved workspace "${id}".` } };
    const up = upgradeRecord(raw, id);
    if (!up.ok) {
      if (up.code === "TOO_NEW") {
        return {
          ok: false,
          error: { code: "TOO_NEW", message: `This workspace was saved by a newer version of CGI Lab (schema ${up.schema}; this one reads up to ${CURRENT_SCHEMA}). Reload the page to get that version; the workspace was left as it is.` },
        };
      }
      const keptAs = `damaged:${id}:${this.now()}`;
      try {
        await this.kv.put(keptAs, { id, movedAt: this.now(), reason: up.reason, raw });
        await this.kv.delete(key);
      } catch (e) {
        return { ok: false, error: { code: "CORRUPT", message: `Your saved workspace could not be read (${up.reason}), and could not be moved aside either (${String(e)}); it was left where it was.` } };
      }
      return {
        ok: false,
        error: {
          code: "CORRUPT",
          message: `Your saved workspace could not be read: ${up.reason}. CGI Lab starts from the default files; the saved data was kept as it was, and you can download it.`,
          keptAs,
        },
      };
    }
    if (up.from < CURRENT_SCHEMA) {
      // Keep the old record, then store the migrated one (a failed write only costs migrating again next time).
      try {
        await this.kv.put(`backup:${id}:v${up.from}`, raw);
        await this.kv.put(key, up.record);
      } catch {
        /* the migrated record is still returned */
      }
      return { ok: true, workspace: up.record, migratedFrom: up.from };
    }
    return { ok: true, workspace: up.record };
  }

  /** Writes now. Refuses to overwrite a record saved by a newer CGI Lab. */
  async saveWorkspace(id: string, data: WorkspaceData, patch: { name?: string } = {}): Promise<SaveResult> {
    const key = WS + id;
    try {
      const existing = await this.kv.get(key);
      const up = existing === undefined ? null : upgradeRecord(existing, id);
      if (up && !up.ok && up.code === "TOO_NEW") {
        return { ok: false, error: { code: "TOO_NEW", message: "This workspace was saved by a newer version of CGI Lab; this page will not overwrite it. Reload the page." } };
      }
      const now = this.now();
      const prev = up?.ok ? up.record : null;
      if (up && !up.ok) {
        // Unreadable data at this id: keep it before writing over it.
        await this.kv.put(`damaged:${id}:${now}`, { id, movedAt: now, reason: up.reason, raw: existing });
      }
      const record: WorkspaceRecord = {
        schema: CURRENT_SCHEMA,
        id,
        name: patch.name ?? prev?.name ?? "My workspace",
        origin: prev?.origin ?? { kind: "default" },
        createdAt: prev?.createdAt ?? now,
        updatedAt: now,
        data,
      };
      await this.kv.put(key, record);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: { code: "WRITE_FAILED", message: `Your work could not be saved (${e instanceof Error ? e.message : String(e)}). The browser's storage may be full.` } };
    }
  }

  /** Debounced saveWorkspace: the last data wins, written debounceMs after the last call. */
  scheduleSave(id: string, data: WorkspaceData): void {
    const prev = this.pending.get(id);
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => void this.writePending(id), this.debounceMs);
    this.pending.set(id, { data, timer });
  }

  private writePending(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (!p) return Promise.resolve();
    clearTimeout(p.timer);
    this.pending.delete(id);
    const w = this.saveWorkspace(id, p.data).then((r) => {
      if (!r.ok) this.opts.onSaveError?.(id, r.error);
    });
    this.inflight.add(w);
    void w.finally(() => this.inflight.delete(w));
    return w;
  }

  /** Writes every scheduled save now and waits for all writes (call on pagehide / before switching workspace). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((id) => this.writePending(id)));
    await Promise.all([...this.inflight]);
  }

  /** Whether a debounced save is waiting. */
  get hasPendingSaves(): boolean {
    return this.pending.size > 0;
  }

  /** A new workspace beside the others (a share link, a lesson, a copy); returns its summary. */
  async createWorkspace(from: { data: WorkspaceData; origin?: WorkspaceOrigin; name?: string }): Promise<{ ok: true; workspace: WorkspaceSummary } | { ok: false; error: StorageError }> {
    const id = this.newId();
    const origin = from.origin ?? { kind: "default" };
    const now = this.now();
    const record: WorkspaceRecord = { schema: CURRENT_SCHEMA, id, name: from.name ?? defaultName(origin, now), origin, createdAt: now, updatedAt: now, data: from.data };
    try {
      await this.kv.put(WS + id, record);
    } catch (e) {
      return { ok: false, error: { code: "WRITE_FAILED", message: `The new workspace could not be saved (${e instanceof Error ? e.message : String(e)}).` } };
    }
    return { ok: true, workspace: { id, name: record.name, origin, lessonId: from.data.lessonId, createdAt: now, updatedAt: now, status: "ok" } };
  }

  async renameWorkspace(id: string, name: string): Promise<SaveResult> {
    const r = await this.loadWorkspace(id);
    if (!r.ok) return r;
    try {
      await this.kv.put(WS + id, { ...r.workspace, name });
      return { ok: true };
    } catch (e) {
      return { ok: false, error: { code: "WRITE_FAILED", message: String(e) } };
    }
  }

  /** Removes a workspace (ask first). A pending debounced save of it is dropped. */
  async deleteWorkspace(id: string): Promise<void> {
    const p = this.pending.get(id);
    if (p) clearTimeout(p.timer);
    this.pending.delete(id);
    await this.kv.delete(WS + id);
    const meta = await this.meta();
    if (meta.lastActive === id) await this.kv.put(META, { ...meta, lastActive: null });
  }

  /** The workspace to open on page load: the last one made active, else the most recently saved, else null. */
  async lastActiveWorkspace(): Promise<string | null> {
    const meta = await this.meta();
    const list = (await this.listWorkspaces()).filter((w) => w.status === "ok");
    if (meta.lastActive && list.some((w) => w.id === meta.lastActive)) return meta.lastActive;
    return list[0]?.id ?? null;
  }

  async setActiveWorkspace(id: string): Promise<void> {
    await this.kv.put(META, { ...(await this.meta()), lastActive: id });
  }

  /** Data moved aside because it could not be read. */
  async listDamaged(): Promise<DamagedCopy[]> {
    return (await this.kv.entries("damaged:")).map(([key, v]) => {
      const x = (v ?? {}) as { id?: unknown; movedAt?: unknown; reason?: unknown };
      return { key, id: String(x.id ?? ""), movedAt: Number(x.movedAt ?? 0), reason: String(x.reason ?? "") };
    });
  }

  /** The damaged data as it was stored, as JSON text (bytes as base64) for a "download raw data" button. */
  async readDamaged(key: string): Promise<string | null> {
    const v = (await this.kv.get(key)) as { raw?: unknown } | undefined;
    if (v === undefined) return null;
    return JSON.stringify(v.raw, (_k, val) => (val instanceof Uint8Array ? { $bytes: bytesToBase64(val) } : val), 2);
  }

  async deleteDamaged(key: string): Promise<void> {
    if (key.startsWith("damaged:")) await this.kv.delete(key);
  }

  /**
   * Adopts a workspace saved by the engine worker before named workspaces
   * (src/worker/workspace-store.ts, schema 1): stored as a new workspace and
   * migrated. Returns the load result.
   */
  async adoptLegacy(raw: unknown): Promise<LoadResult> {
    const id = this.newId();
    try {
      await this.kv.put(WS + id, raw);
    } catch (e) {
      return { ok: false, error: { code: "WRITE_FAILED", message: String(e) } };
    }
    return this.loadWorkspace(id);
  }

  private async meta(): Promise<{ lastActive: string | null }> {
    const m = (await this.kv.get(META)) as { lastActive?: unknown } | undefined;
    return { lastActive: typeof m?.lastActive === "string" ? m.lastActive : null };
  }
}

function bytesToBase64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}
