/** The lesson catalog as React state (lesson-catalog.ts loads it once). */
import { useEffect, useState } from "react";
import { lessonCatalog, loadLessonCatalog, type LessonCatalog } from "./lesson-catalog.ts";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The lesson catalog, re-rendering when it arrives; its load error, if any. */
export function useLessonCatalog(): { catalog: LessonCatalog | null; error: string | null } {
  const [catalog, setCatalog] = useState(lessonCatalog);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (catalog) return;
    let live = true;
    loadLessonCatalog().then(
      (c) => live && setCatalog(c),
      (e: unknown) => live && setError(`The lessons could not be loaded: ${message(e)}`),
    );
    return () => {
      live = false;
    };
  }, [catalog]);
  return { catalog, error };
}

