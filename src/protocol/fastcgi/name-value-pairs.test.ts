import { describe, expect, it } from "vitest";
import { parseHex, toHex } from "./hex.ts";
import {
  decodeNameValuePairs,
  encodedPairLength,
  encodeNameValuePair,
  encodeNameValuePairs,
  encodeNvLength,
  pairsToEntries,
} from "./name-value-pairs.ts";

const hex = (text: string): Uint8Array => parseHex(text) ?? new Uint8Array(0);
const asciiHex = (text: string): string => toHex(new TextEncoder().encode(text));

describe("name-value lengths (conformance F1, Go TestSize)", () => {
  const vectors: [number, string][] = [
    [0, "00"],
    [127, "7f"],
    [128, "80000080"],
    [1000, "800003e8"],
    [33554431, "81ffffff"],
  ];
  it.each(vectors)("%i encodes as %s and decodes back", (length, expected) => {
    expect(toHex(encodeNvLength(length))).toBe(expected);
    // Decode the length back without allocating the bytes: the decoder
    // names the declared length when the data is missing.
    const { pairs, error } = decodeNameValuePairs(new Uint8Array([...encodeNvLength(length), 0]));
    if (length === 0) expect(pairsToEntries(pairs)).toEqual([["", ""]]);
    else expect(error?.message).toContain(`declares a ${length}-byte name and a 0-byte value`);
  });

  it("rejects lengths that do not fit 31 bits", () => {
    expect(() => encodeNvLength(0x80000000)).toThrow(RangeError);
    expect(() => encodeNvLength(-1)).toThrow(RangeError);
  });

  it("accepts the 4-byte form for short lengths too (Go, libfcgi read either)", () => {
    const { pairs } = decodeNameValuePairs(hex("8000000201 4142 43"));
    expect(pairsToEntries(pairs)).toEqual([["AB", "C"]]);
  });
});

describe("pairs", () => {
  it("F9: the spec's PARAMS example is 42 bytes and round-trips", () => {
    const expected = `0b02${asciiHex("SERVER_PORT80")}0b0e${asciiHex("SERVER_ADDR199.170.183.42")}`;
    const bytes = encodeNameValuePairs([
      ["SERVER_PORT", "80"],
      ["SERVER_ADDR", "199.170.183.42"],
    ]);
    expect(bytes.length).toBe(42);
    expect(toHex(bytes)).toBe(expected);
    const { pairs, error } = decodeNameValuePairs(bytes);
    expect(error).toBeUndefined();
    expect(pairsToEntries(pairs)).toEqual([
      ["SERVER_PORT", "80"],
      ["SERVER_ADDR", "199.170.183.42"],
    ]);
    expect(pairs[1]).toMatchObject({ start: 15, nameStart: 17, valueStart: 28, end: 42 });
  });

  it("F6: REQUEST_METHOD=GET and SERVER_PROTOCOL=HTTP/1.1 encode as in Go's test", () => {
    expect(toHex(encodeNameValuePair("REQUEST_METHOD", "GET"))).toBe(`0e03${asciiHex("REQUEST_METHODGET")}`);
    expect(toHex(encodeNameValuePair("SERVER_PROTOCOL", "HTTP/1.1"))).toBe(`0f08${asciiHex("SERVER_PROTOCOLHTTP/1.1")}`);
  });

  it("uses the 4-byte form above 127 and counts UTF-8 bytes", () => {
    const value = "x".repeat(128);
    expect(toHex(encodeNameValuePair("V", value).subarray(0, 5))).toBe("0180000080");
    expect(encodedPairLength("V", value)).toBe(1 + 4 + 1 + 128);
    expect(encodedPairLength("É", "é")).toBe(6);
    expect(pairsToEntries(decodeNameValuePairs(encodeNameValuePair("É", "é")).pairs)).toEqual([["É", "é"]]);
  });

  it("keeps empty values and an empty input", () => {
    expect(pairsToEntries(decodeNameValuePairs(hex("0400 41424344")).pairs)).toEqual([["ABCD", ""]]);
    expect(decodeNameValuePairs(new Uint8Array(0))).toEqual({ pairs: [] });
  });
});

describe("malformed pairs give precise errors, never exceptions", () => {
  it("F7: lengths 50+50 with 8 bytes left", () => {
    const { pairs, error } = decodeNameValuePairs(hex("3232030405060708090a"), 24);
    expect(pairs).toEqual([]);
    expect(error).toMatchObject({ code: "nv-length-past-end", severity: "error", offset: 24 });
    expect(error?.message).toBe(
      "name-value pair at byte 0 declares a 50-byte name and a 50-byte value, but only 8 bytes follow",
    );
  });

  it("keeps the pairs before a bad one", () => {
    const bytes = hex(`0101${asciiHex("AB")} 0105 43`);
    const { pairs, error } = decodeNameValuePairs(bytes);
    expect(pairsToEntries(pairs)).toEqual([["A", "B"]]);
    expect(error).toMatchObject({ code: "nv-length-past-end", offset: 4 });
  });

  it("reports a cut-off 4-byte length", () => {
    expect(decodeNameValuePairs(hex("8000")).error).toMatchObject({ code: "nv-truncated-length", offset: 0 });
    expect(decodeNameValuePairs(hex("01")).error?.message).toMatch(/value length is cut off/);
    expect(decodeNameValuePairs(hex("01 800000")).error?.message).toMatch(/value length is cut off \(4 bytes left\)/);
  });

  it("a huge declared length does not allocate or throw", () => {
    const { error } = decodeNameValuePairs(hex("ffffffff ffffffff"));
    expect(error?.code).toBe("nv-length-past-end");
  });
});
