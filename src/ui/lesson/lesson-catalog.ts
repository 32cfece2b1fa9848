/**
 * The lessons' content (lesson-content.ts) loads as a chunk of its own, in
 * parallel with the app (main.tsx starts it), so it never holds up the
 * first paint; the runner works without it until it is there. The lesson
 * text's Markdown renderer (marked) loads only when a lesson is open
 * (use-lesson-html.ts). No React here: the page's entry imports this.
 */
export type LessonCatalog = typeof import("./lesson-content.ts");

let pending: Promise<LessonCatalog> | null = null;
let loaded: LessonCatalog | null = null;

/** The catalog, once loaded (synchronously), else null. */
export function lessonCatalog(): LessonCatalog | null {
  return loaded;
}

/** Loads the catalog (once; again after a failure). */
export function loadLessonCatalog(): Promise<LessonCatalog> {
  pending ??= import("./lesson-content.ts").then(
    (m) => (loaded = m),
    (e: unknown) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}
