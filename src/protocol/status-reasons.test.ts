import { describe, expect, it } from "vitest";
import { probes } from "./fixtures/reference.ts";
import {
  apacheStatusLine,
  cAtoi,
  isValidResponseStatus,
  reasonPhrase,
  scriptStatus,
  splitStatusLine,
  statusDropsConnection,
  validateStatusLine,
} from "./status-reasons.ts";

/** What `Status: <value>` becomes on the wire, through both steps Apache takes. */
function wireLine(value: string): string {
  const s = scriptStatus(value, "raw.py");
  return validateStatusLine(s.requestStatus, s.statusLine);
}

describe("Apache 2.4.71 status lines", () => {
  it("matches the live server for `Status: NNN` with every code from 100 to 599", () => {
    const codes = Object.keys(probes.statusLines);
    expect(codes.length).toBe(500);
    for (const code of codes) expect([code, wireLine(code)]).toEqual([code, probes.statusLines[code]]);
  });

  it("knows 103 Early Hints but not 418 or 425", () => {
    expect(reasonPhrase(103)).toBe("Early Hints");
    expect(reasonPhrase(418)).toBeUndefined();
    expect(reasonPhrase(425)).toBeUndefined();
    expect(reasonPhrase(401)).toBe("Unauthorized");
  });

  it("falls back to the 500 line for codes it has no text for", () => {
    expect(apacheStatusLine(404)).toBe("404 Not Found");
    expect(apacheStatusLine(299)).toBe("500 Internal Server Error");
    expect(apacheStatusLine(0)).toBe("500 Internal Server Error");
  });
});

describe("Status header from a script (B4)", () => {
  it("matches the live server for odd values, including what it logs", () => {
    for (const [value, captured] of Object.entries(probes.statusHeaderCases)) {
      const s = scriptStatus(value, "raw.py");
      expect([value, validateStatusLine(s.requestStatus, s.statusLine)]).toEqual([value, captured.statusLine]);
      const logged = captured.log.map((l) => l.message);
      expect([value, s.logMessage === undefined ? [] : [s.logMessage]]).toEqual([value, logged]);
    }
  });

  it("gives a bare code Apache's reason and keeps a custom one", () => {
    expect(wireLine("404")).toBe("404 Not Found");
    expect(wireLine("404 Nope")).toBe("404 Nope");
    expect(wireLine("418")).toBe("418 ");
  });

  it("sends 500 for a non-numeric status but logs only the first 30 characters", () => {
    const s = scriptStatus("abcdefghijklmnopqrstuvwxyz0123456789", "env.py");
    expect(s.requestStatus).toBe(0);
    expect(s.logMessage).toBe("Invalid status line from script 'env.py': abcdefghijklmnopqrstuvwxyz0123");
    expect(validateStatusLine(s.requestStatus, s.statusLine)).toBe("500 Internal Server Error");
  });

  it("reads numbers the way glibc atoi does", () => {
    expect(cAtoi("  404abc")).toBe(404);
    expect(cAtoi("+7")).toBe(7);
    expect(cAtoi("x")).toBe(0);
    expect(cAtoi("4294967700")).toBe(404);
    expect(cAtoi("2147483648")).toBe(-2147483648);
  });
});

describe("status helpers", () => {
  it("splits a status line", () => {
    expect(splitStatusLine("404 Not Found")).toEqual({ status: 404, reason: "Not Found" });
    expect(splitStatusLine("418 ")).toEqual({ status: 418, reason: "" });
  });

  it("knows which statuses close the connection", () => {
    expect(statusDropsConnection(500)).toBe(true);
    expect(statusDropsConnection(302)).toBe(false);
    expect(isValidResponseStatus(600)).toBe(false);
    expect(isValidResponseStatus(100)).toBe(true);
  });
});
