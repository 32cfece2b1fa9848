/**
 * Editor text that may not be on disk yet, kept where a reload, a closed tab
 * or a dead engine worker cannot lose it.
 *
 * Typing goes: editor → save-queue (300 ms) → engine worker's Vfs →
 * workspace-session.ts (500 ms) → IndexedDB. A reload inside that window
 * would lose the last keystrokes, and so would a crashed worker. So every
 * edit is also noted here (path → text, with a sequence number) and written
 * synchronously to localStorage; an entry is dropped only once the worker
 * has confirmed (workspace.flush) that a save made after it is on disk.
 * On the next start (or after an engine restart) replayJournal() writes the
 * entries of the open workspace back into the Vfs.
 */
import { engine } from "../../worker/client.ts";

export const JOURNAL_KEY = "cgi-lab:unsaved";

interface Entry {
  text: string;
  seq: number;
}

const entries = new Map<string, Entry>();
let seq = 0;
let writtenSeq = 0;
let workspaceId: string | null = null;
let confirmTimer: ReturnType<typeof setTimeout> | null = null;

function persist(): void {
  try {
    if (!entries.size || !workspaceId) localStorage.removeItem(JOURNAL_KEY);
    else localStorage.setItem(JOURNAL_KEY, JSON.stringify({ workspaceId, files: [...entries].map(([path, e]) => [path, e.text]) }));
  } catch {
    /* storage full or unavailable: the worker's save still runs */
  }
}

/** The workspace the editor is editing (entries are replayed only into it). */
export function setJournalWorkspace(id: string | null): void {
  if (id !== workspaceId) entries.clear();
  workspaceId = id;
  persist();
}

/** The editor changed `path` (called by save-queue.ts on every edit). */
export function noteEdit(path: string, text: string): void {
  entries.set(path, { text, seq: ++seq });
  persist();
}

/** save-queue.ts sent the edit to the worker. Confirm a little later. */
export function noteSent(): void {
  writtenSeq = seq;
  if (confirmTimer !== null) clearTimeout(confirmTimer);
  confirmTimer = setTimeout(() => void confirm(), 1000);
}

async function confirm(): Promise<void> {
  confirmTimer = null;
  const upTo = writtenSeq;
  try {
    await engine().call("workspace.flush", {});
  } catch {
    return; // the worker restarted: keep everything
  }
  for (const [p, e] of entries) if (e.seq <= upTo) entries.delete(p);
  persist();
}

/** Writes what the journal holds for workspace `id` into the Vfs; returns the paths. */
export async function replayJournal(id: string): Promise<string[]> {
  let saved = null as { workspaceId?: unknown; files?: unknown } | null;
  try {
    saved = JSON.parse(localStorage.getItem(JOURNAL_KEY) ?? "null") as typeof saved;
  } catch {
    saved = null;
  }
  const files: [string, string][] = [];
  if (saved && saved.workspaceId === id && Array.isArray(saved.files)) {
    for (const f of saved.files) if (Array.isArray(f) && typeof f[0] === "string" && typeof f[1] === "string") files.push([f[0], f[1]]);
  }
  for (const [p, e] of entries) if (!files.some(([q]) => q === p)) files.push([p, e.text]);
  const done: string[] = [];
  for (const [path, text] of files) {
    try {
      const now = await engine().readText(path).catch(() => null);
      if (now !== text) await engine().writeText(path, text);
      done.push(path);
    } catch {
      /* the file's directory is gone: nothing to put it in */
    }
  }
  workspaceId = id;
  if (files.length) {
    for (const [p, t] of files) entries.set(p, { text: t, seq: ++seq });
    noteSent();
  }
  persist();
  return done;
}
