/**
 * Reading a CGI script's stdout the way Apache 2.4.71 mod_cgi does
 * (ap_scan_script_header_err_core_ex + getsfunc_BRIGADE in server/util_script.c,
 * cgi_handle_response in modules/generators/cgi_common.h), then deciding what the
 * client gets. Every rule below was checked against the live server:
 * fixtures/apache-2.4.71-probes.json and peers/apache-cgi/scripts/*.json.
 */
import { AprTable } from "./apr-table.ts";
import type { LogEntry } from "./error-log.ts";
import { bytesToLatin1 } from "./fs-encoding.ts";
import { formatHttpDate, parseHttpDate } from "./http-date.ts";
import { asciiLower, mergeHeaderFields, type HeaderField } from "./http-message.ts";
import { scriptBasename } from "./nph.ts";
import { readLine } from "./script-header-lines.ts";
import { checkResponseHeaders } from "./response-header-check.ts";
import { ERROR_PAGE_CONTENT_TYPE } from "./apache-error-page.ts";
import { scriptStatus, splitStatusLine, validateStatusLine } from "./status-reasons.ts";

/** Where the script's stdout stands when it is parsed. */
export type StdoutState = "open" | "eof" | "timeout";

export interface ScriptOutputContext {
  /** r->filename, the script's full path: the timeout message names it, the others its basename. */
  scriptFilename: string;
  stdout: StdoutState;
  /** For clamping a future Last-Modified (ap_rationalize_mtime); no clamping when absent. */
  nowMs?: number;
  /** The env var ap_trust_cgilike_cl is set: the script's Content-Length is kept. */
  trustContentLength?: boolean;
  /** The module the scanner's log entries name (its caller's APLOG_MODULE_INDEX): "cgi" by default, "proxy_fcgi" for mod_proxy_fcgi. */
  module?: string;
  /**
   * cgi_handle_response's Location rules (a local path is served instead, any
   * other gives 302). Default true; mod_proxy_fcgi has none: Location passes through.
   */
  locationRules?: boolean;
}

/** Headers are latin-1 byte strings, in the order Apache writes them after its own Date and Server. */
export interface ScriptResponse {
  kind: "response";
  status: number;
  reason: string;
  /** r->status, which the access log shows as %>s (0 or less prints "-"). */
  requestStatus: number;
  /** False without a Status header: then a GET goes through ap_meets_conditions (may become 304). */
  statusFromScript: boolean;
  /**
   * The script's headers as sent: merged ones, Set-Cookie lines, then Location,
   * Content-Range, ETag and Last-Modified, then Content-Type. The script's Date and
   * Server are gone (Apache writes its own first). The server adds Content-Length,
   * merges "close"/"Keep-Alive" into Connection (or appends it) and adds
   * Transfer-Encoding, all before Content-Type.
   */
  headers: HeaderField[];
  /** The Content-Type the script gave (lowercased up to ";"); undefined: use the file's MIME type; "": send none. */
  contentType?: string;
  bodyOffset: number;
  logs: LogEntry[];
}

/** Status 200 (none given, or `Status: 200`) with `Location: /...`: Apache serves that path instead, as a GET. */
export interface ScriptInternalRedirect {
  kind: "internal-redirect";
  /** The Location value: a path, maybe with a query. */
  location: string;
  /**
   * Headers the new response keeps, before its own (err_headers_out: merged ones and
   * Set-Cookie). Not yet checked: run checkResponseHeaders on the final response
   * (a bad one makes it a 500) and drop any Date or Server from them.
   */
  carryHeaders: HeaderField[];
  bodyOffset: number;
  logs: LogEntry[];
}

/** Status 200 with any other Location: 302 with Apache's "Found" page; the script's body is dropped. */
export interface ScriptExternalRedirect {
  kind: "redirect";
  status: 302;
  location: string;
  /** The script's merged headers and Set-Cookie, then Location (absent if empty); Content-Type etc. are the server's. */
  headers: HeaderField[];
  logs: LogEntry[];
}

