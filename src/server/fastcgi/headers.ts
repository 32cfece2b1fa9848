/**
 * Reading the CGI-style header block an application sends on STDOUT.
 *
 * - mod_fastcgi has its own parser (mod_fastcgi.c process_headers): it
 *   waits for a blank line, rejects a line without ':' or with a space in
 *   the name ("malformed header '%s'"), refuses a second Status,
 *   Content-Type or Location ("duplicate header '%s'"); for a non-responder
 *   role every header goes to the authorizer's table.
 * - mod_fcgid uses httpd's ap_scan_script_header_err* (server/util_script.c),
 *   like mod_cgi (conformance B1–B7): scanScriptHeaders below. mod_proxy_fcgi
 *   calls the same scanner, and was checked against the live server: it uses
 *   src/protocol/script-response.ts (module.ts, proxyResponse). mod_fcgid is
 *   not installed here to check against, so it keeps this port.
 */
import type { HeaderField } from "../../protocol/http-message.ts";

export interface ParsedHeaders {
  /** Status from a Status header; 200 when none. */
  status: number;
  /** Reason phrase when the Status value carried one ("404 Nope"). */
  reason?: string;
  hasStatus: boolean;
  contentType?: string;
  location?: string;
  /** Other headers, in order (Location not included). */
  headers: HeaderField[];
  /** Where the body starts in the bytes given. */
  bodyOffset: number;
}

export type FastCgiHeaderResult =
  | { kind: "incomplete"; bytes: number }
  | { kind: "error"; message: string }
  | { kind: "ok"; parsed: ParsedHeaders };

const latin1 = new TextDecoder("latin1");

/** Index just past the blank line that ends the headers (LF LF, CR ignored), or -1. */
export function findHeaderEnd(bytes: Uint8Array): number {
  let flag = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x0d) continue;
    if (c === 0x0a) {
      flag++;
      if (flag === 2) return i + 1;
    } else flag = 0;
  }
  return -1;
}

function splitStatus(value: string): { status: number; reason?: string } {
  const status = Number.parseInt(value, 10);
  const m = /^\d{3} (.+)$/.exec(value.trim());
  return { status: Number.isNaN(status) ? 0 : status, ...(m ? { reason: m[1] } : {}) };
}

/** mod_fastcgi's process_headers. `responder` false: the authorizer/filter table gets every header. */
export function parseFastCgiHeaders(bytes: Uint8Array, responder: boolean): FastCgiHeaderResult {
  const end = findHeaderEnd(bytes);
  for (const c of end < 0 ? bytes : bytes.subarray(0, end)) {
    if (c === 0 || c === 0x0b || c === 0x0c) return { kind: "error", message: "malformed header 'Invalid Character'" };
  }
  if (end < 0) return { kind: "incomplete", bytes: bytes.length };
  const text = latin1.decode(bytes.subarray(0, end));
  const lines = text.split("\n").map((l) => l.replace(/\r/g, ""));
  const parsed: ParsedHeaders = { status: 200, hasStatus: false, headers: [], bodyOffset: end };
  let hasType = false;
  for (const line of lines) {
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon < 0) return { kind: "error", message: `malformed header '${line}'` };
    const name = line.slice(0, colon).replace(/\s+$/, "");
    if (!name || /[ \t]/.test(name)) return { kind: "error", message: `malformed header '${line.slice(0, colon)}'` };
    const value = line.slice(colon + 1).replace(/^\s+/, "");
    const lower = name.toLowerCase();
    if (lower === "status") {
      if (parsed.hasStatus) return { kind: "error", message: `duplicate header '${name}'` };
      const s = splitStatus(value);
      if (s.status < 0) return { kind: "error", message: `invalid Status '${value}'` };
      parsed.hasStatus = true;
      parsed.status = s.status;
      if (s.reason) parsed.reason = s.reason;
      continue;
    }
    if (responder && lower === "content-type") {
      if (hasType) return { kind: "error", message: `duplicate header '${name}'` };
      hasType = true;
      parsed.contentType = value;
      continue;
    }
    if (responder && lower === "location") {
      if (parsed.location !== undefined) return { kind: "error", message: `duplicate header '${name}'` };
      parsed.location = value;
      continue;
    }
    parsed.headers.push([name, value]);
  }
  return { kind: "ok", parsed };
}

export type CoreHeaderResult =
  | { ok: true; parsed: ParsedHeaders; logMessages: string[] }
  | { ok: false; status: number; logMessages: string[] };

/**
 * httpd's ap_scan_script_header_err_core as mod_fcgid and mod_proxy_fcgi
 * call it: `name` is apr_filepath_name_get(r->filename).
 */
export function scanScriptHeaders(bytes: Uint8Array, name: string): CoreHeaderResult {
  const end = findHeaderEnd(bytes);
  const block = latin1.decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  const lines = block.split("\n").map((l) => l.replace(/\r/g, ""));
  if (end < 0) {
    // No blank line: EOF before any header, or in the middle of them.
    const complete = lines.slice(0, -1);
    for (const l of complete) {
      if (l !== "" && l.indexOf(":") < 0) return { ok: false, status: 500, logMessages: [`malformed header from script '${name}': Bad header: ${l.slice(0, 30)}`] };
    }
    if (bytes.length === 0) return { ok: false, status: 500, logMessages: [`End of script output before headers: ${name}`] };
    return { ok: false, status: 500, logMessages: [`Premature end of script headers: ${name}`] };
  }
  const parsed: ParsedHeaders = { status: 200, hasStatus: false, headers: [], bodyOffset: end };
  const log: string[] = [];
  for (const line of lines) {
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon < 0) return { ok: false, status: 500, logMessages: [`malformed header from script '${name}': Bad header: ${line.slice(0, 30)}`] };
    const hname = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");
    const lower = hname.toLowerCase();
    if (lower === "status") {
      const m = /^(\d{3})(?: (.*))?$/.exec(value);
      if (!m) {
        log.push(`Invalid status line from script '${name}': ${value}`);
        continue;
      }
      parsed.hasStatus = true;
      parsed.status = Number(m[1]);
      if (m[2]) parsed.reason = m[2];
    } else if (lower === "content-type") {
      parsed.contentType = value.toLowerCase().replace(/\s+$/, "");
    } else if (lower === "location") {
      parsed.location = value;
    } else if (lower === "content-length" || lower === "transfer-encoding") {
      // Since 2.4.59 a script's Content-Length is not trusted; framing is httpd's.
      continue;
    } else {
      const prev = parsed.headers.find(([n]) => n.toLowerCase() === lower);
      if (prev && lower !== "set-cookie") prev[1] = `${prev[1]}, ${value}`;
      else parsed.headers.push([hname, value]);
    }
  }
  return { ok: true, parsed, logMessages: log };
}
