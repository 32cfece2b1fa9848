import { useEffect, useRef, useState } from "react";
import { LessonToc } from "./lesson-toc.tsx";
import type { LessonRunner } from "./use-lesson-runner.ts";
import "./lesson.css";

/** The header's part: "Lesson N · Title ▾" (the table of contents) between previous and next. */
export function LessonNav({ runner }: { runner: LessonRunner }) {
  const { lesson, prev, next } = runner;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    addEventListener("pointerdown", onDown);
    addEventListener("keydown", onKey);
    // Focus the current entry, so the keyboard starts where the learner is.
    box.current?.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
    return () => {
      removeEventListener("pointerdown", onDown);
      removeEventListener("keydown", onKey);
    };
  }, [open]);

  const go = (id: string | null) => {
    setOpen(false);
    runner.open(id);
  };
  const label = lesson ? `Lesson ${lesson.number} · ${lesson.title}` : "Lessons";

  return (
    <div className="lesson-nav" ref={box}>
      <button
        type="button"
        className="ghost nav-step"
        disabled={!lesson}
        onClick={() => go(prev?.id ?? null)}
        aria-label={prev ? `Previous lesson: ${prev.number} · ${prev.title}` : "Back to the playground"}
        title={prev ? `Previous: ${prev.number} · ${prev.title}` : "Back to the playground"}
      >
        ◀
      </button>
      <button
        ref={button}
        type="button"
        className="lesson-picker"
        aria-expanded={open}
        aria-controls="lesson-toc-menu"
        aria-label={`${label}: table of contents`}
        onClick={() => setOpen(!open)}
      >
        <span className="picker-text">{label}</span> <span aria-hidden="true">▾</span>
      </button>
      <button
        type="button"
        className="ghost nav-step"
        disabled={!next}
        onClick={() => next && go(next.id)}
        aria-label={next ? `Next lesson: ${next.number} · ${next.title}` : "No next lesson"}
        title={next ? `Next: ${next.number} · ${next.title}` : undefined}
      >
        ▶
      </button>
      {open && (
        <div className="toc-popover">
          <LessonToc id="lesson-toc-menu" lessons={runner.lessons} current={lesson} progress={runner.progress} onOpen={go} withPlayground />
        </div>
      )}
    </div>
  );
}
