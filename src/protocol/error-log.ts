/**
 * How Apache 2.4 writes an error_log entry: the line layout, the escaping of the
 * message (ap_escape_errorlog_item) and how mod_cgi turns a script's stderr into
 * entries (log_script_err in cgi_common.h).
 */
import { formatErrorLogTime } from "./http-date.ts";

/** One error_log message before the server adds time, pid and client. */
export interface LogEntry {
  /** The module tag: "cgi", "http", "core"... */
  module: string;
  level: "error" | "warn" | "info";
  /** The message text, unescaped. */
  message: string;
}

/**
 * ap_escape_errorlog_item: non-printable bytes become \xhh (lowercase), with
 * \b \n \r \t \v spelled out and a backslash doubled; a double quote is left alone.
 * Input is a byte string (one char per byte).
 */
export function escapeErrorLogItem(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && ch !== "\\") {
      out += ch;
      continue;
    }
    const named: Record<string, string> = { "\b": "\\b", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\" };
    out += named[ch] ?? `\\x${(c & 0xff).toString(16).padStart(2, "0")}`;
  }
  return out;
}

export interface ErrorLogLine extends LogEntry {
  /** ms since the epoch; a fraction gives the microseconds. */
  timeMs: number;
  pid: number;
  /** prefork prints the pid again as tid. */
  tid?: number;
  /** "127.0.0.1:43210"; absent for messages not tied to a request. */
  client?: string;
}

/** "[Wed Nov 25 01:44:19.096623 2026] [cgi:error] [pid 16296:tid 16296] [client 127.0.0.1:43210] message" */
export function formatErrorLogLine(entry: ErrorLogLine): string {
  const pid = `[pid ${entry.pid}:tid ${entry.tid ?? entry.pid}]`;
  const client = entry.client === undefined ? "" : ` [client ${entry.client}]`;
  return `${formatErrorLogTime(entry.timeMs)} [${entry.module}:${entry.level}] ${pid}${client} ${escapeErrorLogItem(entry.message)}`;
}

/** apr_file_gets with HUGE_STRING_LEN (8192): at most 8191 bytes per read. */
const STDERR_READ_MAX = 8191;

/**
 * Cuts stderr (a byte string) into the lines mod_cgi logs: each ends at "\n"
 * (a "\r" before it is dropped) or after 8191 bytes; a NUL ends what is printed.
 * Without `ended`, an unterminated tail is returned in `rest` to wait for more.
 */
export function splitStderrLines(text: string, ended: boolean): { lines: string[]; rest: string } {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf("\n", at);
    const limit = at + STDERR_READ_MAX;
    if (nl >= 0 && nl < limit) {
      let line = text.slice(at, nl);
      if (line.endsWith("\r")) line = line.slice(0, -1);
      lines.push(line);
      at = nl + 1;
    } else if (text.length >= limit) {
      lines.push(text.slice(at, limit));
      at = limit;
    } else if (ended) {
      lines.push(text.slice(at));
      at = text.length;
    } else {
      break;
    }
  }
  return { lines: lines.map((l) => l.split("\0", 1)[0]), rest: text.slice(at) };
}

/** mod_cgi's entry for one stderr line (2.4.60 and later wording). */
export function cgiStderrEntry(scriptFilename: string, line: string): LogEntry {
  return { module: "cgi", level: "error", message: `AH01215: stderr from ${scriptFilename}: ${line}` };
}
