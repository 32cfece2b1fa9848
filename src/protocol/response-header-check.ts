/**
 * check_headers() in modules/http/http_filters.c: before any response goes out,
 * Apache 2.4 (HttpProtocolOptions Strict, the default) refuses header names that
 * are not tokens and values with control characters, and answers 500 instead.
 * Scripts are the usual source of such headers.
 */
import type { LogEntry } from "./error-log.ts";
import type { HeaderField } from "./http-message.ts";

/** RFC 7230 tchar. */
function isTokenChar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c));
}

/** field-content: HTAB, SP, VCHAR and obs-text (0x80-0xFF). */
function isFieldChar(c: number): boolean {
  return c === 0x09 || (c >= 0x20 && c !== 0x7f);
}

/**
 * The first header Apache would refuse, as the [http:error] entry it logs, or
 * undefined when all pass. Names and values are latin-1 byte strings. With
 * `strict` false (HttpProtocolOptions Unsafe) a name only needs visible chars.
 */
export function checkResponseHeaders(headers: readonly HeaderField[], strict = true): LogEntry | undefined {
  const error = (message: string): LogEntry => ({ module: "http", level: "error", message });
  for (const [name, value] of headers) {
    if (name === "") return error("AH02428: Empty response header name, aborting request");
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (strict ? !isTokenChar(c) : c <= 0x20 || c === 0x7f) {
        return error(`AH02429: Response header name '${name}' contains invalid characters, aborting request`);
      }
    }
    // A CRLF followed by SP/HTAB is obsolete folding, tolerated; the message quotes from the current fold.
    let segment = 0;
    for (let i = 0; i < value.length; i++) {
      if (isFieldChar(value.charCodeAt(i))) continue;
      if (value[i] === "\r" && value[i + 1] === "\n" && (value[i + 2] === " " || value[i + 2] === "\t")) {
        i += 2;
        while (value[i + 1] === " " || value[i + 1] === "\t") i++;
        segment = i + 1;
        continue;
      }
      return error(`AH02430: Response header '${name}' value of '${value.slice(segment)}' contains invalid characters, aborting request`);
    }
  }
  return undefined;
}
