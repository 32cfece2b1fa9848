import { describe, expect, it } from "vitest";
import { bytesOf } from "./fixtures/reference.ts";
import { MAX_HEADER_LINE, readLine, scanScriptHeaders } from "./script-header-lines.ts";

describe("readLine (getsfunc_BRIGADE)", () => {
  it("drops every CR, ends at LF and cuts at a NUL", () => {
    expect(readLine(bytesOf("A: 1\rB\r\n"), 0)).toEqual({ kind: "line", text: "A: 1B", next: 8 });
    expect(readLine(bytesOf("X: a\0b\n"), 0)).toEqual({ kind: "line", text: "X: a", next: 7 });
    expect(readLine(bytesOf("x\ny"), 2)).toEqual({ kind: "partial" });
  });

  it("holds 8189 bytes, CRs not counted, and overflows at 8190 even before the LF", () => {
    expect(readLine(bytesOf(`${"a".repeat(MAX_HEADER_LINE)}\r\r\n`), 0)).toMatchObject({ kind: "line" });
    expect(readLine(bytesOf(`${"a".repeat(MAX_HEADER_LINE + 1)}\n`), 0)).toEqual({ kind: "overflow" });
    expect(readLine(bytesOf("a".repeat(MAX_HEADER_LINE + 1)), 0)).toEqual({ kind: "overflow" });
  });
});

describe("scanScriptHeaders", () => {
  it("finds the blank line, CRLF or LF, even one made of a NUL", () => {
    expect(scanScriptHeaders(bytesOf("A: b\n\nbody"))).toEqual({ complete: true, headerBytes: 6, bodyOffset: 6 });
    expect(scanScriptHeaders(bytesOf("A: b\r\n\0junk\nbody"))).toEqual({ complete: true, headerBytes: 12, bodyOffset: 12 });
    expect(scanScriptHeaders(bytesOf("A: b\r\n"))).toEqual({ complete: false, headerBytes: 6 });
  });
});
