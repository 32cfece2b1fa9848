/**
 * Lesson progress in localStorage: which tasks of each lesson pass, and
 * whether the lesson was completed once. Small and schema-versioned: a
 * record of another schema (or a damaged one) counts as no progress.
 */
import type { TaskResult } from "../../lessons/check-types.ts";

export const PROGRESS_KEY = "cgi-lab:lesson-progress";
export const PROGRESS_SCHEMA = 1;

export interface LessonProgressEntry {
  /** Ids of the tasks passing at the last evaluation. */
  passed: string[];
  /** When every task passed at once for the first time (ms since epoch). */
  completedAt?: number;
}

export interface ProgressState {
  schema: typeof PROGRESS_SCHEMA;
  lessons: Record<string, LessonProgressEntry>;
}

export type LessonStatus = "done" | "started" | "new";

export function emptyProgress(): ProgressState {
  return { schema: PROGRESS_SCHEMA, lessons: {} };
}

export function parseProgress(raw: string | null): ProgressState {
  if (!raw) return emptyProgress();
  try {
    const v = JSON.parse(raw) as { schema?: unknown; lessons?: unknown };
    if (v?.schema !== PROGRESS_SCHEMA || typeof v.lessons !== "object" || v.lessons === null || Array.isArray(v.lessons)) return emptyProgress();
    const lessons: Record<string, LessonProgressEntry> = {};
    for (const [id, e] of Object.entries(v.lessons as Record<string, unknown>)) {
      const entry = e as { passed?: unknown; completedAt?: unknown };
      if (!entry || !Array.isArray(entry.passed)) continue;
      const passed = entry.passed.filter((t): t is string => typeof t === "string");
      lessons[id] = typeof entry.completedAt === "number" ? { passed, completedAt: entry.completedAt } : { passed };
    }
    return { schema: PROGRESS_SCHEMA, lessons };
  } catch {
    return emptyProgress();
  }
}

export function loadProgress(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): ProgressState {
  try {
    return parseProgress(storage?.getItem(PROGRESS_KEY) ?? null);
  } catch {
    return emptyProgress();
  }
}

export function saveProgress(p: ProgressState, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    // Private mode or full storage: progress lasts as long as the tab.
  }
}

/**
 * Records task results (some or all of a lesson's tasks): passing ones are
 * ticked, failing ones unticked. The lesson is completed the first time
 * all of `taskIds` pass; that stays, even if a task fails later.
 * Returns the same object when nothing changed.
 */
export function recordResults(p: ProgressState, lessonId: string, taskIds: readonly string[], results: readonly Pick<TaskResult, "id" | "pass">[], now = Date.now()): ProgressState {
  const old = p.lessons[lessonId];
  const passed = new Set(old?.passed ?? []);
  for (const r of results) {
    if (!taskIds.includes(r.id)) continue;
    if (r.pass) passed.add(r.id);
    else passed.delete(r.id);
  }
  const list = taskIds.filter((t) => passed.has(t));
  const completedAt = old?.completedAt ?? (taskIds.length > 0 && list.length === taskIds.length ? now : undefined);
  if (old && old.completedAt === completedAt && old.passed.length === list.length && old.passed.every((t, i) => t === list[i])) return p;
  return { ...p, lessons: { ...p.lessons, [lessonId]: completedAt !== undefined ? { passed: list, completedAt } : { passed: list } } };
}

/** Starting a lesson again: its ticks go, its completion stays. */
export function clearTasks(p: ProgressState, lessonId: string): ProgressState {
  const old = p.lessons[lessonId];
  if (!old || old.passed.length === 0) return p;
  return { ...p, lessons: { ...p.lessons, [lessonId]: old.completedAt !== undefined ? { passed: [], completedAt: old.completedAt } : { passed: [] } } };
}

export function lessonStatus(p: ProgressState, lessonId: string): LessonStatus {
  const e = p.lessons[lessonId];
  if (!e) return "new";
  if (e.completedAt !== undefined) return "done";
  return e.passed.length ? "started" : "new";
}

export function passedTasks(p: ProgressState, lessonId: string): Set<string> {
  return new Set(p.lessons[lessonId]?.passed ?? []);
}
