/// <reference lib="webworker" />
/**
 * Saved work inside the engine worker: the named workspaces of src/storage
 * (WorkspaceStorage, schema 2) and share links (src/share).
 *
 * - open(): on boot, opens storage (IndexedDB "cgi-lab-storage", or memory),
 *   adopts the old single record of workspace-store.ts (schema 1, database
 *   "cgi-lab") once, then opens the last active workspace, or creates
 *   "My workspace" from the default files. A damaged record is moved aside by
 *   WorkspaceStorage and reported as a notice; the next one is tried.
 * - Every Vfs change and every workspace.setUi call schedules a save
 *   (SAVE_DELAY_MS after the last one); workspace.flush writes it now (the
 *   page calls it on pagehide and before switching).
 * - share.open decodes the link, applies it to a FRESH base (the lesson's
 *   start machine, or createDefaultFs()), stores it as a NEW workspace
 *   (origin "share-link") and switches to it. It never runs anything.
 *
 * Lessons: a link's diff is taken against the start machine of the lesson
 * the workspace belongs to. The lesson runner registers how to build that
 * machine with setLessonBaseProvider(); until it does, every base is
 * createDefaultFs() (links still work, they are only longer). It sets the
 * open workspace's lesson with setWorkspaceLesson(id).
 *
 * The worker also holds a Web Lock named after itself (self.name) for as
 * long as it lives, so the page can tell when it died (workspace-port.ts).
 */
import { bundledPythonFiles } from "../runtime/python/sources-web.ts";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import type { Httpd } from "../server/httpd.ts";
import { Vfs, type SerializedFs } from "../server/vfs.ts";
import { applyShareState, createShareLink, decodeShareLink, describeShareState, workspaceZip, type SelinuxMode, type ShareRequest } from "../share/index.ts";
import { emptyData, openWorkspaceStorage, type WorkspaceData, type WorkspaceOrigin, type WorkspaceStorage } from "../storage/index.ts";
import { applyFiles } from "../lessons/run-check.ts";
import { lessonById } from "../lessons/lessons-vite.ts";
import type { ShareCreateResult, ShareOpenResult, WorkspaceCalls, WorkspaceView } from "./workspace-api.ts";

export const SAVE_DELAY_MS = 500;
/** The engine worker's name starts with this; the rest is the lock it holds (see workspace-port.ts). */
export const ENGINE_LOCK_PREFIX = "cgi-lab-engine";

/* ---------------- liveness lock ---------------- */

if (typeof self !== "undefined" && typeof self.name === "string" && self.name.startsWith(ENGINE_LOCK_PREFIX + ":")) {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks) {
    void locks.request(self.name, () => {
      self.postMessage({ kind: "lock-held", name: self.name });
      return new Promise<void>(() => {}); // held until the worker ends
    });
  }
}

/* ---------------- lesson hook ---------------- */

type BaseProvider = (lessonId: string) => Vfs | null | Promise<Vfs | null>;

/** Default: the default files plus the lesson's start files (deterministic, the same on both ends of a link). */
const lessonStartFiles: BaseProvider = (lessonId) => {
  const lesson = lessonById(lessonId);
  if (!lesson) return null;
  const fs = createDefaultFs();
  applyFiles(fs, lesson.startFiles);
  return fs;
};
let lessonBase: BaseProvider | null = lessonStartFiles;

/** For the lesson runner: how to build a FRESH copy of a lesson's start machine (null: unknown lesson). */
export function setLessonBaseProvider(provider: BaseProvider | null): void {
  lessonBase = provider ?? lessonStartFiles;
}

/**
 * The lesson runner's side (src/worker/lesson-worker.ts), wired in by
 * engine-worker.ts with setLessonRunnerHooks({ activeLessonId,
 * saveActiveWorkspace }). Until then: no lesson machine, everything saved as
 * the open workspace.
 */
export interface LessonRunnerHooks {
  activeLessonId(): string | null;
  /** Saves a lesson machine under its own key, or calls savePlayground(fs). */
  saveActiveWorkspace(fs: SerializedFs, savePlayground: (fs: SerializedFs) => Promise<void>): Promise<void>;
}
let lessonRunner: LessonRunnerHooks = { activeLessonId: () => null, saveActiveWorkspace: (fs, savePlayground) => savePlayground(fs) };
export function setLessonRunnerHooks(hooks: LessonRunnerHooks): void {
  lessonRunner = hooks;
}
const activeLessonId = () => lessonRunner.activeLessonId();

