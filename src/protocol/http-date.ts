/**
 * The three clocks Apache prints, all in UTC here (the emulated server runs with TZ unset):
 * the Date header (RFC 7231 IMF-fixdate), the error_log stamp and the access_log %t.
 * Also apr_date_parse_http(), which Apache uses on a script's Last-Modified.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function hms(d: Date): string {
  return `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** "Wed, 25 Nov 2026 01:44:19 GMT" (apr_rfc822_date); sub-second parts are dropped. */
export function formatHttpDate(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate(), 2)} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hms(d)} GMT`;
}

/**
 * "[Wed Nov 25 01:44:19.096623 2026]" as error_log entries start (ap_recent_ctime_ex with
 * microseconds). `ms` may carry a fraction; microseconds are taken from it.
 */
export function formatErrorLogTime(ms: number): string {
  const usecTotal = Math.round(ms * 1000);
  const seconds = Math.floor(usecTotal / 1_000_000);
  const usec = usecTotal - seconds * 1_000_000;
  const d = new Date(seconds * 1000);
  return `[${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate(), 2)} ${hms(d)}.${pad(usec, 6)} ${d.getUTCFullYear()}]`;
}

/** "[25/Nov/2026:01:44:19 +0000]", the access log's %t. */
export function formatAccessLogTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000);
  return `[${pad(d.getUTCDate(), 2)}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000]`;
}

/** apr_date_checkmask: @ upper, $ lower, # digit, ~ digit or space, * rest; else literal. */
function checkMask(data: string, mask: string): boolean {
  for (let i = 0; ; i++) {
    const m = mask[i];
    const d = data[i] ?? "";
    if (m === undefined) return d === "";
    if (m === "*") return true;
    if (d === "") return false;
    if (m === "@" ? !(d >= "A" && d <= "Z") : m === "$" ? !(d >= "a" && d <= "z") : m === "#" ? !(d >= "0" && d <= "9") : m === "~" ? !(d === " " || (d >= "0" && d <= "9")) : m !== d) {
      return false;
    }
  }
}

function digits(s: string, from: number, count: number): number {
  return Number(s.slice(from, from + count));
}

/**
 * apr_date_parse_http(): RFC 1123, RFC 850 and asctime() forms only; the zone is
 * ignored (taken as GMT), seconds up to 61 roll over, and dates before 1970 are
 * rejected. Returns ms since the epoch, or undefined where APR says APR_DATE_BAD.
 */
export function parseHttpDate(value: string): number | undefined {
  let i = 0;
  while (i < value.length && (value[i] === " " || (value[i] >= "\t" && value[i] <= "\r"))) i++;
  const space = value.indexOf(" ", i);
  if (i >= value.length || space < 0) return undefined;
  const date = value.slice(space + 1);
  let year: number;
  let mday: number;
  let mon: string;
  let time: string;
  if (checkMask(date, "## @$$ #### ##:##:## *")) {
    year = digits(date, 7, 4);
    mday = digits(date, 0, 2);
    mon = date.slice(3, 6);
    time = date.slice(12, 20);
  } else if (checkMask(date, "##-@$$-## ##:##:## *")) {
    year = digits(date, 7, 2);
    year += year < 70 ? 2000 : 1900;
    mday = digits(date, 0, 2);
    mon = date.slice(3, 6);
    time = date.slice(10, 18);
  } else if (checkMask(date, "@$$ ~# ##:##:## ####*")) {
    year = digits(date, 16, 4);
    mday = (date[4] === " " ? 0 : digits(date, 4, 1) * 10) + digits(date, 5, 1);
    mon = date.slice(0, 3);
    time = date.slice(7, 15);
  } else {
    return undefined;
  }
  if (year < 1900 || mday <= 0 || mday > 31) return undefined;
  const hour = digits(time, 0, 2);
  const min = digits(time, 3, 2);
  const sec = digits(time, 6, 2);
  if (hour > 23 || min > 59 || sec > 61) return undefined;
  const month = MONTHS.indexOf(mon);
  if (month < 0) return undefined;
  if (mday === 31 && [3, 5, 8, 10].includes(month)) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month === 1 && (mday > 29 || (mday === 29 && !leap))) return undefined;
  // apr_time_exp_get() refuses years before 1970.
  if (year < 1970) return undefined;
  return Date.UTC(year, month, mday, hour, min, sec);
}
