/**
 * What a saved workspace looks like, schema by schema, and how an older
 * record becomes the current one.
 *
 *   schema 1  { schema: 1, savedAt, fs }: the filesystem only, as the engine
 *             worker saved it before named workspaces (src/worker/workspace-store.ts).
 *   schema 2  WorkspaceRecord: a named workspace with its filesystem, open
 *             tabs, request, lesson, SELinux mode and lesson progress.
 *
 * A new schema adds a function to MIGRATIONS (from N to N+1) and a test.
 */
import type { SerializedFs } from "../server/vfs.ts";
import type { SelinuxMode, ShareRequest } from "../share/state.ts";

export const CURRENT_SCHEMA = 2;

/** Tasks done per lesson id. */
export type LessonProgress = Record<string, { done: string[]; completedAt?: number }>;

export interface WorkspaceData {
  /** Files, directories, modes, owners, labels, symlinks: Vfs.serialize(). */
  fs: SerializedFs;
  lessonId: string | null;
  selinux: SelinuxMode;
  /** Paths of the editor's open tabs, in order. */
  openTabs: string[];
  activeTab: string | null;
  /** The request bar's request. */
  request: ShareRequest | null;
  progress: LessonProgress;
}

export type WorkspaceOrigin =
  | { kind: "default" }
  | { kind: "lesson"; lessonId: string }
  /** Opened from a share link; never replaces the person's own workspace. */
  | { kind: "share-link"; lessonId: string | null; openedAt: number }
  | { kind: "copy"; fromId: string }
  /** Saved by an older CGI Lab (schema 1) and carried over. */
  | { kind: "migrated"; fromSchema: number };

export interface WorkspaceRecord {
  schema: typeof CURRENT_SCHEMA;
  id: string;
  name: string;
  origin: WorkspaceOrigin;
  createdAt: number;
  updatedAt: number;
  data: WorkspaceData;
}

export interface WorkspaceRecordV1 {
  schema: 1;
  savedAt: number;
  fs: SerializedFs;
}

export function emptyData(fs: SerializedFs): WorkspaceData {
  return { fs, lessonId: null, selinux: "enforcing", openTabs: [], activeTab: null, request: null, progress: {} };
}

export interface MigrationContext {
  /** The id the record is stored under. */
  id: string;
}

/** MIGRATIONS[n] turns a schema-n record into a schema-(n+1) one; it may throw on data it cannot read. */
export const MIGRATIONS: Record<number, (old: Record<string, unknown>, ctx: MigrationContext) => Record<string, unknown>> = {
  1: (old, ctx) => {
    const v1 = old as unknown as WorkspaceRecordV1;
    const problem = checkFs(v1.fs);
    if (problem) throw new Error(`the schema 1 filesystem ${problem}`);
    const at = typeof v1.savedAt === "number" ? v1.savedAt : 0;
    const v2: WorkspaceRecord = {
      schema: 2,
      id: ctx.id,
      name: "My workspace",
      origin: { kind: "migrated", fromSchema: 1 },
      createdAt: at,
      updatedAt: at,
      data: emptyData(v1.fs),
    };
    return v2 as unknown as Record<string, unknown>;
  },
};

export type Upgrade = { ok: true; record: WorkspaceRecord; from: number } | { ok: false; code: "CORRUPT" | "TOO_NEW"; reason: string; schema?: number };

/** Brings a stored value to CURRENT_SCHEMA and validates it. Never throws. */
export function upgradeRecord(raw: unknown, id: string): Upgrade {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, code: "CORRUPT", reason: `it is ${raw === null ? "null" : Array.isArray(raw) ? "a list" : `a ${typeof raw}`}, not a saved workspace` };
  const schema = (raw as { schema?: unknown }).schema;
  if (typeof schema !== "number" || !Number.isInteger(schema) || schema < 1) return { ok: false, code: "CORRUPT", reason: "it has no schema version" };
  if (schema > CURRENT_SCHEMA) return { ok: false, code: "TOO_NEW", reason: `it was saved by a newer CGI Lab (schema ${schema}; this one reads up to ${CURRENT_SCHEMA})`, schema };
  let rec = raw as Record<string, unknown>;
  for (let s = schema; s < CURRENT_SCHEMA; s++) {
    try {
      rec = MIGRATIONS[s](rec, { id });
    } catch (e) {
      return { ok: false, code: "CORRUPT", reason: `it could not be carried over from schema ${s}: ${e instanceof Error ? e.message : String(e)}`, schema };
    }
  }
  const problem = checkRecord(rec);
  if (problem) return { ok: false, code: "CORRUPT", reason: problem, schema };
  return { ok: true, record: rec as unknown as WorkspaceRecord, from: schema };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function checkFs(fs: unknown): string | null {
  if (!isObj(fs)) return "is missing";
  if (fs.version !== 1) return `has unknown version ${JSON.stringify(fs.version)}`;
  if (!Array.isArray(fs.nodes)) return "has no list of files";
  for (let i = 0; i < fs.nodes.length; i++) {
    const e = fs.nodes[i] as unknown;
    if (!Array.isArray(e) || typeof e[0] !== "string" || !isObj(e[1])) return `entry ${i + 1} is not [path, node]`;
    const node = e[1];
    if ((node.type !== "file" && node.type !== "dir") || typeof node.mode !== "number" || typeof node.label !== "string" || typeof node.owner !== "string" || typeof node.group !== "string") {
      return `entry ${i + 1} (${e[0]}) has a damaged type, mode, owner or label`;
    }
    if (!(node.data instanceof Uint8Array)) return `entry ${i + 1} (${e[0]}) has no byte content`;
  }
  if (!fs.nodes.some((e) => (e as [string])[0] === "/")) return "has no root directory";
  if (fs.links !== undefined && (!Array.isArray(fs.links) || fs.links.some((l) => !Array.isArray(l) || typeof l[0] !== "string" || typeof l[1] !== "string"))) return "has damaged symbolic links";
  return null;
}

function checkRecord(r: Record<string, unknown>): string | null {
  if (r.schema !== CURRENT_SCHEMA) return `its schema is ${String(r.schema)}`;
  if (typeof r.id !== "string" || typeof r.name !== "string") return "its id or name is missing";
  if (!isObj(r.origin) || typeof r.origin.kind !== "string") return "its origin is missing";
  if (typeof r.createdAt !== "number" || typeof r.updatedAt !== "number") return "its dates are missing";
  if (!isObj(r.data)) return "it has no data";
  const d = r.data;
  const fsProblem = checkFs(d.fs);
  if (fsProblem) return `its filesystem ${fsProblem}`;
  if (!Array.isArray(d.openTabs) || d.openTabs.some((t) => typeof t !== "string")) return "its open tabs are damaged";
  if (d.activeTab !== null && typeof d.activeTab !== "string") return "its active tab is damaged";
  if (d.lessonId !== null && typeof d.lessonId !== "string") return "its lesson id is damaged";
  if (d.selinux !== "enforcing" && d.selinux !== "permissive") return "its SELinux mode is damaged";
  if (d.request !== null && (!isObj(d.request) || typeof d.request.method !== "string" || typeof d.request.target !== "string" || !(d.request.body instanceof Uint8Array) || !Array.isArray(d.request.headers))) {
    return "its request is damaged";
  }
  if (!isObj(d.progress)) return "its lesson progress is damaged";
  return null;
}