/** The lesson whose machine runs now (the lesson runner's), else the open workspace's. */
function lessonNow(): string | null {
  return activeLessonId() ?? current?.data.lessonId ?? null;
}

/** A fresh copy of what a workspace started from. */
export async function baseFor(lessonId: string | null): Promise<Vfs> {
  if (lessonId && lessonBase) {
    const v = await lessonBase(lessonId);
    if (v) return v;
  }
  return createDefaultFs();
}

/* ---------------- legacy (schema 1) ---------------- */

const LEGACY_DB = "cgi-lab";
const LEGACY_STORE = "workspace";
const LEGACY_KEY = "current";
const ADOPTED_KEY = "legacy-adopted";

/** The record workspace-store.ts saved, as it is, or undefined. Creates nothing. */
function readLegacyRecord(): Promise<unknown> {
  if (typeof indexedDB === "undefined") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let created = false;
    const req = indexedDB.open(LEGACY_DB);
    req.onupgradeneeded = () => {
      created = true; // it did not exist: nothing to adopt
    };
    req.onerror = () => resolve(undefined);
    req.onsuccess = () => {
      const db = req.result;
      const done = (v: unknown) => {
        db.close();
        if (created) indexedDB.deleteDatabase(LEGACY_DB);
        resolve(v);
      };
      if (!db.objectStoreNames.contains(LEGACY_STORE)) return done(undefined);
      try {
        const get = db.transaction(LEGACY_STORE, "readonly").objectStore(LEGACY_STORE).get(LEGACY_KEY);
        get.onsuccess = () => done(get.result);
        get.onerror = () => done(undefined);
      } catch {
        done(undefined);
      }
    };
  });
}

/* ---------------- the session ---------------- */

interface Engine {
  fs: Vfs;
  httpd: Promise<Httpd | null>;
}

interface Open {
  id: string;
  name: string;
  origin: WorkspaceOrigin;
  data: Omit<WorkspaceData, "fs">;
}

let storage: WorkspaceStorage | null = null;
let current: Open | null = null;
let notice: string | null = null;
let engine: Engine | null = null;
let httpdNow: Httpd | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let writing: Promise<void> = Promise.resolve();
let reportError: (message: string) => void = () => {};

function selinuxNow(): SelinuxMode {
  if (httpdNow) return httpdNow.selinuxEnforcing ? "enforcing" : "permissive";
  return current?.data.selinux ?? "enforcing";
}

function openFrom(id: string, name: string, origin: WorkspaceOrigin, data: WorkspaceData): SerializedFs {
  const { fs, ...rest } = data;
  current = { id, name, origin, data: rest };
  return fs;
}

/**
 * Boot: the filesystem of the workspace to open. `onError` reports failed
 * saves (an "error" event for the page).
 */
export async function openSession(onError: (message: string) => void): Promise<{ fs: SerializedFs; restored: boolean }> {
  reportError = onError;
  const notes: string[] = [];
  const st = await openWorkspaceStorage({ onSaveError: (_id, e) => onError(e.message) });
  storage = st;
  try {
    if ((await st.kv.get(ADOPTED_KEY)) === undefined) {
      const legacy = await readLegacyRecord();
      if (legacy !== undefined) {
        const r = await st.adoptLegacy(legacy);
        if (r.ok) {
          await st.setActiveWorkspace(r.workspace.id);
        } else notes.push(r.error.message);
      }
      await st.kv.put(ADOPTED_KEY, { at: Date.now(), found: legacy !== undefined });
    }
  } catch (e) {
    notes.push(`Work saved by an older CGI Lab could not be carried over (${e instanceof Error ? e.message : String(e)}).`);
  }
  for (let tries = 0; tries < 5; tries++) {
    const id = await st.lastActiveWorkspace();
    if (!id) break;
    const r = await st.loadWorkspace(id);
    if (r.ok) {
      if (r.migratedFrom) notes.push("Your saved work was carried over from an older version of CGI Lab.");
      notice = notes.join(" ") || null;
      return { fs: openFrom(r.workspace.id, r.workspace.name, r.workspace.origin, r.workspace.data), restored: true };
    }
    notes.push(r.error.message);
    if (r.error.code !== "CORRUPT") break;
  }
  const fs = createDefaultFs().serialize();
  const c = await st.createWorkspace({ data: emptyData(fs), origin: { kind: "default" } });
  notice = notes.join(" ") || null;
  if (c.ok) {
    await st.setActiveWorkspace(c.workspace.id);
    return { fs: openFrom(c.workspace.id, c.workspace.name, c.workspace.origin ?? { kind: "default" }, emptyData(fs)), restored: false };
  }
  notice = [notice, c.error.message].filter(Boolean).join(" ");
  return { fs: openFrom("unsaved", "Unsaved workspace", { kind: "default" }, emptyData(fs)), restored: false };
}

