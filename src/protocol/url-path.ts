/**
 * The URL path as Apache 2.4.71 turns a request-target into r->uri
 * (ap_process_request_internal): split off the query, normalise dot segments
 * and slashes while decoding only unreserved escapes (ap_normalize_path), then
 * percent-decode (ap_unescape_url), refusing %2F and %00. Plus ap_escape_uri,
 * which re-escapes PATH_INFO to look up PATH_TRANSLATED.
 * Paths here are latin-1 byte strings until fsDecode() makes them text.
 */
import type { LogEntry } from "./error-log.ts";
import { fsDecode, fsEncode, latin1ToBytes } from "./fs-encoding.ts";

export interface RequestTarget {
  /** Everything before "?" or "#", still escaped. */
  path: string;
  /** After "?", still escaped; undefined when there is no "?" (r->args is NULL). */
  query?: string;
  fragment?: string;
}

/** apr_uri_parse on an origin-form target; an absolute-form one loses its scheme and authority. */
export function splitRequestTarget(target: string): RequestTarget {
  let rest = target;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length);
  const result: RequestTarget = { path: "" };
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    result.fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf("?");
  if (question >= 0) {
    result.query = rest.slice(question + 1);
    rest = rest.slice(0, question);
  }
  result.path = rest;
  return result;
}

function isHex(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9A-Fa-f]$/.test(ch);
}

function hexByte(a: string, b: string): number {
  return parseInt(a + b, 16);
}

/** RFC 3986 unreserved (T_URI_UNRESERVED). */
function isUnreserved(ch: string): boolean {
  return /^[A-Za-z0-9\-._~]$/.test(ch);
}

export interface NormalizeOptions {
  /** Decode %XX of unreserved characters first (only on the first pass, to avoid double decoding). */
  decodeUnreserved?: boolean;
  /** MergeSlashes On (the default): "//" becomes "/". */
  mergeSlashes?: boolean;
  /** Fail on "/.." above the root. */
  notAboveRoot?: boolean;
}

/** ap_normalize_path(): returns the new path and whether it was valid. */
export function normalizePath(path: string, options: NormalizeOptions = {}): { path: string; valid: boolean } {
  if (path[0] !== "/") return { path, valid: path === "*" };
  const p = path.split("");
  const at = (i: number): string => p[i] ?? "";
  const slashOrEnd = (i: number): boolean => i >= p.length || p[i] === "/";
  let valid = true;
  let l = 1;
  let w = 1;
  while (l < p.length) {
    if (options.decodeUnreserved && p[l] === "%") {
      if (isHex(p[l + 1]) && isHex(p[l + 2])) {
        const c = String.fromCharCode(hexByte(p[l + 1], p[l + 2]));
        if (isUnreserved(c)) {
          // The decoded char takes the place of the last hex digit and is read from there.
          l += 2;
          p[l] = c;
        }
      } else {
        valid = false;
      }
    }
    if (w === 0 || p[w - 1] === "/") {
      if (options.mergeSlashes && p[l] === "/") {
        while (l < p.length && p[l] === "/") l++;
        continue;
      }
      if (p[l] === ".") {
        if (slashOrEnd(l + 1)) {
          l += l + 1 < p.length ? 2 : 1;
          continue;
        }
        let n = l + 1;
        let dotDot = p[n] === ".";
        if (!dotDot && options.decodeUnreserved && p[n] === "%") {
          dotDot = at(++n) === "2" && (at(++n) === "e" || at(n) === "E");
        }
        if (dotDot && slashOrEnd(n + 1)) {
          if (w > 1) {
            do w--;
            while (w > 0 && p[w - 1] !== "/");
          } else if (options.notAboveRoot) {
            valid = false;
          }
          l = n + 1;
          if (l < p.length) l++;
          continue;
        }
      }
    }
    p[w++] = p[l++];
  }
  return { path: p.slice(0, w).join(""), valid };
}

