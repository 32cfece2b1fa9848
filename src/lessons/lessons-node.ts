/**
 * Node (tests, CLI): the lessons read from the lessons/ folder on disk.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lesson } from "./check-types.ts";
import { parseLessons } from "./lesson-loader.ts";

/** The repository's lessons/ folder. */
export const LESSONS_DIR = fileURLToPath(new URL("../../lessons", import.meta.url));

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** Every lesson under `dir` (default: the repository's lessons/), ordered by number. */
export function loadLessonsFromDisk(dir = LESSONS_DIR): Lesson[] {
  const paths: string[] = [];
  walk(dir, paths);
  const files: Record<string, string> = {};
  for (const p of paths) files[`/lessons/${relative(dir, p).split(sep).join("/")}`] = readFileSync(p, "utf8");
  return parseLessons(files);
}
