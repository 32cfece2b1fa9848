/// <reference lib="webworker" />
/**
 * Entry of an interpreter worker in the browser (a module Web Worker started
 * by web-worker-host.ts). Vite bundles Pyodide's JS loader into it; the rest
 * of Pyodide's files come from the site's own /pyodide/ (indexURL).
 */
import { loadPyodide } from "pyodide";
import { runInterpreterWorker, type LoadPyodide, type PyodideAsm } from "./interpreter-core.ts";
import type { ToWorker } from "./protocol.ts";

declare const self: DedicatedWorkerGlobalScope;

runInterpreterWorker(
  {
    post: (message, transfer) => self.postMessage(message, transfer ?? []),
    onMessage: (listener) => self.addEventListener("message", (e: MessageEvent<ToWorker>) => listener(e.data)),
  },
  loadPyodide as unknown as LoadPyodide,
  (indexURL) => import(/* @vite-ignore */ `${indexURL}pyodide.asm.mjs`) as Promise<PyodideAsm>,
);
