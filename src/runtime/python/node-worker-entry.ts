/**
 * Entry of an interpreter worker in Node (worker_threads). The Node host
 * bundles this file (with esbuild, once per process) and starts it; Pyodide
 * is imported from the URL the host passes in workerData.
 */
import fsPromises from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import { runInterpreterWorker, type LoadPyodide, type PyodideAsm } from "./interpreter-core.ts";
import type { ToWorker } from "./protocol.ts";

const port = parentPort;
if (!port) throw new Error("node-worker-entry must run in a worker thread");
const { pyodideURL, wasmPrecompiled } = workerData as { pyodideURL: string; wasmPrecompiled: boolean };

if (wasmPrecompiled) {
  // Pyodide reads pyodide.asm.wasm (9.6 MB) on every boot even though the
  // instantiation then uses the module the host compiled once (see
  // patchWebAssembly in interpreter-core.ts). Skip that read in this thread.
  const readFile = fsPromises.readFile;
  const patched = ((path: unknown, ...rest: unknown[]) =>
    typeof path === "string" && path.endsWith("/pyodide.asm.wasm")
      ? Promise.resolve(Buffer.alloc(0))
      : (readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest)) as typeof fsPromises.readFile;
  fsPromises.readFile = patched;
  syncBuiltinESMExports();
}
const pyodide = import(pyodideURL) as Promise<{ loadPyodide: LoadPyodide }>;
pyodide.catch(() => {});

runInterpreterWorker(
  {
    post: (message, transfer) => port.postMessage(message, transfer as never),
    onMessage: (listener) => port.on("message", (m: ToWorker) => listener(m)),
  },
  async (options) => (await pyodide).loadPyodide(options),
  // indexURL is Pyodide's directory here.
  (indexURL) => import(pathToFileURL(`${indexURL}pyodide.asm.mjs`).href) as Promise<PyodideAsm>,
);