/** Called once the engine's Vfs and httpd exist: applies the saved SELinux mode. */
export function attachEngine(e: Engine): void {
  engine = e;
  void e.httpd.then((h) => {
    httpdNow = h;
    if (h && current) h.selinuxEnforcing = current.data.selinux === "enforcing";
  });
}

/** Something changed: save SAVE_DELAY_MS after the last change. */
export function scheduleSave(): void {
  if (!current || current.id === "unsaved") return;
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
}

/**
 * Saves now. Serializes synchronously (a flush just before a machine swap
 * saves the machine being left). While a lesson's machine runs, the lesson
 * runner saves it under its own key (lesson-worker.ts saveActiveWorkspace);
 * the playground's files go to the open workspace through savePlayground.
 */
function saveNow(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (!storage || !current || !engine || current.id === "unsaved") return writing;
  const fs = engine.fs.serialize();
  const p = lessonRunner.saveActiveWorkspace(fs, savePlayground);
  writing = writing.then(() => p.catch((e: unknown) => reportError(`saving failed: ${e instanceof Error ? e.message : String(e)}`)));
  return writing;
}

/** Stores `fs` as the open workspace's files (with its tabs, request, SELinux mode). */
export async function savePlayground(fs: SerializedFs): Promise<void> {
  if (!storage || !current || current.id === "unsaved") return;
  const data: WorkspaceData = { ...current.data, selinux: activeLessonId() ? current.data.selinux : selinuxNow(), fs };
  const r = await storage.saveWorkspace(current.id, data);
  if (!r.ok) reportError(r.error.message);
}

/**
 * For the lesson runner (lesson.open(null)): the open workspace's files as
 * saved, to bring the playground back after a lesson. Replaces
 * workspace-store.ts loadWorkspace(), which only knows the old schema-1 record.
 */
export async function loadPlaygroundFs(): Promise<SerializedFs | null> {
  await flushSession();
  if (!storage || !current) return null;
  const r = await storage.loadWorkspace(current.id);
  return r.ok ? r.workspace.data.fs : null;
}

export function flushSession(): Promise<void> {
  return timer !== null ? saveNow() : writing;
}

function view(): WorkspaceView {
  const c = current!;
  return {
    id: c.id,
    name: c.name,
    origin: c.origin,
    lessonId: c.data.lessonId,
    selinux: selinuxNow(),
    openTabs: c.data.openTabs,
    activeTab: c.data.activeTab,
    request: c.data.request,
    persistent: storage?.kv.persistent ?? false,
    notice,
  };
}

/** For the lesson runner: the open workspace now belongs to `lessonId` (null: the playground). */
export function setWorkspaceLesson(lessonId: string | null): void {
  if (!current) return;
  current.data = { ...current.data, lessonId };
  scheduleSave();
}

/** The lesson id of the open workspace. */
export function workspaceLesson(): string | null {
  return current?.data.lessonId ?? null;
}

/**
 * For the lesson runner (lesson-worker.ts): saves the open workspace, then
 * makes another the open one WITHOUT touching the engine: an existing one
 * by id, or a new one from data + origin. The runner loads the returned
 * files and sets httpd up itself (a lesson may start with httpd stopped).
 */
export async function adoptWorkspace(
  target: { id: string } | { data: WorkspaceData; origin: WorkspaceOrigin },
): Promise<{ fs: SerializedFs; view: WorkspaceView }> {
  const st = needStorage();
  await flushSession();
  let fs: SerializedFs;
  if ("id" in target) {
    const r = await st.loadWorkspace(target.id);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    fs = openFrom(r.workspace.id, r.workspace.name, r.workspace.origin, r.workspace.data);
  } else {
    const c = await st.createWorkspace({ data: target.data, origin: target.origin });
    if (!c.ok) throw Object.assign(new Error(c.error.message), { code: c.error.code });
    fs = openFrom(c.workspace.id, c.workspace.name, target.origin, target.data);
  }
  notice = null;
  await st.setActiveWorkspace(current!.id);
  return { fs, view: view() };
}

