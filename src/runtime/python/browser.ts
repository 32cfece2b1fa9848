/**
 * The Python runtime for the browser: `createBrowserRunner(indexURL)` gives
 * a runner (CGI: spawn; FastCGI: start) whose interpreters are module Web
 * Workers booted from a memory snapshot kept in Cache Storage.
 */
import { createPythonRunner, type PythonRunner, type PythonRunnerOptions } from "./runner.ts";
import { createWebWorkerHost, type WebHostOptions } from "./web-worker-host.ts";

export type { PythonRunner, PythonConnectionProcess, RunnerStats } from "./runner.ts";
export { OUTPUT_LIMIT_BYTES, MEMORY_LIMIT_BYTES, DEFAULT_PRELOAD } from "./runner.ts";

export type BrowserRunnerOptions = Omit<PythonRunnerOptions, "host"> & Omit<WebHostOptions, "indexURL">;

/**
 * Starts the runtime and resolves once it can serve at once: the snapshot
 * exists (made on the first visit, ~3 s; read from Cache Storage after) and
 * the spares have booted.
 */
export async function createBrowserRunner(indexURL: string, options: BrowserRunnerOptions = {}): Promise<PythonRunner> {
  const { cacheName, ...rest } = options;
  const runner = createPythonRunner({ ...rest, host: createWebWorkerHost({ indexURL, cacheName }) });
  try {
    await runner.ready();
  } catch (e) {
    await runner.dispose();
    throw e;
  }
  return runner;
}
