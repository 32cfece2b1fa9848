/**
 * Pure helpers for the lesson view: which files a lesson opens, the request
 * it starts with, which tasks need "Check my work", and task results merged
 * as they come.
 */
import { isCompareTask, isRequestTask, type CheckRequest, type Lesson, type Task, type TaskResult } from "../../lessons/check-types.ts";
import { draftFor, type RequestDraft } from "../model/request-model.ts";

export const HTTPD_CONF = "/etc/httpd/conf/httpd.conf";

/** The file behind a URL on the default virtual host (DocumentRoot /var/www/html, ScriptAlias /cgi-bin/). */
export function fileForTarget(target: string): string {
  const path = target.split("?")[0]!.split("#")[0]!;
  if (path.startsWith("/cgi-bin/")) return `/var/www${path}`;
  if (path.startsWith("/fcgi-bin/")) return `/var/www${path}`;
  return `/var/www/html${path}`;
}

const BINARY = /\.(tar\.gz|tgz|gz|so|zip|png|jpe?g|gif|ico|db|sqlite)$/i;

/** Start files a learner reads or edits: text with content, not modules or archives, not the configuration. */
function textStartFiles(lesson: Lesson): string[] {
  return lesson.startFiles
    .filter((f) => !f.delete && f.kind !== "dir" && !f.module && f.content !== undefined && !BINARY.test(f.path) && f.path !== HTTPD_CONF)
    .map((f) => f.path);
}

function editsConfig(lesson: Lesson): boolean {
  return lesson.startFiles.some((f) => f.path === HTTPD_CONF || f.path.startsWith("/etc/httpd/conf.d/")) ||
    lesson.solutionFiles.some((f) => f.path === HTTPD_CONF || f.path.startsWith("/etc/httpd/conf.d/"));
}

export function firstRequest(lesson: Lesson): CheckRequest | null {
  const t = lesson.check.tasks.find(isRequestTask);
  return t ? t.request : null;
}

/** The file the lesson is about: the script its first request runs, else its first text file, else httpd.conf. */
export function lessonMainFile(lesson: Lesson): string {
  const texts = textStartFiles(lesson);
  for (const t of lesson.check.tasks) {
    if (!isRequestTask(t)) continue;
    const f = fileForTarget(t.request.target);
    if (texts.includes(f)) return f;
  }
  const script = texts.find((p) => p.startsWith("/var/www/cgi-bin/") || p.startsWith("/var/www/fcgi-bin/") || p.startsWith("/srv/"));
  if (script) return script;
  if (editsConfig(lesson) || texts.length === 0) return HTTPD_CONF;
  return texts[0]!;
}

/** Tabs to open: the main file first, a few more of the lesson's files, httpd.conf when the lesson touches it. */
export function lessonOpenFiles(lesson: Lesson): string[] {
  const main = lessonMainFile(lesson);
  const out = [main, ...textStartFiles(lesson).filter((p) => p !== main).slice(0, 2)];
  if (editsConfig(lesson) && !out.includes(HTTPD_CONF)) out.push(HTTPD_CONF);
  return out;
}

/** The request bar at the start of a lesson: its first request task's request. */
export function lessonFirstDraft(lesson: Lesson): RequestDraft {
  const r = firstRequest(lesson);
  if (!r) return draftFor("/cgi-bin/hello.py");
  const d = draftFor(r.target);
  const method = (r.method ?? (r.form ? "POST" : "GET")).toUpperCase();
  const headers = (r.headers ?? []).filter(([k]) => k.toLowerCase() !== "content-type");
  const type = r.headers?.find(([k]) => k.toLowerCase() === "content-type")?.[1];
  if (r.form) return { ...d, method, headers, bodyMode: "form", form: r.form.map(([k, v]) => [k, v]) };
  if (r.body !== undefined) return { ...d, method, headers, bodyMode: "raw", raw: r.body, rawType: type ?? "text/plain" };
  return { ...d, method, headers: r.headers ? [...r.headers] : [] };
}

/** Tasks that only "Check my work" can evaluate: repeated requests, series and comparisons. */
export function needsCheckRun(t: Task): boolean {
  return isCompareTask(t) || (isRequestTask(t) && ((t.repeat ?? 1) > 1 || !!t.series));
}

export type TaskState = "pass" | "fail" | "todo";

export function taskState(r: TaskResult | undefined): TaskState {
  return !r ? "todo" : r.pass ? "pass" : "fail";
}

/** Newer results replace older ones, task by task. */
export function mergeResults(prev: Readonly<Record<string, TaskResult>>, next: readonly TaskResult[]): Record<string, TaskResult> {
  if (next.length === 0) return prev as Record<string, TaskResult>;
  const out = { ...prev };
  for (const r of next) out[r.id] = r;
  return out;
}

/** Whether every task passes. */
export function allPass(lesson: Lesson, results: Readonly<Record<string, TaskResult>>): boolean {
  return lesson.check.tasks.every((t) => results[t.id]?.pass);
}
