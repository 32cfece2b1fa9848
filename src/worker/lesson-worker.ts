/**
 * The lesson runner inside the engine worker.
 *
 * A lesson runs on a machine of its own: a saved workspace (workspace-
 * session.ts, origin { kind: "lesson" }) beside the learner's playground
 * workspace, which is never touched. Opening a lesson saves the workspace
 * being left, opens the lesson's own (or creates it from the lesson's start:
 * createDefaultFs + the lesson's files), loads its files into the worker's
 * Vfs and brings httpd up on them: configuration re-read (a bad one leaves
 * httpd stopped, as lesson 13 wants), the start's SELinux mode, shell lines
 * and applications on other hosts. "Playground" goes back to the last
 * workspace of no lesson.
 *
 * engine-worker.ts spreads lessonHandlers() into its handler table.
 */
import { isMachineTask, type Lesson } from "../lessons/check-types.ts";
import { evaluateMachineTask } from "../lessons/evaluate-check.ts";
import { lessonById } from "../lessons/lessons-vite.ts";
import { applyFiles, applySetup, applySolution, runCheck, snapshotMachine } from "../lessons/run-check.ts";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import type { NetworkApp } from "../server/fastcgi/index.ts";
import type { Httpd } from "../server/httpd.ts";
import { Vfs } from "../server/vfs.ts";
import { emptyData, type WorkspaceData } from "../storage/index.ts";
import { LOG_FILES } from "./api.ts";
import type { LessonCalls, LessonOpenResult } from "./lesson-api.ts";
import type { WorkspaceView } from "./workspace-api.ts";
import { adoptWorkspace, scheduleSave, setLessonBaseProvider, workspaceHandlers, workspaceLesson } from "./workspace-session.ts";

/** What the lesson runner needs of the worker's state. */
export interface LessonHost {
  fs: Vfs;
  httpd: Promise<Httpd | null>;
  cwd: string;
}

export interface LessonDeps {
  /** The worker's log follower (primed after the files change, so old lines aren't sent again). */
  logs: { prime(path: string, text: string): void };
}

/** A fresh copy of a lesson's starting files (createDefaultFs + the lesson's start). */
export function lessonStartFs(lesson: Lesson): Vfs {
  const fs = createDefaultFs();
  applyFiles(fs, lesson.startFiles);
  return fs;
}

// Share links of a lesson's workspace are diffs against the lesson's start; Reset goes back to it.
setLessonBaseProvider((id) => {
  const l = lessonById(id);
  return l ? lessonStartFs(l) : null;
});

/** Applications on other hosts started for the machine running now. */
let apps: NetworkApp[] = [];
/** Bumped whenever another machine's files are loaded. */
let generation = 0;
/** httpd being brought up on the machine running now. */
let ready: Promise<void> = Promise.resolve();
/** Whether this worker has brought httpd up for the workspace it booted with. */
let booted = false;
/** The playground workspace last left for a lesson. */
let playgroundId: string | null = null;
let lastSelinux: boolean | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** Runs machine-changing work one call at a time. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const p = queue.then(fn, fn);
  queue = p.catch(() => {});
  return p;
}

function need(id: string): Lesson {
  const l = lessonById(id);
  if (!l) throw Object.assign(new Error(`There is no lesson ${id}.`), { code: "ENOENT" });
  return l;
}

function noEngine(): Error {
  return Object.assign(new Error("the server engine is not available"), { code: "NO_ENGINE" });
}

const PENDING = Symbol("pending");

function stopApps(): void {
  for (const a of apps) a.stop();
  apps = [];
}

/**
 * httpd on the files just loaded. "fresh": the lesson's start (SELinux
 * mode, shell lines, network applications); "restore": saved work (the
 * SELinux mode it was saved with, network applications started again);
 * "boot": the worker's httpd already started on these files.
 */
