/**
 * The page's own small state (open tabs, the request bar) in localStorage,
 * under a schema version. The filesystem itself is saved by the worker.
 */
import type { RequestDraft } from "./request-model.ts";

export const UI_STATE_KEY = "cgi-lab:ui";
export const UI_STATE_SCHEMA = 1;

export interface UiState {
  schema: typeof UI_STATE_SCHEMA;
  openFiles: string[];
  activeFile: string | null;
  draft: RequestDraft | null;
  showLabels: boolean;
}

export function emptyUiState(): UiState {
  return { schema: UI_STATE_SCHEMA, openFiles: [], activeFile: null, draft: null, showLabels: false };
}

export function parseUiState(raw: string | null): UiState | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<UiState>;
    if (v.schema !== UI_STATE_SCHEMA || !Array.isArray(v.openFiles)) return null;
    return { ...emptyUiState(), ...v } as UiState;
  } catch {
    return null;
  }
}

export function loadUiState(storage: Pick<Storage, "getItem"> | undefined = globalThis.localStorage): UiState | null {
  try {
    return parseUiState(storage?.getItem(UI_STATE_KEY) ?? null);
  } catch {
    return null;
  }
}

export function saveUiState(state: UiState, storage: Pick<Storage, "setItem"> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(UI_STATE_KEY, JSON.stringify(state));
  } catch {
    // Private mode or full storage: the session still works, it just isn't kept.
  }
}