/** Apache answers with its own error page for `status`. */
export interface ScriptFailure {
  kind: "error";
  status: 500 | 504;
  /** Entries in the order Apache logs them. */
  logs: LogEntry[];
  /** The status whose response failed first (the 500 page then says "Additionally, a 302 Found ..."). */
  recursiveError?: number;
}

/** Headers have not ended and the stream is still open. */
export interface ScriptIncomplete {
  kind: "incomplete";
  headerBytes: number;
}

export type ScriptOutcome = ScriptResponse | ScriptInternalRedirect | ScriptExternalRedirect | ScriptFailure | ScriptIncomplete;

/** C isspace() in the C locale. */
function isSpace(ch: string): boolean {
  return ch === " " || (ch >= "\t" && ch <= "\r");
}

/** ap_content_type_tolower: only the media type before ";" is lowercased. */
function contentTypeToLower(value: string): string {
  const semi = value.indexOf(";");
  return semi < 0 ? asciiLower(value) : asciiLower(value.slice(0, semi)) + value.slice(semi);
}

/** What the header lines leave in Apache's request_rec. */
interface HeaderState {
  requestStatus: number;
  statusLine?: string;
  contentType?: string;
  /** Headers that go to err_headers_out, merged at the end. */
  merge: HeaderField[];
  cookies: HeaderField[];
  /** Location, Content-Length, Content-Range, Transfer-Encoding, ETag, Last-Modified (headers_out). */
  headersOut: AprTable;
  /** r->mtime in ms; 0 until a valid Last-Modified. */
  mtime: number;
}

/** Applies one "name: value" line. */
function applyHeader(state: HeaderState, name: string, rawValue: string, ctx: ScriptOutputContext, logs: LogEntry[]): void {
  let start = 0;
  while (start < rawValue.length && isSpace(rawValue[start])) start++;
  const value = rawValue.slice(start);
  switch (asciiLower(name)) {
    case "content-type": {
      let end = value.length;
      while (end > 1 && isSpace(value[end - 1])) end--;
      state.contentType = contentTypeToLower(value.slice(0, end));
      return;
    }
    case "status": {
      const status = scriptStatus(value, scriptBasename(ctx.scriptFilename));
      state.requestStatus = status.requestStatus;
      state.statusLine = status.statusLine;
      if (status.logMessage !== undefined) logs.push({ module: ctx.module ?? "cgi", level: "error", message: status.logMessage });
      return;
    }
    case "location":
    case "content-length":
    case "content-range":
    case "transfer-encoding":
    case "etag":
      state.headersOut.set(name, value);
      return;
    case "last-modified": {
      // Reformatted, never later than now, and only ever moved forward; a bad date is ignored.
      const parsed = parseHttpDate(value);
      if (parsed === undefined) return;
      state.mtime = Math.max(state.mtime, parsed);
      const shown = ctx.nowMs !== undefined && state.mtime > ctx.nowMs ? ctx.nowMs : state.mtime;
      state.headersOut.set("Last-Modified", formatHttpDate(shown));
      return;
    }
    case "set-cookie":
      state.cookies.push([name, value]);
      return;
    default:
      state.merge.push([name, value]);
  }
}

function endOfOutput(firstHeader: boolean, basename: string, module = "cgi"): ScriptFailure {
  const message = `${firstHeader ? "End of script output before headers" : "Premature end of script headers"}: ${basename}`;
  return { kind: "error", status: 500, logs: [{ module, level: "error", message }] };
}

/**
 * Parses stdout (all bytes so far) into what Apache does next. With `stdout:
 * "open"` and no blank line yet, the answer is "incomplete" unless a line already
 * decided an error.
 */
