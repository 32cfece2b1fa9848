import { LessonView } from "./lesson/lesson-view.tsx";
import type { LessonRunner } from "./lesson/use-lesson-runner.ts";

/** The "Lesson" region (see src/ui/lesson/). */
export function LessonPane({ runner }: { runner: LessonRunner }) {
  return <LessonView runner={runner} />;
}
