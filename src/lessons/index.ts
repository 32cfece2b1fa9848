/**
 * CGI Lab's lessons: the data shapes, the pure evaluator and the runner.
 * Loaders are separate because they depend on the platform:
 *   Node:    import { loadLessonsFromDisk } from "./lessons-node.ts"
 *   Browser: import { LESSONS, lessonById } from "./lessons-vite.ts"
 */
export * from "./check-types.ts";
export {
  bodyText, decodeRecords, evaluateCheck, evaluateCompareTask, evaluateLiveExchange, evaluateMachineTask, evaluateRequestTask,
  exchangeFailures, processCount, programEnv, requestMatches, seriesTiming, type MachineSnapshot,
} from "./evaluate-check.ts";
export { parseFrontMatter, parseLessons, parseMode } from "./lesson-loader.ts";
export {
  applyFiles, applySetup, applySolution, buildRequest, checkLessonStage, configText, labelOf, prepareLessonMachine, runCheck, snapshotMachine,
  type CheckRun, type LessonMachine, type MachineOptions, type SetupTarget,
} from "./run-check.ts";