export function parseScriptOutput(stdout: Uint8Array, ctx: ScriptOutputContext): ScriptOutcome {
  const basename = scriptBasename(ctx.scriptFilename);
  const logs: LogEntry[] = [];
  const state: HeaderState = { requestStatus: 200, merge: [], cookies: [], headersOut: new AprTable(), mtime: 0 };
  let firstHeader = true;
  let at = 0;
  for (;;) {
    const line = readLine(stdout, at);
    if (line.kind === "overflow") return withLogs(logs, endOfOutput(firstHeader, basename, ctx.module));
    if (line.kind === "partial") {
      if (ctx.stdout === "open") return { kind: "incomplete", headerBytes: stdout.length };
      if (ctx.stdout === "eof") return withLogs(logs, endOfOutput(firstHeader, basename, ctx.module));
      return withLogs(logs, {
        kind: "error",
        status: 504,
        logs: [
          { module: "cgi", level: "warn", message: `AH01220: Timeout waiting for output from CGI script ${ctx.scriptFilename}` },
          { module: "cgi", level: "error", message: `Script timed out before returning headers: ${basename}` },
        ],
      });
    }
    at = line.next;
    if (line.text === "") break;
    const colon = line.text.indexOf(":");
    if (colon < 0) {
      const message = `malformed header from script '${basename}': Bad header: ${line.text.slice(0, 30)}`;
      return withLogs(logs, { kind: "error", status: 500, logs: [{ module: ctx.module ?? "cgi", level: "error", message }] });
    }
    applyHeader(state, line.text.slice(0, colon), line.text.slice(colon + 1), ctx, logs);
    firstHeader = false;
  }
  return decide(state, at, ctx, logs);
}

/** A script's Date and Server pass the header check, then Apache's own replace them (basic_http_header). */
function withoutServerOwned(headers: HeaderField[]): HeaderField[] {
  return headers.filter(([n]) => !["date", "server"].includes(asciiLower(n)));
}

/** Logs from header lines come before the failure's own. */
function withLogs(logs: LogEntry[], failure: ScriptFailure): ScriptFailure {
  return { ...failure, logs: [...logs, ...failure.logs] };
}

/** cgi_handle_response(): drop framing headers, then send, redirect internally or answer 302. */
function decide(state: HeaderState, bodyOffset: number, ctx: ScriptOutputContext, logs: LogEntry[]): ScriptOutcome {
  // apr_table_overlap(err_headers_out, merge, MERGE), then the cookies, never merged.
  const errHeaders = [...mergeHeaderFields(state.merge), ...state.cookies];
  // A script's own framing cannot be trusted (CVE-2024-24795); Apache frames the body itself.
  if (!ctx.trustContentLength) state.headersOut.unset("Content-Length");
  state.headersOut.unset("Transfer-Encoding");
  const location = state.headersOut.get("Location");
  if (location !== undefined && state.requestStatus === 200 && ctx.locationRules !== false) {
    if (location.startsWith("/")) {
      return { kind: "internal-redirect", location, carryHeaders: errHeaders, bodyOffset, logs };
    }
    const headers: HeaderField[] = [...errHeaders];
    if (location !== "") headers.push(["Location", location]);
    const refused = checkResponseHeaders([...headers, ["Content-Type", ERROR_PAGE_CONTENT_TYPE]]);
    if (refused) return { kind: "error", status: 500, logs: [...logs, refused], recursiveError: 302 };
    return { kind: "redirect", status: 302, location, headers: withoutServerOwned(headers), logs };
  }
  const headers: HeaderField[] = [...errHeaders, ...state.headersOut.toArray()];
  if (state.contentType) headers.push(["Content-Type", state.contentType]);
  const refused = checkResponseHeaders(headers);
  if (refused) return { kind: "error", status: 500, logs: [...logs, refused] };
  const { status, reason } = splitStatusLine(validateStatusLine(state.requestStatus, state.statusLine));
  const response: ScriptResponse = {
    kind: "response",
    status,
    reason,
    requestStatus: state.requestStatus,
    statusFromScript: state.statusLine !== undefined,
    headers: withoutServerOwned(headers),
    bodyOffset,
    logs,
  };
  if (state.contentType !== undefined) response.contentType = state.contentType;
  return response;
}

/** The body bytes of a "response" outcome as a latin-1 string (handy in tests and logs). */
export function bodyText(stdout: Uint8Array, outcome: ScriptResponse): string {
  return bytesToLatin1(stdout.subarray(outcome.bodyOffset));
}
