import type { Lesson, Task, TaskResult } from "../../lessons/check-types.ts";
import { needsCheckRun, taskState } from "./lesson-model.ts";
import { LessonToc } from "./lesson-toc.tsx";
import { useLessonHtml } from "./use-lesson-html.ts";
import type { LessonRunner } from "./use-lesson-runner.ts";
import "./lesson.css";

const STATE_TEXT = { pass: "done", fail: "not yet", todo: "not tried yet" } as const;

function TaskItem({ task, result }: { task: Task; result: TaskResult | undefined }) {
  const st = taskState(result);
  return (
    <li className="task" data-state={st} data-task={task.id}>
      <span className="task-mark" role="img" aria-label={STATE_TEXT[st]}>
        {st === "pass" ? "✓" : st === "fail" ? "✗" : ""}
      </span>
      <div className="task-body">
        <span className="task-title">{task.title}</span>
        {needsCheckRun(task) && st !== "pass" && <span className="task-note"> (press Check my work)</span>}
        {result?.detail && <p className="task-detail">{result.detail}</p>}
        {st === "fail" && (
          <div className="task-help">
            {task.hint && (
              <p className="task-hint">
                <strong>Hint:</strong> {task.hint}
              </p>
            )}
            {result?.message && (
              <p className="task-why" title={result.message}>
                {result.message}
              </p>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

function Playground({ runner }: { runner: LessonRunner }) {
  return (
    <section className="pane lesson-pane" role="region" aria-label="Lesson">
      <h2 className="pane-title">Playground</h2>
      <div className="pane-body prose" tabIndex={0}>
        <p>
          A web server runs a <strong>CGI</strong> program once per request: the request goes in as environment variables and stdin, the
          program's stdout comes back as the response.
        </p>
        <p>
          Press <kbd>Run</kbd> to send the request below, then watch every byte in <em>Environment</em>, <em>Protocol</em> and{" "}
          <em>Response</em>. Edit the script and run it again.
        </p>
        <h3 className="toc-heading">Lessons</h3>
        <p className="small muted">Each lesson runs on a machine of its own; this playground stays as you leave it.</p>
        {runner.lessons.length > 0 ? (
          <LessonToc lessons={runner.lessons} current={null} progress={runner.progress} onOpen={runner.open} />
        ) : runner.error ? (
          <p className="lesson-error" role="alert">
            {runner.error}
          </p>
        ) : (
          <p className="small muted">Loading the lessons…</p>
        )}
      </div>
    </section>
  );
}

function InLesson({ runner, lesson }: { runner: LessonRunner; lesson: Lesson }) {
  const text = useLessonHtml(lesson.markdown);
  const { results, busy, prev, next } = runner;
  const passed = lesson.check.tasks.filter((t) => results[t.id]?.pass).length;
  const total = lesson.check.tasks.length;
  return (
    <section className="pane lesson-pane in-lesson" role="region" aria-label="Lesson" data-lesson={lesson.id}>
      <h2 className="pane-title">
        Lesson {lesson.number} of {runner.lessons.length}
        {busy === "opening" && <span className="small muted">setting up its machine…</span>}
      </h2>
      <div className="lesson-text pane-body prose" tabIndex={0} aria-label={`Lesson text: ${lesson.title}`}>
        {text.html !== null ? (
          <div dangerouslySetInnerHTML={{ __html: text.html }} />
        ) : (
          <p className={text.error ? "lesson-error" : "muted"}>{text.error ?? "Loading the lesson text…"}</p>
        )}
        <nav className="lesson-steps" aria-label="Previous and next lesson">
          {prev ? (
            <button type="button" className="ghost" onClick={() => runner.open(prev.id)}>
              ◀ {prev.number} · {prev.title}
            </button>
          ) : (
            <button type="button" className="ghost" onClick={() => runner.open(null)}>
              ◀ Playground
            </button>
          )}
          {next && (
            <button type="button" className="ghost" onClick={() => runner.open(next.id)}>
              {next.number} · {next.title} ▶
            </button>
          )}
        </nav>
      </div>
      <div className="lesson-tasks" role="group" aria-label="Tasks">
        <h3>
          Tasks{" "}
          <span className="task-count" aria-live="polite">
            {passed} of {total} done
          </span>
        </h3>
        <ul className="task-list">
          {lesson.check.tasks.map((t) => (
            <TaskItem key={t.id} task={t} result={results[t.id]} />
          ))}
        </ul>
        {runner.complete && (
          <p className="lesson-complete" role="status">
            Lesson complete.{" "}
            {next ? (
              <button type="button" className="linkish" onClick={() => runner.open(next.id)}>
                Next: {next.number} · {next.title} ▶
              </button>
            ) : (
              "That was the last one."
            )}
          </p>
        )}
        {runner.notice && !runner.complete && (
          <p className="lesson-notice" role="status">
            {runner.notice}
          </p>
        )}
        {runner.error && (
          <p className="lesson-error" role="alert">
            {runner.error}
          </p>
        )}
        <div className="lesson-actions">
          <button type="button" className="primary" disabled={busy !== null} onClick={() => void runner.check()} title="Send every request of the check (repeats too) and evaluate all tasks">
            {busy === "checking" ? "Checking…" : "Check my work"}
          </button>
          <button type="button" disabled={busy !== null} onClick={() => void runner.showSolution()} title="Apply the lesson's solution to this machine">
            {busy === "solution" ? "Applying…" : "Show solution"}
          </button>
          <button type="button" className="ghost" disabled={busy !== null} onClick={() => void runner.reset()} title="Start this lesson again from its first state">
            {busy === "reset" ? "Resetting…" : "Reset lesson"}
          </button>
        </div>
      </div>
    </section>
  );
}

/** While the lessons load for the lesson the URL names (a moment: lesson-catalog.ts); laid out as a lesson already, so nothing moves. */
function LessonLoading({ runner }: { runner: LessonRunner }) {
  return (
    <section className="pane lesson-pane in-lesson" role="region" aria-label="Lesson" aria-busy={!runner.error}>
      <h2 className="pane-title">Lesson</h2>
      <div className="pane-body prose">
        {runner.error ? (
          <p className="lesson-error" role="alert">
            {runner.error}
          </p>
        ) : (
          <p className="muted">Loading the lesson…</p>
        )}
      </div>
    </section>
  );
}

/** The "Lesson" region: the lesson's text, its tasks ticking live, and its actions; the playground's introduction otherwise. */
export function LessonView({ runner }: { runner: LessonRunner }) {
  if (runner.lesson) return <InLesson runner={runner} lesson={runner.lesson} />;
  return runner.loading === "lesson" ? <LessonLoading runner={runner} /> : <Playground runner={runner} />;
}
