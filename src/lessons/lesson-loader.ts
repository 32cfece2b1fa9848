/**
 * Turns the text files of lessons/ into Lesson objects. The same function
 * serves Node (lessons-node.ts reads the folder from disk) and Vite
 * (lessons-vite.ts gets the files through import.meta.glob with ?raw):
 * both hand it a map "/lessons/NN-slug/<file>" → text.
 */
import type { Check, FileSpec, Lesson, LessonMeta, MachineSetup, MetaFileSpec } from "./check-types.ts";

const FOLDER = /^\/?lessons\/(\d+)-([a-z0-9-]+)\/(.+)$/;

/** Splits `---\nkey: value\n---\n` front matter from a Markdown text. */
export function parseFrontMatter(text: string): { data: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { data: {}, body: text };
  const data: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    let v = line.slice(i + 1).trim();
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    data[line.slice(0, i).trim()] = v;
  }
  return { data, body: text.slice(m[0].length) };
}

export function parseMode(mode: string | number | undefined): number | undefined {
  if (mode === undefined) return undefined;
  if (typeof mode === "number") return mode;
  if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`bad mode ${JSON.stringify(mode)}: expected octal like "755"`);
  return Number.parseInt(mode, 8);
}

function fromMeta(f: MetaFileSpec): FileSpec {
  const { mode, ...rest } = f;
  const m = parseMode(mode);
  return m === undefined ? rest : { ...rest, mode: m };
}

/** Code-unit order: deterministic, and no collator to set up (that costs ~13 ms per thread at start-up). */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Files of start/ or solution/ merged with meta.json's entries for the same paths (meta adds mode, label, …). */
function mergeFiles(fromFolder: Map<string, string>, meta: MetaFileSpec[] | undefined): FileSpec[] {
  const out: FileSpec[] = [];
  const byPath = new Map<string, FileSpec>();
  for (const [path, content] of [...fromFolder].sort(([a], [b]) => byCodeUnits(a, b))) {
    const spec: FileSpec = { path, content };
    byPath.set(path, spec);
    out.push(spec);
  }
  for (const m of meta ?? []) {
    const spec = fromMeta(m);
    const existing = byPath.get(spec.path);
    if (existing) Object.assign(existing, { ...spec, content: spec.content ?? existing.content });
    else {
      out.push(spec);
      byPath.set(spec.path, spec);
    }
  }
  // Directories first (parents before children), then files, in path order; deletions last.
  const rank = (f: FileSpec) => (f.delete ? 2 : f.kind === "dir" ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.path.split("/").length - b.path.split("/").length || byCodeUnits(a.path, b.path));
}

function setupOf(meta: (MachineSetup & { files?: unknown }) | undefined): MachineSetup {
  if (!meta) return {};
  const { files: _files, ...setup } = meta;
  return setup;
}

/** Builds the lessons, ordered by number, from "lessons/NN-slug/…" → text. Throws on a malformed lesson. */
export function parseLessons(files: Record<string, string>): Lesson[] {
  const folders = new Map<string, { number: number; slug: string; files: Map<string, string> }>();
  for (const [key, text] of Object.entries(files)) {
    const m = FOLDER.exec(key.replace(/\\/g, "/"));
    if (!m) continue;
    const id = `${m[1]}-${m[2]}`;
    let f = folders.get(id);
    if (!f) folders.set(id, (f = { number: Number(m[1]), slug: m[2]!, files: new Map() }));
    f.files.set(m[3]!, text);
  }
  const lessons: Lesson[] = [];
  for (const [id, f] of folders) {
    const md = f.files.get("lesson.md");
    const checkText = f.files.get("check.json");
    if (md === undefined || checkText === undefined) continue; // a folder without a lesson (e.g. only tests)
    const { data, body } = parseFrontMatter(md);
    if (!data.title) throw new Error(`lessons/${id}/lesson.md: front matter needs a title`);
    let check: Check;
    let meta: LessonMeta = {};
    try {
      check = JSON.parse(checkText) as Check;
    } catch (e) {
      throw new Error(`lessons/${id}/check.json: ${(e as Error).message}`);
    }
    const metaText = f.files.get("meta.json");
    if (metaText !== undefined) {
      try {
        meta = JSON.parse(metaText) as LessonMeta;
      } catch (e) {
        throw new Error(`lessons/${id}/meta.json: ${(e as Error).message}`);
      }
    }
    if (!Array.isArray(check.tasks) || check.tasks.length === 0) throw new Error(`lessons/${id}/check.json: needs a non-empty "tasks" list`);
    const ids = new Set<string>();
    for (const t of check.tasks) {
      if (!t.id || !t.title) throw new Error(`lessons/${id}/check.json: every task needs an id and a title`);
      if (ids.has(t.id)) throw new Error(`lessons/${id}/check.json: duplicate task id ${t.id}`);
      ids.add(t.id);
    }
    const start = new Map<string, string>();
    const solution = new Map<string, string>();
    for (const [rel, text] of f.files) {
      if (rel.startsWith("start/")) start.set(rel.slice("start".length), text);
      else if (rel.startsWith("solution/")) solution.set(rel.slice("solution".length), text);
    }
    lessons.push({
      id,
      slug: f.slug,
      number: f.number,
      title: data.title,
      ...(data.summary ? { summary: data.summary } : {}),
      markdown: body,
      startFiles: mergeFiles(start, meta.start?.files),
      solutionFiles: mergeFiles(solution, meta.solution?.files),
      start: setupOf(meta.start),
      solution: setupOf(meta.solution),
      check,
    });
  }
  return lessons.sort((a, b) => a.number - b.number);
}
