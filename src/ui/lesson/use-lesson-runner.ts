/**
 * The lesson runner's state on the page: which lesson is open (from the
 * URL), its task results (ticked live from every exchange and after every
 * change to the machine), progress across reloads, and the actions: open,
 * check, show the solution, reset.
 *
 * The lessons themselves arrive a moment after the first paint
 * (lesson-catalog.ts): until then `lessons` is empty, `lesson` null and
 * `loading` set, and the machine a lesson URL names is loaded once they are.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { isRequestTask, type Lesson, type TaskResult } from "../../lessons/check-types.ts";
import type { Exchange } from "../../server/exchange.ts";
import { engine } from "../../worker/client.ts";
import { flushSaves } from "../save-queue.ts";
import { shareRequestToDraft } from "../share/request-share.ts";
import { onMachineActivity } from "./activity.ts";
import { loadLessonCatalog, type LessonCatalog } from "./lesson-catalog.ts";
import { allPass, lessonFirstDraft, mergeResults } from "./lesson-model.ts";
import { DEFAULT_PLAYGROUND, lessonStartUi, loadPlaygroundUi, savePlaygroundUi, type MachineUi } from "./machine-ui.ts";
import { useLessonCatalog } from "./use-lesson-catalog.ts";
import { lessonFromUrl, urlForLesson } from "./lesson-route.ts";
import { clearTasks, loadProgress, passedTasks, recordResults, saveProgress, type ProgressState } from "./progress-store.ts";
import { loadLessonMarkdown } from "./use-lesson-html.ts";

export type { MachineUi } from "./machine-ui.ts";

export type RunnerBusy = null | "opening" | "checking" | "solution" | "reset";

export interface LessonRunner {
  /** Empty while `loading`. */
  lessons: readonly Lesson[];
  /** The lessons are still loading: for the playground's table of contents, or for the lesson the URL names. */
  loading: null | "lessons" | "lesson";
  /** The lesson open, or null for the playground (and while `loading`). */
  lesson: Lesson | null;
  prev: Lesson | null;
  next: Lesson | null;
  results: Readonly<Record<string, TaskResult>>;
  progress: ProgressState;
  busy: RunnerBusy;
  /** A line for the learner after an action ("The solution is in place…"). */
  notice: string | null;
  error: string | null;
  /** Changes whenever another machine is loaded (to remount the terminal and the file tree). */
  machineKey: string;
  complete: boolean;
  open(id: string | null): void;
  check(): Promise<void>;
  showSolution(): Promise<void>;
  reset(): Promise<void>;
}

const NO_LESSONS: readonly Lesson[] = [];

