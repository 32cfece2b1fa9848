/**
 * Browser (Vite): the lessons bundled as text with import.meta.glob. Import
 * this module only from code Vite builds (the UI or the worker); Node code
 * uses lessons-node.ts.
 */
import type { Lesson } from "./check-types.ts";
import { parseLessons } from "./lesson-loader.ts";

const files = import.meta.glob<string>(["/lessons/**/*", "!/lessons/**/*.test.ts"], { query: "?raw", import: "default", eager: true });

/** Every lesson, ordered by number. */
export const LESSONS: Lesson[] = parseLessons(files);

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id || l.slug === id);
}
