import { describe, expect, it } from "vitest";
import { probes, readReferenceJson } from "./fixtures/reference.ts";
import { formatAccessLogTime, formatErrorLogTime, formatHttpDate, parseHttpDate } from "./http-date.ts";

interface ScriptCapture {
  headers: string[];
  error_log: string[];
}

describe("Date header", () => {
  it("prints the captured Date of article.py's 500", () => {
    const capture = readReferenceJson<ScriptCapture>("peers/apache-cgi/scripts/c_article_noblank.json");
    const ms = Date.UTC(2026, 10, 25, 1, 44, 19, 700);
    expect(capture.headers).toContain(`Date: ${formatHttpDate(ms)}`);
  });

  it("pads the day and drops the milliseconds", () => {
    expect(formatHttpDate(Date.UTC(1994, 10, 6, 8, 49, 37, 999))).toBe("Sun, 06 Nov 1994 08:49:37 GMT");
  });
});

describe("log timestamps", () => {
  it("stamps error_log entries like the captured one, microseconds included", () => {
    const capture = readReferenceJson<ScriptCapture>("peers/apache-cgi/scripts/c_article_noblank.json");
    const ms = Date.UTC(2026, 10, 25, 1, 44, 19) + 96.623;
    expect(capture.error_log[0].startsWith(`${formatErrorLogTime(ms)} [cgi:error]`)).toBe(true);
  });

  it("zero-pads a single-digit day in the error log", () => {
    expect(formatErrorLogTime(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe("[Mon Jan 05 03:04:05.000000 2026]");
  });

  it("prints the access log %t as the probe server's log did", () => {
    const line = probes.accessLog[0];
    const stamp = /\[[^\]]+\]/.exec(line)?.[0] ?? "";
    const m = /^\[(\d+)\/(\w+)\/(\d+):(\d+):(\d+):(\d+) \+0000\]$/.exec(stamp);
    expect(m).not.toBeNull();
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const [, d, mon, y, h, mi, s] = m ?? [];
    const ms = Date.UTC(Number(y), months.indexOf(mon), Number(d), Number(h), Number(mi), Number(s), 250);
    expect(formatAccessLogTime(ms)).toBe(stamp);
    expect(formatAccessLogTime(Date.UTC(2026, 10, 25, 1, 44, 19))).toBe("[25/Nov/2026:01:44:19 +0000]");
  });
});

describe("parseHttpDate (apr_date_parse_http)", () => {
  const t = Date.UTC(1994, 10, 15, 8, 12, 31);
  it("reads the three HTTP date forms", () => {
    expect(parseHttpDate("Tue, 15 Nov 1994 08:12:31 GMT")).toBe(t);
    expect(parseHttpDate("Tuesday, 15-Nov-94 08:12:31 GMT")).toBe(t);
    expect(parseHttpDate("Tue Nov 15 08:12:31 1994")).toBe(t);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it("ignores the zone and rolls seconds 60-61 over", () => {
    expect(parseHttpDate("Tue, 15 Nov 1994 08:12:31 +0500")).toBe(t);
    expect(parseHttpDate("Tue, 15 Nov 1994 08:12:61 GMT")).toBe(t + 30_000);
  });

  it("refuses what APR refuses", () => {
    for (const bad of [
      "Tue, 15 Nov 1994 08:12:31",
      "Tue, 15 Nov 1969 08:12:31 GMT",
      "Tue, 31 Nov 1994 08:12:31 GMT",
      "Tue, 29 Feb 1900 08:12:31 GMT",
      "x 6 Nov 94 08:12:31 GMT",
      "Tue, 15 nov 1994 08:12:31 GMT",
      "yesterday",
      "",
    ]) {
      expect([bad, parseHttpDate(bad)]).toEqual([bad, undefined]);
    }
    expect(parseHttpDate("Tue, 29 Feb 2000 08:12:31 GMT")).toBe(Date.UTC(2000, 1, 29, 8, 12, 31));
  });
});
