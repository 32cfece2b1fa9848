/// <reference lib="webworker" />
/**
 * The engine worker's entry, kept small: it starts Python at once (when
 * nothing more urgent waits, see python-start.ts), then loads the engine
 * proper (engine-main.ts: filesystem, httpd, saved work, lessons) and hands
 * it the calls, including those that came while it loaded.
 */
import type { CallMessage, EngineEvent, FromWorker } from "./api.ts";
import { PythonStart } from "./python-start.ts";

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}
function emit(event: EngineEvent): void {
  post({ kind: "event", event });
}

const python = new PythonStart(new URL(`${import.meta.env.BASE_URL}pyodide/`, self.location.origin).href, emit);

let answer: ((msg: CallMessage) => unknown) | null = null;
const waiting: CallMessage[] = [];

self.onmessage = (e: MessageEvent<CallMessage>) => {
  const msg = e.data;
  if (msg?.kind !== "call") return;
  // Answered here: the engine's chunk may still be loading, and Python waits on this.
  if (msg.name === "python.start") {
    python.pageIsUp();
    post({ kind: "reply", id: msg.id, ok: true, result: undefined });
    return;
  }
  if (answer) void answer(msg);
  else waiting.push(msg);
};

import("./engine-main.ts").then(
  ({ startEngine }) => {
    answer = startEngine({ python, post, emit });
    for (const msg of waiting.splice(0)) void answer(msg);
  },
  (e: unknown) => {
    const message = `the engine could not load: ${e instanceof Error ? e.message : String(e)}`;
    answer = (msg) => post({ kind: "reply", id: msg.id, ok: false, error: { code: "NO_ENGINE", message } });
    for (const msg of waiting.splice(0)) answer(msg);
    emit({ type: "error", message });
  },
);
