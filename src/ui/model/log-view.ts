/**
 * A log as the Logs pane holds it: the last lines of the file, and how much
 * of the file's text they cover, so appended lines the engine reports (with
 * their offsets) are added once — even when the pane's own read of the file
 * already had them.
 */
export interface LogView {
  lines: string[];
  /** Characters of the file's text the view covers. */
  size: number;
}

export const EMPTY_LOG: LogView = { lines: [], size: 0 };

export function logFromText(text: string, max: number): LogView {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return { lines: lines.slice(-max), size: text.length };
}

/** The view with appended text `from`–`to` added; "reload" when it does not line up (a gap, or the file was replaced). */
export function appendToLog(view: LogView, e: { lines: string[]; from: number; to: number }, max: number): LogView | "reload" {
  if (e.from === view.size) return { lines: [...view.lines, ...e.lines].slice(-max), size: e.to };
  if (e.from > 0 && e.to <= view.size) return view; // already read with the file
  return "reload";
}