async function bringUp(s: LessonHost, lesson: Lesson | null, mode: "fresh" | "restore" | "boot", selinuxEnforcing: boolean, gen: number): Promise<void> {
  const httpd = await s.httpd;
  if (!httpd || gen !== generation) return;
  httpd.selinuxEnforcing = selinuxEnforcing;
  lastSelinux = selinuxEnforcing;
  if (mode !== "boot") {
    // Re-read the configuration from these files; a bad one leaves httpd stopped.
    if (httpd.running) await httpd.apachectl("stop");
    await httpd.apachectl("start");
  }
  if (!lesson) return;
  const mine: NetworkApp[] = [];
  const target = { fs: s.fs, httpd, apps: mine, transcript: [] as string[] };
  try {
    if (mode === "fresh") await applySetup(target, lesson.start);
    else await applySetup(target, { networkApps: lesson.start.networkApps });
  } catch (e) {
    console.error(`lesson ${lesson.id}: setting up the machine failed`, e);
  }
  if (gen === generation) apps.push(...mine);
  else for (const a of mine) a.stop();
}

/** Loads files into the worker's Vfs and brings httpd up on them (in the background: Python may still be loading). */
function load(s: LessonHost, deps: LessonDeps, fs: Vfs | ReturnType<Vfs["serialize"]>, lesson: Lesson | null, mode: "fresh" | "restore", selinuxEnforcing: boolean): void {
  s.fs.replaceWith(fs instanceof Vfs ? fs.serialize() : fs);
  for (const log of LOG_FILES) deps.logs.prime(log, s.fs.exists(log) ? s.fs.readText(log) : "");
  s.cwd = "/var/www/cgi-bin";
  const gen = ++generation;
  ready = bringUp(s, lesson, mode, selinuxEnforcing, gen);
}

/** Waits until httpd is up on the machine running now. */
async function settled(s: LessonHost): Promise<Httpd | null> {
  for (;;) {
    const gen = generation;
    await ready;
    const h = await s.httpd;
    if (gen === generation) return h;
  }
}

function savedUi(v: WorkspaceView): LessonOpenResult["saved"] {
  return v.openTabs.length ? { openTabs: v.openTabs, activeTab: v.activeTab, request: v.request } : null;
}

function freshData(lesson: Lesson): WorkspaceData {
  return { ...emptyData(lessonStartFs(lesson).serialize()), lessonId: lesson.id, selinux: lesson.start.selinux === "Permissive" ? "permissive" : "enforcing" };
}

async function open(s: LessonHost, deps: LessonDeps, lesson: Lesson | null): Promise<LessonOpenResult> {
  const lessonId = lesson?.id ?? null;
  if (workspaceLesson() === lessonId) {
    if (!booted) {
      // The worker booted with this workspace: httpd started on it by itself; add what a lesson needs.
      booted = true;
      const view = await workspaceHandlers["workspace.current"](s, {});
      ready = bringUp(s, lesson, "boot", view.selinux === "enforcing", generation);
    }
    return { lessonId, restored: true, switched: false, left: lessonId, saved: null };
  }
  booted = true;
  const cur = await workspaceHandlers["workspace.current"](s, {});
  if (cur.lessonId === null) playgroundId = cur.id;
  // Stop the machine being left (its files are saved as they are).
  stopApps();
  const h = await Promise.race([s.httpd, Promise.resolve(PENDING)]);
  if (h !== PENDING && h?.running) await h.apachectl("stop");

  const { workspaces } = await workspaceHandlers["workspace.list"](s, {});
  const ok = workspaces.filter((w) => w.status === "ok");
  if (lesson) {
    const own = ok.find((w) => w.origin?.kind === "lesson" && w.lessonId === lesson.id);
    if (own) {
      const { fs, view } = await adoptWorkspace({ id: own.id });
      load(s, deps, fs, lesson, "restore", view.selinux === "enforcing");
      return { lessonId, restored: true, switched: true, left: cur.lessonId, saved: savedUi(view) };
    }
    const data = freshData(lesson);
    const { fs } = await adoptWorkspace({ data, origin: { kind: "lesson", lessonId: lesson.id } });
    load(s, deps, fs, lesson, "fresh", data.selinux === "enforcing");
    return { lessonId, restored: false, switched: true, left: cur.lessonId, saved: null };
  }
  const pg = ok.find((w) => w.id === playgroundId && w.lessonId === null) ?? ok.find((w) => w.lessonId === null);
  if (pg) {
    const { fs, view } = await adoptWorkspace({ id: pg.id });
    load(s, deps, fs, null, "restore", view.selinux === "enforcing");
    return { lessonId: null, restored: true, switched: true, left: cur.lessonId, saved: savedUi(view) };
  }
  const { fs } = await adoptWorkspace({ data: emptyData(createDefaultFs().serialize()), origin: { kind: "default" } });
  load(s, deps, fs, null, "fresh", true);
  return { lessonId: null, restored: false, switched: true, left: cur.lessonId, saved: null };
}

