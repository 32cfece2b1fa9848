/**
 * Apache 2.4's status lines (the status_lines table in modules/http/http_protocol.c)
 * and the rules that turn a CGI `Status:` header into the status line on the wire.
 * Checked against Apache/2.4.71 (Debian): fixtures/apache-2.4.71-probes.json.
 */

/** Every code 2.4.71 knows, with its reason. Note: no 418 and no 425 in 2.4. */
const REASONS: ReadonlyMap<number, string> = new Map([
  [100, "Continue"],
  [101, "Switching Protocols"],
  [102, "Processing"],
  [103, "Early Hints"],
  [200, "OK"],
  [201, "Created"],
  [202, "Accepted"],
  [203, "Non-Authoritative Information"],
  [204, "No Content"],
  [205, "Reset Content"],
  [206, "Partial Content"],
  [207, "Multi-Status"],
  [208, "Already Reported"],
  [226, "IM Used"],
  [300, "Multiple Choices"],
  [301, "Moved Permanently"],
  [302, "Found"],
  [303, "See Other"],
  [304, "Not Modified"],
  [305, "Use Proxy"],
  [307, "Temporary Redirect"],
  [308, "Permanent Redirect"],
  [400, "Bad Request"],
  [401, "Unauthorized"],
  [402, "Payment Required"],
  [403, "Forbidden"],
  [404, "Not Found"],
  [405, "Method Not Allowed"],
  [406, "Not Acceptable"],
  [407, "Proxy Authentication Required"],
  [408, "Request Timeout"],
  [409, "Conflict"],
  [410, "Gone"],
  [411, "Length Required"],
  [412, "Precondition Failed"],
  [413, "Request Entity Too Large"],
  [414, "Request-URI Too Long"],
  [415, "Unsupported Media Type"],
  [416, "Requested Range Not Satisfiable"],
  [417, "Expectation Failed"],
  [421, "Misdirected Request"],
  [422, "Unprocessable Entity"],
  [423, "Locked"],
  [424, "Failed Dependency"],
  [426, "Upgrade Required"],
  [428, "Precondition Required"],
  [429, "Too Many Requests"],
  [431, "Request Header Fields Too Large"],
  [451, "Unavailable For Legal Reasons"],
  [500, "Internal Server Error"],
  [501, "Not Implemented"],
  [502, "Bad Gateway"],
  [503, "Service Unavailable"],
  [504, "Gateway Timeout"],
  [505, "HTTP Version Not Supported"],
  [506, "Variant Also Negotiates"],
  [507, "Insufficient Storage"],
  [508, "Loop Detected"],
  [510, "Not Extended"],
  [511, "Network Authentication Required"],
]);

/** Apache's own reason for a code, or undefined when its table has none. */
export function reasonPhrase(code: number): string | undefined {
  return REASONS.get(code);
}

/**
 * ap_get_status_line(): "404 Not Found". A code outside the table falls back to
 * the 500 entry (ap_index_of_response), so an unknown code shows as
 * "500 Internal Server Error", code included.
 */
export function apacheStatusLine(code: number): string {
  const reason = REASONS.get(code);
  return reason === undefined ? "500 Internal Server Error" : `${code} ${reason}`;
}

/** ap_is_HTTP_VALID_RESPONSE. */
export function isValidResponseStatus(code: number): boolean {
  return code >= 100 && code < 600;
}

/** ap_status_drops_connection: these statuses always close the connection. */
export function statusDropsConnection(code: number): boolean {
  return [400, 408, 411, 413, 414, 500, 501, 503].includes(code);
}

/** Splits "404 Not Found" into its parts; the reason may be empty ("418 "). */
export function splitStatusLine(line: string): { status: number; reason: string } {
  return { status: Number(line.slice(0, 3)), reason: line.slice(4) };
}

/** C isspace() in the C locale. */
function isCSpace(ch: string): boolean {
  return ch === " " || (ch >= "\t" && ch <= "\r");
}

/** strtol()-style scan: leading space, sign, digits. `end` is where it stopped (0 when nothing converted). */
function scanInteger(s: string): { value: bigint; end: number } {
  let i = 0;
  while (i < s.length && isCSpace(s[i])) i++;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") negative = s[i++] === "-";
  const start = i;
  let value = 0n;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") value = value * 10n + BigInt(s.charCodeAt(i++) - 48);
  if (i === start) return { value: 0n, end: 0 };
  const max = (1n << 63n) - 1n;
  // strtol saturates on overflow.
  if (value > max) value = negative ? max + 1n : max;
  return { value: negative ? -value : value, end: i };
}

/** C atoi() on glibc: strtol() cut to a 32-bit int, so "4294967700" is 404. */
export function cAtoi(s: string): number {
  return Number(BigInt.asIntN(32, scanInteger(s).value));
}

/** field-content without CTLs other than HTAB (DEL included), as 2.4.71 demands of a reason phrase. */
function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return true;
  }
  return false;
}

/**
 * The status line Apache sends for r->status and r->status_line
 * (validate_status_line + basic_http_header_check in http_filters.c):
 * - "404" becomes "404 Not Found" (a bare code takes Apache's reason, if it has one: "418" stays "418 ");
 * - "404 Nope" is kept as is, even "700 Seven";
 * - anything else ("404\tx", "+404", "abc", a reason with a CTL) is dropped for
 *   apacheStatusLine(status), so "Status: abc" (status 0) goes out as "500 Internal Server Error".
 */
export function validateStatusLine(status: number, statusLine: string | undefined): string {
  if (statusLine === undefined) return apacheStatusLine(status);
  const { value, end } = scanInteger(statusLine);
  const len = statusLine.length;
  const malformed =
    len < 3 ||
    value !== BigInt(status) ||
    end !== 3 ||
    (len >= 4 && statusLine[3] !== " ") ||
    hasControlChar(statusLine.slice(4));
  if (malformed) return apacheStatusLine(status);
  if (len > 3) return statusLine;
  // A bare code: RFC 2616 wants the space; Apache's own reason is preferred when it has one.
  const own = apacheStatusLine(status);
  return own.startsWith(statusLine) ? own : `${statusLine} `;
}

export interface ScriptStatus {
  /** r->status: atoi() of the value. This is what the access log's %>s shows ("-" when <= 0). */
  requestStatus: number;
  /** r->status_line: the value with leading white space removed. */
  statusLine: string;
  /** Set when Apache logs the value as invalid (it still carries on). */
  logMessage?: string;
}

/**
 * A script's `Status:` header as ap_scan_script_header_err_core_ex() takes it.
 * An out-of-range code is only logged (`Invalid status line from script '<basename>': <first 30 chars>`);
 * the wire status then comes from validateStatusLine().
 */
export function scriptStatus(value: string, scriptBasename: string): ScriptStatus {
  let start = 0;
  while (start < value.length && isCSpace(value[start])) start++;
  const statusLine = value.slice(start);
  const requestStatus = cAtoi(statusLine);
  const result: ScriptStatus = { requestStatus, statusLine };
  if (!isValidResponseStatus(requestStatus)) {
    result.logMessage = `Invalid status line from script '${scriptBasename}': ${statusLine.slice(0, 30)}`;
  }
  return result;
}