export interface Unescaped {
  /** The decoded bytes as a latin-1 string; a decoded NUL is kept (C would stop there). */
  value: string;
  /** A "%" not followed by two hex digits (kept as is). */
  badEscape: boolean;
  /** A decoded "/" (when forbidden) or NUL. */
  badPath: boolean;
}

/**
 * unescape_url() from server/util.c: decodes %XX; `forbidSlash` flags a decoded "/",
 * `keepEncodedSlash` leaves "%2F" undecoded (AllowEncodedSlashes NoDecode).
 */
export function unescapeUrl(text: string, options: { forbidSlash?: boolean; keepEncodedSlash?: boolean } = {}): Unescaped {
  let value = "";
  let badEscape = false;
  let badPath = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "%") {
      value += text[i];
      continue;
    }
    if (!isHex(text[i + 1]) || !isHex(text[i + 2])) {
      badEscape = true;
      value += "%";
      continue;
    }
    const decoded = String.fromCharCode(hexByte(text[i + 1], text[i + 2]));
    if (decoded === "\0" || (options.forbidSlash && decoded === "/")) {
      badPath = true;
      value += decoded;
    } else if (options.keepEncodedSlash && decoded === "/") {
      value += text.slice(i, i + 3);
    } else {
      value += decoded;
    }
    i += 2;
  }
  return { value, badEscape, badPath };
}

export type AllowEncodedSlashes = "Off" | "On" | "NoDecode";

export type ResolvedPath =
  | {
      ok: true;
      /** r->uri: decoded and normalised, as text (fsDecode of the bytes). */
      uri: string;
      /** The same as a latin-1 byte string. */
      uriBytes: string;
      /** r->args, still escaped; undefined without "?". */
      query?: string;
    }
  | { ok: false; status: 400 | 404; log?: LogEntry };

/** From request-target to r->uri, with Apache's 400/404 answers and their log lines. */
export function resolveRequestPath(
  target: string,
  options: { allowEncodedSlashes?: AllowEncodedSlashes; mergeSlashes?: boolean } = {},
): ResolvedPath {
  const parts = splitRequestTarget(target);
  // A fragment in the request line is refused outright (nothing at LogLevel info).
  if (parts.fragment !== undefined || parts.path === "*" || parts.path === "") return { ok: false, status: 400 };
  const allow = options.allowEncodedSlashes ?? "Off";
  const mergeSlashes = options.mergeSlashes ?? true;
  const first = normalizePath(parts.path, { decodeUnreserved: true, mergeSlashes, notAboveRoot: true });
  if (!first.valid) {
    return { ok: false, status: 400, log: { module: "core", level: "error", message: `AH10244: invalid URI path (${target})` } };
  }
  const unescaped = unescapeUrl(first.path, { forbidSlash: allow === "Off", keepEncodedSlash: allow === "NoDecode" });
  if (unescaped.badEscape) return { ok: false, status: 400 };
  if (unescaped.badPath) {
    if (allow !== "Off") return { ok: false, status: 404 };
    // Apache says %2f even when it was %00.
    const message = `AH00026: found %2f (encoded '/') in URI path (${target}), returning 404`;
    return { ok: false, status: 404, log: { module: "core", level: "info", message } };
  }
  let uriBytes = unescaped.value;
  // Decoded slashes can make new "//" or "/../" segments.
  if (allow === "On") uriBytes = normalizePath(uriBytes, { mergeSlashes, notAboveRoot: true }).path;
  return { ok: true, uri: fsDecode(latin1ToBytes(uriBytes)), uriBytes, query: parts.query };
}

/** Characters ap_os_escape_path leaves alone, besides letters and digits. */
const PATH_SAFE = "$-_.+!*'(),:;@&=/~";

/** ap_escape_uri (ap_os_escape_path, partial): %xx in lowercase hex for everything else. */
export function escapeUri(path: string): string {
  let out = "";
  for (const byte of fsEncode(path)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9]/.test(ch) || PATH_SAFE.includes(ch) ? ch : `%${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}
