import { describe, expect, it } from "vitest";
import { hexDumpLines, looksLikeHexText, parseHex, toBase64, toHex } from "./hex.ts";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("hex helpers", () => {
  it("parses hex with any whitespace, either case", () => {
    expect(toHex(parseHex("01 0A\n ff\t") ?? new Uint8Array(0))).toBe("010aff");
    expect(parseHex("abc")).toBeUndefined();
    expect(parseHex("zz")).toBeUndefined();
  });

  it("detects hex text", () => {
    expect(looksLikeHexText(text("0101000100080000\n"))).toBe(true);
    expect(looksLikeHexText(text("   \n"))).toBe(false);
    expect(looksLikeHexText(Uint8Array.of(1, 1, 0, 1))).toBe(false);
  });

  it("dumps with offsets and ASCII", () => {
    expect(hexDumpLines(text("ok\r\n"), 16)).toEqual(["000010  6f 6b 0d 0a" + " ".repeat(36) + "  |ok..|"]);
    expect(hexDumpLines(text("ok"), 16, 10)[0].startsWith("    16  6f 6b")).toBe(true);
  });

  it("encodes base64 without Buffer, including large inputs", () => {
    expect(toBase64(text("ok"))).toBe("b2s=");
    expect(toBase64(new Uint8Array(100000)).length).toBe(133336);
  });
});
