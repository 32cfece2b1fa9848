/**
 * The Python runtime for Node (CLI, tests, benchmarks): `createNodeRunner()`
 * gives a runner (CGI: spawn; FastCGI: start) whose interpreters are
 * worker_threads booted from a memory snapshot, with Pyodide's files taken
 * from node_modules/pyodide.
 */
import { createNodeWorkerHost, type NodeHostOptions } from "./node-worker-host.ts";
import { createPythonRunner, type PythonRunner, type PythonRunnerOptions } from "./runner.ts";

export type { PythonRunner, PythonConnectionProcess, RunnerStats } from "./runner.ts";
export { OUTPUT_LIMIT_BYTES, MEMORY_LIMIT_BYTES, DEFAULT_PRELOAD } from "./runner.ts";

export type NodeRunnerOptions = Omit<PythonRunnerOptions, "host"> & NodeHostOptions;

/** A runner; spares start booting on first use, or at once with `await runner.ready()`. */
export function createNodeRunner(options: NodeRunnerOptions = {}): PythonRunner {
  const { pyodideDir, cacheDir, pythonDir, ...rest } = options;
  return createPythonRunner({ ...rest, host: createNodeWorkerHost({ pyodideDir, cacheDir, pythonDir }) });
}
