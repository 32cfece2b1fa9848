import type { Lesson } from "../../lessons/check-types.ts";
import { lessonHref } from "./lesson-route.ts";
import { lessonStatus, type LessonStatus, type ProgressState } from "./progress-store.ts";

const MARK: Record<LessonStatus, { icon: string; text: string }> = {
  done: { icon: "✓", text: "completed" },
  started: { icon: "◐", text: "started" },
  new: { icon: "○", text: "not started" },
};

/** The table of contents: the playground, then every lesson with its completion mark. */
export function LessonToc(props: {
  lessons: readonly Lesson[];
  current: Lesson | null;
  progress: ProgressState;
  onOpen(id: string | null): void;
  /** Show the "Playground" entry (the header's menu does; the playground's own pane doesn't need it). */
  withPlayground?: boolean;
  id?: string;
}) {
  const { lessons, current, progress, onOpen } = props;
  const done = lessons.filter((l) => lessonStatus(progress, l.id) === "done").length;
  const follow = (id: string | null) => (e: React.MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab gets its own URL
    e.preventDefault();
    onOpen(id);
  };
  return (
    <nav className="lesson-toc" aria-label="Table of contents" id={props.id}>
      <p className="toc-count muted small">
        {done} of {lessons.length} lessons completed
      </p>
      <ol>
        {props.withPlayground && (
          <li className="toc-playground">
            <a href={lessonHref(null)} aria-current={current === null ? "page" : undefined} onClick={follow(null)}>
              <span className="toc-mark" aria-hidden="true">
                ⌂
              </span>
              <span className="toc-title">Playground</span>
            </a>
          </li>
        )}
        {lessons.map((l) => {
          const st = lessonStatus(progress, l.id);
          return (
            <li key={l.id} data-status={st}>
              <a href={lessonHref(l.id)} aria-current={current?.id === l.id ? "page" : undefined} onClick={follow(l.id)} title={l.summary}>
                <span className="toc-mark" role="img" aria-label={MARK[st].text}>
                  {MARK[st].icon}
                </span>
                <span className="toc-title">
                  {l.number} · {l.title}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