/** Results as stored: the tasks that passed last time (request tasks can't be re-run without the learner). */
function storedResults(lesson: Lesson, progress: ProgressState): Record<string, TaskResult> {
  const passed = passedTasks(progress, lesson.id);
  const out: Record<string, TaskResult> = {};
  for (const t of lesson.check.tasks) if (passed.has(t.id)) out[t.id] = { id: t.id, title: t.title, pass: true };
  return out;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useLessonRunner(opts: {
  /** Exchanges the page has seen (Run and the preview), oldest first. */
  history: readonly Exchange[];
  /** The tabs and request bar now (kept for the playground while a lesson is open). */
  ui: MachineUi;
  /** Puts the tabs and request bar of the machine just loaded in place (and clears what belonged to the old one). */
  applyUi(ui: MachineUi): void;
}): LessonRunner {
  const { catalog, error: catalogError } = useLessonCatalog();
  // As the URL says until the catalog is there to check it (an unknown id is the playground).
  const [lessonId, setLessonId] = useState<string | null>(() => lessonFromUrl(location.href));
  const lesson = lessonId && catalog ? (catalog.lessonById(lessonId) ?? null) : null;
  const [progress, setProgress] = useState<ProgressState>(() => loadProgress());
  const [results, setResults] = useState<Record<string, TaskResult>>({});
  const [busy, setBusy] = useState<RunnerBusy>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [machine, setMachine] = useState(0);

  const lessonRef = useRef(lesson);
  lessonRef.current = lesson;
  const catalogRef = useRef(catalog);
  catalogRef.current = catalog;
  const uiRef = useRef(opts.ui);
  uiRef.current = opts.ui;
  const applyRef = useRef(opts.applyUi);
  applyRef.current = opts.applyUi;
  const openSeq = useRef(0);
  const opening = useRef(false);

  useEffect(() => saveProgress(progress), [progress]);

  /** Task results for the lesson open now: shown, and kept as progress. */
  const record = useCallback((l: Lesson, rs: readonly TaskResult[]) => {
    if (lessonRef.current?.id !== l.id || rs.length === 0) return;
    setResults((prev) => mergeResults(prev, rs));
    const ids = l.check.tasks.map((t) => t.id);
    setProgress((p) => recordResults(p, l.id, ids, rs));
  }, []);

  // Machine tasks: evaluated in the worker, after anything that may have changed the machine.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshMachine = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      const l = lessonRef.current;
      if (!l || opening.current || !l.check.tasks.some((t) => "machine" in t)) return;
      engine()
        .call("lesson.evaluateMachine", { id: l.id })
        .then((rs) => rs && record(l, rs))
        .catch(() => {});
    }, 150);
  }, [record]);

  useEffect(() => {
    const offFs = engine().on((e) => e.type === "fs-changed" && refreshMachine());
    const offAct = onMachineActivity(refreshMachine);
    return () => {
      offFs();
      offAct();
    };
  }, [refreshMachine]);

  // Request tasks: every exchange the page gets (Run, links and forms in the preview), evaluated here.
  const seen = useRef(new WeakSet<Exchange>());
  useEffect(() => {
    const l = lessonRef.current;
    for (const ex of opts.history) {
      if (seen.current.has(ex)) continue;
      seen.current.add(ex);
      if (l && catalog && !opening.current) record(l, catalog.evaluateLiveExchange(l.check, ex));
    }
  }, [opts.history, record, catalog]);

  /** Loads the machine of `id` in the worker and puts its tabs and request in place. */
  const load = useCallback(
    async (id: string | null, how: { fresh?: boolean } = {}) => {
      const seq = ++openSeq.current;
      const l = id ? (catalogRef.current?.lessonById(id) ?? null) : null;
      const before = uiRef.current;
      opening.current = true;
      setBusy(how.fresh ? "reset" : "opening");
      setError(null);
      try {
        await flushSaves(); // edits waiting for their debounce belong to the machine being left
        const r = how.fresh && l ? await engine().call("lesson.reset", { id: l.id }) : await engine().call("lesson.open", { id: l?.id ?? null });
        if (seq !== openSeq.current) return;
        if (r.switched) {
          if (r.left === null) savePlaygroundUi(before);
          const saved: MachineUi | null = r.saved
            ? { openFiles: r.saved.openTabs, activeFile: r.saved.activeTab ?? r.saved.openTabs[0] ?? null, draft: r.saved.request ? shareRequestToDraft(r.saved.request) : l ? lessonFirstDraft(l) : DEFAULT_PLAYGROUND.draft }
            : null;
          applyRef.current(saved ?? (l ? lessonStartUi(l) : loadPlaygroundUi()));
          setMachine((m) => m + 1);
        }
      } catch (e) {
        if (seq === openSeq.current) setError(message(e));
      } finally {
        if (seq === openSeq.current) {
          opening.current = false;
          setBusy(null);
          refreshMachine();
        }
      }
    },
    [refreshMachine],
  );

  const open = useCallback(
    (id: string | null) => {
      const c = catalogRef.current;
      if (!c) return; // nothing offers a lesson before the catalog is there
      const l = id ? (c.lessonById(id) ?? null) : null;
      const nextId = l?.id ?? null;
      if (l) void loadLessonMarkdown().catch(() => {}); // while the machine loads
      if (nextId === lessonRef.current?.id || (nextId === null && lessonRef.current === null)) return;
      history.pushState(null, "", urlForLesson(location.href, nextId));
      lessonRef.current = l;
      setLessonId(nextId);
      setResults(l ? storedResults(l, progressRef.current) : {});
      setNotice(null);
      void load(nextId);
    },
    [load],
  );
  const progressRef = useRef(progress);
  progressRef.current = progress;

  // The lesson text's renderer, in parallel with the catalog, when the URL names a lesson.
  useEffect(() => {
    if (lessonFromUrl(location.href)) void loadLessonMarkdown().catch(() => {});
  }, []);

  // On load: bring the worker to the machine the URL names (for a lesson, once the catalog can say which).
  const started = useRef(false);
  useEffect(() => {
    if (started.current || (lessonId !== null && !catalog)) return;
    started.current = true;
    const l = lessonRef.current;
    if (lessonId !== (l?.id ?? null)) setLessonId(l?.id ?? null); // the canonical id, or the playground for an unknown one
    if (l) setResults(storedResults(l, progressRef.current));
    void load(l?.id ?? null);
  }, [catalog, lessonId, load]);

  // Back/forward do the same.
  useEffect(() => {
    const popTo = (c: LessonCatalog) => {
      const first = !started.current; // the URL changed before the first load: load whatever it says now
      started.current = true;
      const want = lessonFromUrl(location.href);
      const l = want ? (c.lessonById(want) ?? null) : null;
      if (!first && (l?.id ?? null) === (lessonRef.current?.id ?? null)) return;
      lessonRef.current = l;
      setLessonId(l?.id ?? null);
      setResults(l ? storedResults(l, progressRef.current) : {});
      setNotice(null);
      void load(l?.id ?? null);
    };
    const onPop = () => {
      const c = catalogRef.current;
      if (c) popTo(c);
      else loadLessonCatalog().then(popTo, () => {}); // the load error shows already
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    document.title = lesson ? `Lesson ${lesson.number} · ${lesson.title} · CGI Lab` : "CGI Lab";
  }, [lesson]);

  const check = useCallback(async () => {
    const l = lessonRef.current;
    if (!l) return;
    setBusy("checking");
    setError(null);
    setNotice(null);
    try {
      await flushSaves();
      const r = await engine().call("lesson.check", { id: l.id });
      record(l, r.tasks);
      setNotice(`${r.pass ? "Every task passes." : `${r.tasks.filter((t) => !t.pass).length} of ${r.tasks.length} tasks don't pass yet.`} (The check sent its own requests; the panes still show yours.)`);
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }, [record]);

  const showSolution = useCallback(async () => {
    const l = lessonRef.current;
    if (!l) return;
    setError(null);
    setNotice(null);
    try {
      await flushSaves();
      const dry = await engine().call("lesson.solution", { id: l.id, dryRun: true });
      if (dry.overwrites.length && !confirm(`Show the solution? It replaces your changes to:\n\n${dry.overwrites.join("\n")}`)) return;
      setBusy("solution");
      await engine().call("lesson.solution", { id: l.id });
      const changed = l.solutionFiles.filter((f) => f.content !== undefined || f.edits?.length).map((f) => f.path).filter((p) => !/\.(so|gz)$/.test(p));
      if (changed.length) {
        const ui = uiRef.current;
        applyRef.current({ ...ui, openFiles: [...new Set([...ui.openFiles, ...changed])], activeFile: changed[0]! });
      }
      const what = [changed.length ? `files: ${changed.join(", ")}` : "", ...(l.solution.commands ?? []).map((c) => `$ ${c}`)].filter(Boolean).join("; ");
      setNotice(`The solution is in place (${what || "nothing to change"}). Run the request to see it work${l.check.tasks.some((t) => !isRequestTask(t) || (t.repeat ?? 1) > 1) ? ", or press Check my work" : ""}.`);
      refreshMachine();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  }, [refreshMachine]);

  const reset = useCallback(async () => {
    const l = lessonRef.current;
    if (!l) return;
    if (!confirm(`Start lesson ${l.number} again from the beginning? Your changes to this lesson's files are discarded (your playground is not touched).`)) return;
    setResults({});
    setNotice(null);
    setProgress((p) => clearTasks(p, l.id));
    await load(l.id, { fresh: true });
  }, [load]);

  const lessons = catalog?.LESSONS ?? NO_LESSONS;
  const index = lesson ? lessons.indexOf(lesson) : -1;
  const complete = useMemo(() => (lesson ? allPass(lesson, results) : false), [lesson, results]);
  return {
    lessons,
    loading: catalog ? null : lessonId ? "lesson" : "lessons",
    lesson,
    prev: index > 0 ? lessons[index - 1]! : null,
    next: lesson ? (lessons[index + 1] ?? null) : (lessons[0] ?? null),
    results,
    progress,
    busy,
    notice,
    error: error ?? catalogError,
    machineKey: `${lesson?.id ?? "playground"}:${machine}`,
    complete,
    open,
    check,
    showSolution,
    reset,
  };
}