function textOf(fs: Vfs, path: string): string | undefined {
  return fs.stat(path)?.type === "file" ? fs.readText(path) : undefined;
}

/** Files the solution writes over that the learner changed (compared with the lesson's start and with the solution). */
export function solutionOverwrites(lesson: Lesson, fs: Vfs): string[] {
  const start = lessonStartFs(lesson);
  const solved = Vfs.restore(start.serialize());
  applyFiles(solved, lesson.solutionFiles);
  const out: string[] = [];
  for (const f of lesson.solutionFiles) {
    if (f.kind === "dir" || (f.content === undefined && !f.edits?.length && !f.delete && !f.module)) continue;
    const now = textOf(fs, f.path);
    if (now === undefined) continue;
    if (now !== textOf(start, f.path) && now !== textOf(solved, f.path)) out.push(f.path);
  }
  return out;
}

type LessonHandlers = { [K in keyof LessonCalls]: (s: LessonHost, args: LessonCalls[K]["args"]) => Promise<LessonCalls[K]["result"]> };

export function lessonHandlers(deps: LessonDeps): LessonHandlers {
  const mustBeOpen = (id: string): Lesson => {
    const lesson = need(id);
    if (workspaceLesson() !== lesson.id) throw Object.assign(new Error(`Lesson ${id} is not the one open.`), { code: "BUSY" });
    return lesson;
  };
  return {
    "lesson.open": (s, { id }) => serial(() => open(s, deps, id === null ? null : need(id))),

    "lesson.reset": (s, { id }) =>
      serial(async () => {
        const lesson = mustBeOpen(id);
        stopApps();
        load(s, deps, lessonStartFs(lesson), lesson, "fresh", lesson.start.selinux !== "Permissive");
        return { lessonId: lesson.id, restored: false, switched: true, left: lesson.id, saved: null };
      }),

    "lesson.solution": (s, { id, dryRun }) =>
      serial(async () => {
        const lesson = mustBeOpen(id);
        const overwrites = solutionOverwrites(lesson, s.fs);
        if (dryRun) return { overwrites, applied: false, transcript: [] };
        const httpd = await settled(s);
        if (!httpd) throw noEngine();
        // Files the learner changed get the start back first, so the solution's edits find their text.
        const start = lessonStartFs(lesson);
        for (const f of lesson.solutionFiles) {
          if (!f.edits?.length) continue;
          const was = textOf(start, f.path);
          if (was !== undefined && textOf(s.fs, f.path) !== was) s.fs.writeFile(f.path, was);
        }
        const target = { fs: s.fs, httpd, apps, transcript: [] as string[] };
        await applySolution(target, lesson);
        return { overwrites, applied: true, transcript: target.transcript };
      }),

    "lesson.evaluateMachine": async (s, { id }) => {
      const httpd = await settled(s);
      if (workspaceLesson() !== id) return null;
      const lesson = need(id);
      const snap = snapshotMachine(s.fs, httpd ?? { selinuxEnforcing: true, running: false, config: null });
      // setenforce changes the machine without touching a file: save it when it did.
      if (httpd && lastSelinux !== httpd.selinuxEnforcing) {
        lastSelinux = httpd.selinuxEnforcing;
        scheduleSave();
      }
      return lesson.check.tasks.filter(isMachineTask).map((t) => evaluateMachineTask(t, snap));
    },

    "lesson.check": (s, { id }) =>
      serial(async () => {
        const lesson = mustBeOpen(id);
        const httpd = await settled(s);
        if (!httpd) throw noEngine();
        const r = await runCheck(lesson.check, { fs: s.fs, httpd });
        return { pass: r.pass, tasks: r.tasks };
      }),
  };
}
