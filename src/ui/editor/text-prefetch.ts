/**
 * The first file's text, asked of the engine worker while Monaco's chunk is
 * still on its way, so the editor can be created with it at once instead of
 * asking only after the chunk has loaded (issue #8: the fs.read round trip
 * then sat on the path to "editor ready").
 *
 * One slot: the editor pane fills it while it waits for the chunk; the
 * editor takes it once. A change to the file (or the whole tree) empties
 * it, so a text read before a change is never shown.
 */
import { engine } from "../../worker/client.ts";

interface Slot {
  path: string;
  promise: Promise<string>;
  /** Set once the reply is in: the editor can then start with it in its first render. */
  text?: string;
}

let slot: Slot | null = null;
let listening = false;

export function prefetchText(path: string): void {
  if (slot?.path === path) return;
  if (!listening) {
    listening = true;
    engine().on((e) => {
      if (e.type === "fs-changed" && slot && (e.paths.includes(slot.path) || e.paths.includes("/"))) slot = null;
    });
  }
  const s: Slot = { path, promise: engine().readText(path) };
  s.promise.then(
    (t) => void (s.text = t),
    () => {
      if (slot === s) slot = null; // the editor reads again (and shows the error its own way)
    },
  );
  slot = s;
}

/** The prefetched text if it has already arrived (and is still current). Pure: it can be read during a render. */
export function readyText(path: string): string | null {
  return slot?.path === path && slot.text !== undefined ? slot.text : null;
}

/** The prefetched read if there is one for this path (used up), else a new read. */
export function takeText(path: string): Promise<string> {
  if (slot?.path === path) {
    const p = slot.promise;
    slot = null;
    return p;
  }
  return engine().readText(path);
}

/** Forgets the prefetched text of this path (the editor has its model now). */
export function dropText(path: string): void {
  if (slot?.path === path) slot = null;
}
