/**
 * The lesson runner's calls to the engine worker (merged into EngineCalls in
 * api.ts). A lesson runs on a machine of its own: opening one saves the
 * machine being left (the playground's workspace, or another lesson's) and
 * brings up the lesson's: its saved machine, else a fresh start.
 */
import type { CheckResult, TaskResult } from "../lessons/check-types.ts";
import type { WorkspaceView } from "./workspace-api.ts";

export interface LessonOpenResult {
  /** The lesson now running, or null for the playground. */
  lessonId: string | null;
  /** The machine came from a saved workspace (the learner's earlier work), not a fresh start. */
  restored: boolean;
  /** Another machine was loaded (false: this one was already running). */
  switched: boolean;
  /** The lesson of the machine that was running before (null: the playground). */
  left: string | null;
  /** The tabs and request saved with the workspace now open (restored machines; empty for a fresh start). */
  saved: Pick<WorkspaceView, "openTabs" | "activeTab" | "request"> | null;
}

export interface LessonSolutionResult {
  /** Files the learner changed that the solution writes over (or deletes). */
  overwrites: string[];
  applied: boolean;
  transcript: string[];
}

export interface LessonCalls {
  /** Switches to a lesson's machine (saved, else fresh), or to the playground (id null). */
  "lesson.open": { args: { id: string | null }; result: LessonOpenResult };
  /** Throws the lesson's saved machine away and starts it again from the lesson's start. */
  "lesson.reset": { args: { id: string }; result: LessonOpenResult };
  /** Applies the lesson's solution on the running machine; with dryRun, only says what it would overwrite. */
  "lesson.solution": { args: { id: string; dryRun?: boolean }; result: LessonSolutionResult };
  /** The lesson's machine tasks evaluated against the machine as it is now (null: that lesson is not the one running). */
  "lesson.evaluateMachine": { args: { id: string }; result: TaskResult[] | null };
  /** "Check my work": sends every request task's requests (repeats too), then evaluates the whole check. */
  "lesson.check": { args: { id: string }; result: CheckResult };
}