async function load(fs: SerializedFs, data: Omit<WorkspaceData, "fs">): Promise<void> {
  const e = engine!;
  e.fs.replaceWith(fs);
  const h = await e.httpd;
  if (h) {
    h.selinuxEnforcing = data.selinux === "enforcing";
    await h.apachectl("restart").catch(() => undefined);
  }
}

/** Reset to the start: the files the open workspace started from (the lesson's start, or the defaults). */
export async function resetFs(): Promise<SerializedFs> {
  return (await baseFor(lessonNow())).serialize();
}

/* ---------------- handlers ---------------- */

type Handler<K extends keyof WorkspaceCalls> = (s: Engine, args: WorkspaceCalls[K]["args"]) => Promise<WorkspaceCalls[K]["result"]> | WorkspaceCalls[K]["result"];

function needStorage(): WorkspaceStorage {
  if (!storage) throw Object.assign(new Error("saved work is not available"), { code: "NOT_READY" });
  return storage;
}

export const workspaceHandlers: { [K in keyof WorkspaceCalls]: Handler<K> } = {
  "workspace.current": () => view(),
  "workspace.list": async () => ({ current: current!.id, workspaces: await needStorage().listWorkspaces() }),
  "workspace.switch": async (_s, { id }) => {
    const st = needStorage();
    if (id === current?.id) return view();
    await flushSession();
    const r = await st.loadWorkspace(id);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    const fs = openFrom(r.workspace.id, r.workspace.name, r.workspace.origin, r.workspace.data);
    notice = null;
    await load(fs, current!.data);
    await st.setActiveWorkspace(id);
    return view();
  },
  "workspace.delete": async (_s, { id }) => {
    if (id === current?.id) throw Object.assign(new Error("The open workspace cannot be deleted; switch to another one first."), { code: "BUSY" });
    await needStorage().deleteWorkspace(id);
    if (current) await needStorage().setActiveWorkspace(current.id);
  },
  "workspace.setUi": (_s, { openTabs, activeTab, request }) => {
    if (!current) return;
    current.data = { ...current.data, openTabs, activeTab, request };
    scheduleSave();
  },
  "workspace.flush": () => flushSession(),
  "workspace.zip": (s) => {
    return workspaceZip(s.fs, { compat: bundledPythonFiles(), lessonId: lessonNow(), selinux: selinuxNow() });
  },
  "share.create": async (s, { request }): Promise<ShareCreateResult> => {
    const lessonId = lessonNow();
    const r = createShareLink({ current: s.fs, base: await baseFor(lessonId), lessonId, selinux: selinuxNow(), request });
    if (!r.ok) return { ok: false, code: r.error.code, message: r.error.message };
    return { ok: true, fragment: r.fragment, chars: r.stats.chars };
  },
  "share.open": async (_s, { fragment }): Promise<ShareOpenResult> => {
    const d = decodeShareLink(fragment);
    if (!d.ok) return { ok: false, code: d.error.code, message: d.error.message };
    const base = await baseFor(d.state.lessonId);
    const a = applyShareState(base, d.state);
    if (!a.ok) return { ok: false, code: a.error.code, message: a.error.message };
    const st = needStorage();
    await flushSession();
    const data: WorkspaceData = {
      ...emptyData(base.serialize()),
      lessonId: d.state.lessonId,
      selinux: d.state.selinux,
      request: d.state.request,
    };
    const changedFiles = d.state.files.filter((f) => f.type !== "dir").map((f) => f.path);
    data.openTabs = changedFiles.slice(0, 6);
    data.activeTab = data.openTabs[0] ?? null;
    const at = new Date();
    const name = `From a link, ${at.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })}`;
    const c = await st.createWorkspace({ data, name, origin: { kind: "share-link", lessonId: d.state.lessonId, openedAt: Date.now() } });
    if (!c.ok) return { ok: false, code: c.error.code, message: c.error.message };
    const fs = openFrom(c.workspace.id, c.workspace.name, c.workspace.origin ?? { kind: "share-link", lessonId: d.state.lessonId, openedAt: Date.now() }, data);
    notice = null;
    await load(fs, current!.data);
    await st.setActiveWorkspace(c.workspace.id);
    return { ok: true, workspace: view(), changes: describeShareState(d.state), changedFiles };
  },
};
