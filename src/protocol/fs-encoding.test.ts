import { describe, expect, it } from "vitest";
import { bytesToLatin1, fsDecode, fsEncode, latin1ToBytes } from "./fs-encoding.ts";

describe("fsDecode / fsEncode (UTF-8 with surrogateescape)", () => {
  it("decodes UTF-8 and escapes each invalid byte as Python does", () => {
    expect(fsDecode(Uint8Array.from([0x61, 0xc3, 0xa9, 0xff, 0xe2, 0x82, 0x41]))).toBe("a\u00e9\udcff\udce2\udc82A");
    expect(fsDecode(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe("\udced\udca0\udc80");
    expect(fsDecode(Uint8Array.from([0xf0, 0x9f, 0x92, 0x80]))).toBe("\u{1F480}");
  });

  it("round-trips any bytes, and keeps a real pair ending in \\uDC80 as one character", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fsEncode(fsDecode(all))).toEqual(all);
    expect(fsEncode("\u{1F480}")).toEqual(Uint8Array.from([0xf0, 0x9f, 0x92, 0x80]));
  });

  it("converts latin-1 byte strings both ways", () => {
    const bytes = Uint8Array.from([0, 0x41, 0xff]);
    expect(bytesToLatin1(bytes)).toBe("\0A\xff");
    expect(latin1ToBytes("\0A\xff")).toEqual(bytes);
    expect(bytesToLatin1(new Uint8Array(70000)).length).toBe(70000);
  });
});
