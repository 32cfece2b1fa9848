import { describe, expect, it } from "vitest";
import { RecordType } from "./constants.ts";
import { parseHex, toHex } from "./hex.ts";
import { decodeRecord, encodeHeader, encodeRecord, encodeRecords, paddingLengthFor, readHeader } from "./record.ts";

const hex = (text: string): Uint8Array => parseHex(text) ?? new Uint8Array(0);
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("record header and padding", () => {
  it("pads to 8 with align8 (-len & 7) and never with none (conformance D1)", () => {
    expect([0, 1, 7, 8, 9, 30, 33, 465, 65535].map((n) => paddingLengthFor(n, "align8"))).toEqual([0, 7, 1, 0, 7, 2, 7, 7, 1]);
    expect(paddingLengthFor(33, "none")).toBe(0);
  });

  it("F2: empty STDOUT for id 1", () => {
    expect(toHex(encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: new Uint8Array(0) }))).toBe("0106000100000000");
  });

  it("F10: padded STDOUT of 33 bytes gets header 0106000100210700 and 7 zero bytes", () => {
    const body = ascii("Content-Type: text/plain\r\n\r\nhello");
    expect(body.length).toBe(33);
    const bytes = encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: body });
    expect(toHex(bytes.subarray(0, 8))).toBe("0106000100210700");
    expect(toHex(bytes.subarray(41))).toBe("00000000000000");
    expect(toHex(encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: body }, { padding: "none" }).subarray(0, 8))).toBe(
      "0106000100210000",
    );
  });

  it("writes request ids and lengths big-endian", () => {
    const h = encodeHeader({ version: 1, type: 5, requestId: 300, contentLength: 465, paddingLength: 7, reserved: 0 });
    expect(toHex(h)).toBe("0105012c01d10700");
    expect(readHeader(h)).toEqual({ version: 1, type: 5, requestId: 300, contentLength: 465, paddingLength: 7, reserved: 0 });
  });

  it("refuses to encode content over 65535 bytes or ids over 65535", () => {
    expect(() => encodeRecord({ type: 5, requestId: 1, content: new Uint8Array(65536) })).toThrow(RangeError);
    expect(() => encodeRecord({ type: 5, requestId: 65536, content: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeRecord({ type: 5, requestId: 1, content: new Uint8Array(0) }, { padding: 256 })).toThrow(RangeError);
    expect(encodeRecord({ type: 5, requestId: 65535, content: new Uint8Array(65535) }, { padding: "none" }).length).toBe(65543);
  });

  it("encodeRecords concatenates with one policy", () => {
    const bytes = encodeRecords(
      [
        { type: RecordType.STDOUT, requestId: 1, content: ascii("ok") },
        { type: RecordType.STDOUT, requestId: 1, content: new Uint8Array(0) },
      ],
      "align8",
    );
    expect(toHex(bytes)).toBe("01060001000206006f6b0000000000000106000100000000");
  });
});

describe("decodeRecord", () => {
  it("decodes header, content, padding and keeps the exact raw bytes", () => {
    const input = hex("0103000100080000 000003aa00000000 ff");
    const r = decodeRecord(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ version: 1, type: 3, requestId: 1, contentLength: 8, paddingLength: 0, offset: 0 });
    expect(toHex(r.value.content)).toBe("000003aa00000000");
    expect(toHex(r.value.raw)).toBe("0103000100080000000003aa00000000");
  });

  it("reports offsets relative to a base", () => {
    const r = decodeRecord(hex("00 0106000100000000"), 1, 100);
    expect(r.ok && r.value.offset).toBe(101);
  });

  it("gives precise errors for truncated header, content and padding, and bad version", () => {
    const cases: [string, string, RegExp][] = [
      ["010600", "truncated-header", /3 of 8 header bytes/],
      ["0106000100210700 436f6e74", "truncated-content", /contentLength 33 but only 4 content bytes/],
      ["0106000100020600 6f6b0000", "truncated-padding", /paddingLength 6 but only 2 padding bytes/],
      ["0206000100000000", "bad-version", /version 2, expected 1/],
    ];
    for (const [input, code, message] of cases) {
      const r = decodeRecord(hex(input));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(code);
      expect(r.error.severity).toBe("error");
      expect(r.error.message).toMatch(message);
      expect(r.error.offset).toBe(0);
    }
  });
});
