/**
 * Editor saves waiting for their debounce. Run flushes them first, so a
 * request always sees what is on screen.
 */
import { engine } from "../worker/client.ts";
import { noteEdit, noteSent } from "./share/unsaved-journal.ts";

const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; text: string }>();
const DELAY_MS = 300;

export function queueSave(path: string, text: string): void {
  const old = pending.get(path);
  if (old) clearTimeout(old.timer);
  noteEdit(path, text); // kept in localStorage until the worker has saved it
  pending.set(path, { text, timer: setTimeout(() => void saveNow(path), DELAY_MS) });
}

export function hasPendingSave(path: string): boolean {
  return pending.has(path);
}

async function saveNow(path: string): Promise<void> {
  const p = pending.get(path);
  if (!p) return;
  clearTimeout(p.timer);
  pending.delete(path);
  await engine().writeText(path, p.text);
  noteSent();
}

export async function flushSaves(): Promise<void> {
  await Promise.all([...pending.keys()].map(saveNow));
}
