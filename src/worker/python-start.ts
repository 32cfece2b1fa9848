/**
 * Python's start in the engine worker, and its loading stage as the page
 * sees it. Kept apart from the engine (engine-main.ts) so that it runs as
 * soon as the worker does, before the engine's bigger chunk has loaded.
 *
 * On a first visit Python waits for the page's "python.start" (its editor is
 * up) or PAGE_DEADLINE_MS: its 14 MB of downloads, the wasm compile and the
 * first boot would otherwise take the machine's cores from the editor
 * (issue #8). A returning visitor's Python comes from Cache Storage and the
 * HTTP cache and starts at once: there the first response is what counts.
 */
import { hasStoredSnapshot, startBrowserRunner, type DownloadProgress, type PythonRunner } from "../runtime/python/browser.ts";
import type { EngineEvent, LoadStage } from "./api.ts";

export const PAGE_DEADLINE_MS = 2500;
/** Download progress at most this often: each event re-renders the page's status. */
const PROGRESS_EVERY_MS = 100;

export interface StartedPython {
  /** The runner at once (its calls wait until it is ready). */
  runner: PythonRunner;
  /** Resolves when it can serve; rejects when Python could not start. */
  ready: Promise<void>;
}

/** What the start uses; tests pass their own. */
export interface PythonStartDeps {
  returning(): Promise<boolean>;
  start: typeof startBrowserRunner;
  deadlineMs: number;
}

const browserDeps: PythonStartDeps = { returning: hasStoredSnapshot, start: startBrowserRunner, deadlineMs: PAGE_DEADLINE_MS };

export class PythonStart {
  stage: LoadStage = "waiting";
  /** Resolves once the start has begun (after the first-visit wait). */
  readonly started: Promise<StartedPython>;
  /** The runner once it can serve (stage "ready"); rejects with why Python could not start (stage "failed"). */
  readonly runner: Promise<PythonRunner>;
  private pageUp: () => void = () => {};
  private lastProgressAt = 0;

  constructor(
    indexURL: string,
    private readonly emit: (event: EngineEvent) => void,
    deps: PythonStartDeps = browserDeps,
  ) {
    const pageUp = new Promise<void>((resolve) => {
      this.pageUp = resolve;
      setTimeout(resolve, deps.deadlineMs);
    });
    this.started = (async () => {
      const returning = await deps.returning();
      if (!returning) {
        this.progress("waiting", 0, 0, "Python starts once the editor is up (first visit)");
        await pageUp;
      }
      // On a first visit the header shows the bytes as they come; a returning visitor's come from
      // the caches, unmetered (their responses then go to the wasm compiler as they are).
      this.progress(returning ? "starting" : "downloading");
      return deps.start(indexURL, {
        onLog: (e) => e.level === "error" && emit({ type: "error", message: `Python: ${e.text}` }),
        onDownload: returning ? undefined : (p) => this.downloaded(p),
      });
    })();
    this.runner = this.started.then(async ({ runner, ready }) => {
      await ready;
      return runner;
    });
    this.runner.then(
      () => this.progress("ready"),
      (e: unknown) => this.progress("failed", 0, 0, String(e instanceof Error ? e.message : e)),
    );
  }

  /** The page's editor is up (or will not come): a first visit's Python may start. */
  pageIsUp(): void {
    this.pageUp();
  }

  progress(next: LoadStage, loadedBytes = 0, totalBytes = 0, detail?: string): void {
    this.stage = next;
    this.emit({ type: "progress", stage: next, loadedBytes, totalBytes, detail });
  }

  private downloaded({ loaded, total, pending }: DownloadProgress): void {
    if (this.stage !== "downloading" && this.stage !== "starting") return; // not once ready or failed
    const now = performance.now();
    if (pending > 0 && now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = now;
    this.progress(pending > 0 ? "downloading" : "starting", loaded, total ?? 0);
  }
}
