/**
 * The Python runtime for the browser: `createBrowserRunner(indexURL)` gives
 * a runner (CGI: spawn; FastCGI: start) whose interpreters are module Web
 * Workers booted from a memory snapshot kept in Cache Storage.
 */
import { createPythonRunner, type PythonRunner, type PythonRunnerOptions } from "./runner.ts";
import { createWebWorkerHost, type WebHostOptions } from "./web-worker-host.ts";

export type { PythonRunner, PythonConnectionProcess, RunnerStats } from "./runner.ts";
export { OUTPUT_LIMIT_BYTES, MEMORY_LIMIT_BYTES, DEFAULT_PRELOAD } from "./runner.ts";
export { hasStoredSnapshot } from "./web-worker-host.ts";
export type { DownloadProgress } from "./download-meter.ts";

export type BrowserRunnerOptions = Omit<PythonRunnerOptions, "host"> & Omit<WebHostOptions, "indexURL">;

/**
 * The runner at once, and `ready` once it can serve: the snapshot is there
 * (shipped with the site or kept in Cache Storage; made here only when
 * neither boots) and a spare has booted. Until then its calls wait. On
 * failure `ready` rejects and the runner is disposed.
 */
export function startBrowserRunner(indexURL: string, options: BrowserRunnerOptions = {}): { runner: PythonRunner; ready: Promise<void> } {
  const { cacheName, onDownload, ...rest } = options;
  const runner = createPythonRunner({ ...rest, host: createWebWorkerHost({ indexURL, cacheName, onDownload }) });
  const ready = runner.ready().catch(async (e: unknown) => {
    await runner.dispose();
    throw e;
  });
  return { runner, ready };
}

/** The runner once it can serve (see startBrowserRunner). */
export async function createBrowserRunner(indexURL: string, options: BrowserRunnerOptions = {}): Promise<PythonRunner> {
  const { runner, ready } = startBrowserRunner(indexURL, options);
  await ready;
  return runner;
}
