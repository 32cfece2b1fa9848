/**
 * # src/storage: saved work
 *
 * Named workspaces in IndexedDB (database "cgi-lab-storage"), each holding
 * the filesystem (Vfs.serialize(): files, config, modes, owners, labels,
 * symlinks), the open tabs, the request, the lesson, the SELinux mode and
 * lesson progress. A share link opens as a NEW workspace beside the person's
 * own; nothing is replaced or deleted without the UI asking first.
 *
 *     const storage = await openWorkspaceStorage();          // IndexedDB, or memory if unavailable
 *     const id = await storage.lastActiveWorkspace();        // null on a first visit
 *     const r = id ? await storage.loadWorkspace(id) : null;
 *     if (r?.ok) vfs.replaceWith(r.workspace.data.fs);       // + tabs, request, progress
 *     else if (r) showNotice(r.error.message);              // CORRUPT (kept as r.error.keptAs), TOO_NEW
 *
 *     storage.scheduleSave(id, data);    // on every change: debounced (800 ms), last data wins
 *     await storage.flush();             // on pagehide / before switching workspace
 *
 *     const c = await storage.createWorkspace({ data, origin: { kind: "share-link", lessonId, openedAt: Date.now() } });
 *     await storage.setActiveWorkspace(c.workspace.id);
 *     await storage.listWorkspaces();    // the switcher: id, name, origin, lesson, dates, status
 *     await storage.deleteWorkspace(id); // after a confirm()
 *
 * Schema: every record has `schema`; CURRENT_SCHEMA is 2. Records of an older
 * schema are migrated on load (MIGRATIONS in schema.ts; v1 is the engine
 * worker's old single-workspace record, which adoptLegacy() takes over), the
 * old record kept under backup:<id>:v<n>. A record of a newer schema is
 * reported (TOO_NEW) and never overwritten. An unreadable record is moved, as
 * it was, to damaged:<id>:<time> and reported (CORRUPT); listDamaged(),
 * readDamaged(key) (JSON for a download) and deleteDamaged(key) manage those.
 *
 * Tests use `new WorkspaceStorage(new MemoryKv())`, or IndexedDbKv over
 * fake-indexeddb.
 */
import { IndexedDbKv, MemoryKv, type KvStore } from "./kv.ts";
import { WorkspaceStorage, type WorkspaceStorageOptions } from "./workspaces.ts";

export { DB_NAME, IndexedDbKv, MemoryKv, type KvStore } from "./kv.ts";
export {
  CURRENT_SCHEMA,
  emptyData,
  MIGRATIONS,
  upgradeRecord,
  type LessonProgress,
  type WorkspaceData,
  type WorkspaceOrigin,
  type WorkspaceRecord,
  type WorkspaceRecordV1,
} from "./schema.ts";
export {
  WorkspaceStorage,
  type DamagedCopy,
  type LoadResult,
  type SaveResult,
  type StorageError,
  type StorageErrorCode,
  type WorkspaceStorageOptions,
  type WorkspaceSummary,
} from "./workspaces.ts";

/**
 * Storage for this page: IndexedDB when it works (it may not in some private
 * windows or sandboxed iframes), else memory, so the page always has one;
 * `storage.kv.persistent` says which (the UI can say "your work will not be kept").
 */
export async function openWorkspaceStorage(opts: WorkspaceStorageOptions & { factory?: IDBFactory } = {}): Promise<WorkspaceStorage> {
  const factory = opts.factory ?? (typeof indexedDB === "undefined" ? undefined : indexedDB);
  let kv: KvStore = new MemoryKv();
  if (factory) {
    const idb = new IndexedDbKv(factory);
    try {
      await idb.get("meta");
      kv = idb;
    } catch {
      idb.close();
    }
  }
  return new WorkspaceStorage(kv, opts);
}
