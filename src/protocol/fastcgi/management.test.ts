import { describe, expect, it } from "vitest";
import { FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS, MANAGEMENT_VARIABLES } from "./constants.ts";
import { parseHex, toHex } from "./hex.ts";
import {
  decodeGetValuesBody,
  decodeGetValuesResultBody,
  decodeUnknownTypeBody,
  encodeGetValues,
  encodeGetValuesResult,
  encodeUnknownType,
} from "./management.ts";
import { decodeRecord } from "./record.ts";

const asciiHex = (text: string): string => toHex(new TextEncoder().encode(text));

describe("management records (conformance D8, D9, F4, F5, F10)", () => {
  it("F5: the GET_VALUES query for all three names", () => {
    const expected = `0109000000300000 0e00${asciiHex("FCGI_MAX_CONNS")} 0d00${asciiHex("FCGI_MAX_REQS")} 0f00${asciiHex("FCGI_MPXS_CONNS")}`;
    expect(toHex(encodeGetValues([...MANAGEMENT_VARIABLES]))).toBe(expected.replace(/ /g, ""));
  });

  it("F5: libfcgi's reply, 51 bytes + 5 padding", () => {
    const bytes = encodeGetValuesResult([
      [FCGI_MAX_CONNS, "1"],
      [FCGI_MAX_REQS, "1"],
      [FCGI_MPXS_CONNS, "0"],
    ]);
    const expected = `010a000000330500 0e01${asciiHex("FCGI_MAX_CONNS")}31 0d01${asciiHex("FCGI_MAX_REQS")}31 0f01${asciiHex("FCGI_MPXS_CONNS")}30 0000000000`;
    expect(toHex(bytes)).toBe(expected.replace(/ /g, ""));
  });

  it("F4: Go's reply, MPXS_CONNS=1 then an extra empty RESULT record", () => {
    const input = parseHex("010a000000120600 0f01464347495f4d 5058535f434f4e4e 5331000000000000 010a000000000000") ?? new Uint8Array(0);
    const first = decodeRecord(input);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(decodeGetValuesResultBody(first.value.content)).toEqual({ ok: true, value: [["FCGI_MPXS_CONNS", "1"]] });
    const second = decodeRecord(input, first.value.raw.length);
    expect(second.ok && second.value.contentLength).toBe(0);
    expect(toHex(encodeGetValuesResult([[FCGI_MPXS_CONNS, "1"]]))).toBe(toHex(first.value.raw));
  });

  it("decodes a GET_VALUES query, noting values that should be empty", () => {
    const query = encodeGetValues([FCGI_MAX_CONNS]).subarray(8, 24);
    expect(decodeGetValuesBody(query)).toEqual({ ok: true, value: { names: [FCGI_MAX_CONNS], notes: [] } });
    const withValue = parseHex(`0e01${asciiHex("FCGI_MAX_CONNS")}31`) ?? new Uint8Array(0);
    const r = decodeGetValuesBody(withValue, 8);
    expect(r.ok && r.value.notes[0]).toMatchObject({ severity: "note", code: "get-values-with-value", offset: 8 });
  });

  it("F10: UNKNOWN_TYPE for type 12", () => {
    expect(toHex(encodeUnknownType(12))).toBe("010b0000000800000c00000000000000");
    expect(decodeUnknownTypeBody(parseHex("0c00000000000000") ?? new Uint8Array(0))).toEqual({ ok: true, value: { type: 12 } });
    expect(decodeUnknownTypeBody(new Uint8Array(1))).toMatchObject({ ok: false, error: { code: "bad-body-length" } });
  });

  it("reports malformed pairs in GET_VALUES bodies", () => {
    expect(decodeGetValuesResultBody(parseHex("0e01414243") ?? new Uint8Array(0), 8)).toMatchObject({
      ok: false,
      error: { code: "nv-length-past-end", offset: 8 },
    });
  });
});
