import { describe, expect, it } from "vitest";
import { emptyUiState, loadUiState, parseUiState, saveUiState, UI_STATE_KEY } from "./ui-state.ts";

describe("ui state", () => {
  it("round-trips through storage", () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    const s = { ...emptyUiState(), openFiles: ["/a.py"], activeFile: "/a.py" };
    saveUiState(s, storage);
    expect(map.has(UI_STATE_KEY)).toBe(true);
    expect(loadUiState(storage)).toEqual(s);
  });

  it("ignores other schemas and junk", () => {
    expect(parseUiState(JSON.stringify({ schema: 0, openFiles: [] }))).toBeNull();
    expect(parseUiState("{")).toBeNull();
    expect(parseUiState(null)).toBeNull();
  });
});
