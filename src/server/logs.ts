import { formatAccessLogTime } from "../protocol/http-date.ts";
import type { Vfs } from "./vfs.ts";

export type LogLevel = "emerg" | "alert" | "crit" | "error" | "warn" | "notice" | "info" | "debug";
const LEVELS: LogLevel[] = ["emerg", "alert", "crit", "error", "warn", "notice", "info", "debug"];

/** Whether a message at `level` passes `LogLevel` (notice is always logged, as in Apache). */
export function levelEnabled(configured: string, level: LogLevel): boolean {
  if (level === "notice") return true;
  const base = configured.split(/\s+/).find((w) => !w.includes(":")) ?? "warn";
  const max = LEVELS.indexOf(base.toLowerCase() as LogLevel);
  return LEVELS.indexOf(level) <= (max < 0 ? 4 : max);
}

export interface AccessLogFields {
  remoteHost: string;
  remoteUser?: string;
  timeMs: number;
  requestLine: string;
  status: number;
  /** Body bytes sent (%b), and all bytes sent including headers (%O). */
  bodyBytes: number;
  totalBytes: number;
  headers: (name: string) => string | undefined;
  durationUs: number;
}

/** Expands a LogFormat string (the subset of mod_log_config's escapes that combined and common use, and a few more). */
export function formatAccessLogLine(format: string, f: AccessLogFields): string {
  return format.replace(/%(>|<)?(\{([^}]*)\})?([a-zA-Z%])/g, (_m, _mod, _b, arg: string | undefined, code: string) => {
    switch (code) {
      case "h":
      case "a": return f.remoteHost;
      case "l": return "-";
      case "u": return f.remoteUser ?? "-";
      case "t": return formatAccessLogTime(f.timeMs);
      case "r": return f.requestLine;
      case "s": return String(f.status);
      case "b": return f.bodyBytes ? String(f.bodyBytes) : "-";
      case "B": return String(f.bodyBytes);
      case "O": return String(f.totalBytes);
      case "D": return String(f.durationUs);
      case "T": return String(Math.floor(f.durationUs / 1e6));
      case "i": return f.headers(arg ?? "") ?? "-";
      case "%": return "%";
      default: return "-";
    }
  });
}

/** Appends lines to a log file in the virtual filesystem, creating it like Apache does at start. */
export function appendLog(fs: Vfs, path: string, lines: readonly string[]): void {
  if (!lines.length) return;
  let text = "";
  for (const l of lines) text += l + "\n";
  // O_APPEND: only the new bytes are written (a per-request line must not cost the whole log).
  fs.appendFile(path, text);
}
