import { describe, expect, it } from "vitest";
import { FCGI_DATA_LAST_MOD, FCGI_DATA_LENGTH, RecordType, Role } from "./constants.ts";
import { decodeFcgiStream } from "./decode-stream.ts";
import { parseHex, toHex } from "./hex.ts";
import { pairsToEntries } from "./name-value-pairs.ts";
import { buildRequest, type RequestBuildOptions } from "./request-builder.ts";

const base: RequestBuildOptions = {
  requestId: 1,
  role: Role.RESPONDER,
  keepConn: false,
  params: [
    ["REQUEST_METHOD", "GET"],
    ["SERVER_PROTOCOL", "HTTP/1.1"],
  ],
  stdin: new Uint8Array(0),
  padding: "none",
  paramsRecordMax: 65535,
  stdinRecordMax: 65535,
};

function layout(o: Partial<RequestBuildOptions>): number[] {
  const built = buildRequest({ ...base, ...o });
  if (!built.ok) throw new Error(built.error);
  return built.records.filter((r) => r.type === RecordType.PARAMS).map((r) => r.content.length);
}

describe("buildRequest", () => {
  it("F6 framing: pair-per-record, no padding gives Go's test bytes (plus the STDIN terminator)", () => {
    const built = buildRequest({ ...base, paramsLayout: "pair-per-record", stdin: new TextEncoder().encode("0123456789abcdef") });
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const expected =
      "01010001000800000001000000000000" +
      "0104000100130000" + toHex(new TextEncoder().encode("\x0e\x03REQUEST_METHODGET")) +
      "0104000100190000" + toHex(new TextEncoder().encode("\x0f\x08SERVER_PROTOCOLHTTP/1.1")) +
      "0104000100000000" +
      "0105000100100000" + toHex(new TextEncoder().encode("0123456789abcdef")) +
      "0105000100000000";
    expect(toHex(built.bytes)).toBe(expected);
  });

  it("'single' puts every pair in one record and pads it when asked", () => {
    const built = buildRequest({ ...base, paramsLayout: "single", padding: "align8" });
    if (!built.ok) throw new Error(built.error);
    expect(built.records.map((r) => [r.type, r.content.length, r.paddingLength])).toEqual([
      [RecordType.BEGIN_REQUEST, 8, 0],
      [RecordType.PARAMS, 19 + 25, 4],
      [RecordType.PARAMS, 0, 0],
      [RecordType.STDIN, 0, 0],
    ]);
  });

  it("'single' fails like nginx when params exceed the record limit", () => {
    const built = buildRequest({ ...base, paramsLayout: "single", params: [["BIG", "x".repeat(70000)]] });
    expect(built).toEqual({ ok: false, error: "PARAMS record is too big: 70008 bytes (limit 65535)" });
  });

  it("'stream' cuts the encoded pairs at the limit, even inside a pair", () => {
    expect(layout({ paramsLayout: "stream", paramsRecordMax: 10 })).toEqual([10, 10, 10, 10, 4, 0]);
  });

  it("'whole-pairs' packs greedily and never splits a pair", () => {
    const params: [string, string][] = [
      ["A", "x".repeat(10)], // 13 bytes
      ["B", "x".repeat(10)],
      ["C", "x".repeat(10)],
    ];
    expect(layout({ paramsLayout: "whole-pairs", paramsRecordMax: 26, params })).toEqual([26, 13, 0]);
  });

  it("'whole-pairs' skips a pair larger than a record, ending the record before it (AH02536)", () => {
    const params: [string, string][] = [
      ["A", "1"],
      ["HUGE", "x".repeat(100)],
      ["B", "2"],
    ];
    const built = buildRequest({ ...base, paramsLayout: "whole-pairs", paramsRecordMax: 50, params });
    if (!built.ok) throw new Error(built.error);
    expect(built.skippedParams).toEqual(["HUGE"]);
    expect(built.records.filter((r) => r.type === RecordType.PARAMS).map((r) => r.content.length)).toEqual([4, 4, 0]);
  });

  it("pads STDIN separately when stdinPadding is given (cgi-fcgi)", () => {
    const built = buildRequest({ ...base, padding: "align8", stdinPadding: "none", stdin: new Uint8Array(5) });
    if (!built.ok) throw new Error(built.error);
    expect(built.records.find((r) => r.type === RecordType.STDIN)?.paddingLength).toBe(0);
    expect(built.records.find((r) => r.type === RecordType.PARAMS)?.paddingLength).toBe(4);
  });

  it("FILTER: DATA follows STDIN, both terminated (D12)", () => {
    const built = buildRequest({
      ...base,
      role: Role.FILTER,
      params: [
        ...base.params,
        [FCGI_DATA_LAST_MOD, "0"],
        [FCGI_DATA_LENGTH, "3"],
      ],
      stdin: Uint8Array.of(1),
      data: Uint8Array.of(7, 8, 9),
      stdinRecordMax: 2,
    });
    if (!built.ok) throw new Error(built.error);
    const types = built.records.map((r) => [r.type, r.content.length]);
    expect(types.slice(-5)).toEqual([
      [RecordType.STDIN, 1],
      [RecordType.STDIN, 0],
      [RecordType.DATA, 2],
      [RecordType.DATA, 1],
      [RecordType.DATA, 0],
    ]);
    const decoded = decodeFcgiStream(built.bytes);
    expect(decoded.errors).toEqual([]);
    expect(pairsToEntries(decoded.streams[0].pairs ?? []).at(-1)).toEqual([FCGI_DATA_LENGTH, "3"]);
  });

  it("sets KEEP_CONN and the request id", () => {
    const built = buildRequest({ ...base, requestId: 258, keepConn: true });
    if (!built.ok) throw new Error(built.error);
    expect(toHex(built.bytes.subarray(0, 16))).toBe(toHex(parseHex("0101010200080000 0001010000000000") ?? new Uint8Array(0)));
  });
});
