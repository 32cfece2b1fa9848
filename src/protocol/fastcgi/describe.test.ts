import { describe, expect, it } from "vitest";
import { encodeBeginRequest } from "./begin-request.ts";
import { ProtocolStatus, RecordType, Role } from "./constants.ts";
import { describeRecord, recordFieldRanges } from "./describe.ts";
import { encodeEndRequest } from "./end-request.ts";
import { parseHex } from "./hex.ts";
import { encodeGetValues, encodeGetValuesResult, encodeUnknownType } from "./management.ts";
import { encodeNameValuePairs } from "./name-value-pairs.ts";
import { type DecodedRecord, decodeRecord, encodeRecord } from "./record.ts";

function one(bytes: Uint8Array): DecodedRecord {
  const r = decodeRecord(bytes);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe("describeRecord", () => {
  it("summarises each kind of record on one line", () => {
    const params = encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: new Uint8Array(512) });
    const cases: [Uint8Array, string][] = [
      [encodeBeginRequest(1, Role.RESPONDER, false), "BEGIN_REQUEST id=1 role=RESPONDER flags=0"],
      [encodeBeginRequest(2, Role.FILTER, true), "BEGIN_REQUEST id=2 role=FILTER flags=1(KEEP_CONN)"],
      [encodeEndRequest(1, 0), "END_REQUEST id=1 appStatus=0 protocolStatus=REQUEST_COMPLETE"],
      [encodeEndRequest(2, 0, ProtocolStatus.CANT_MPX_CONN), "END_REQUEST id=2 appStatus=0 protocolStatus=CANT_MPX_CONN"],
      [params, "PARAMS id=1 512 B"],
      [encodeRecord({ type: RecordType.STDIN, requestId: 1, content: new Uint8Array(0) }), "STDIN id=1 0 B (end of stream)"],
      [encodeRecord({ type: RecordType.ABORT_REQUEST, requestId: 1, content: new Uint8Array(0) }), "ABORT_REQUEST id=1"],
      [encodeGetValues(["FCGI_MAX_CONNS", "FCGI_MPXS_CONNS"]), "GET_VALUES id=0 FCGI_MAX_CONNS FCGI_MPXS_CONNS"],
      [encodeGetValuesResult([["FCGI_MPXS_CONNS", "0"]]), "GET_VALUES_RESULT id=0 FCGI_MPXS_CONNS=0"],
      [encodeUnknownType(12), "UNKNOWN_TYPE id=0 type=12"],
      [encodeRecord({ type: 42, requestId: 0, content: new Uint8Array(3) }), "TYPE_42 id=0 3 B"],
      [parseHex("0101000100020000 0001") ?? new Uint8Array(0), "BEGIN_REQUEST id=1 malformed body (2 B)"],
    ];
    for (const [bytes, text] of cases) expect(describeRecord(one(bytes))).toBe(text);
  });
});

describe("recordFieldRanges", () => {
  it("gives header, body and padding ranges for END_REQUEST", () => {
    const ranges = recordFieldRanges(one(encodeEndRequest(1, 938)));
    expect(ranges.map((r) => [r.name, r.start, r.end])).toEqual([
      ["version", 0, 1],
      ["type", 1, 2],
      ["requestId", 2, 4],
      ["contentLength", 4, 6],
      ["paddingLength", 6, 7],
      ["reserved", 7, 8],
      ["content", 8, 16],
      ["appStatus", 8, 12],
      ["protocolStatus", 12, 13],
      ["reserved", 13, 16],
    ]);
    expect(ranges.find((r) => r.name === "appStatus")?.detail).toBe("938");
  });

  it("gives role and flags for BEGIN_REQUEST", () => {
    const ranges = recordFieldRanges(one(encodeBeginRequest(1, Role.RESPONDER, true)));
    expect(ranges.filter((r) => r.kind === "body").map((r) => [r.name, r.start, r.end, r.detail])).toEqual([
      ["role", 8, 10, "RESPONDER"],
      ["flags", 10, 11, "KEEP_CONN"],
      ["reserved", 11, 16, undefined],
    ]);
  });

  it("gives each PARAMS pair's range and its parts, then padding", () => {
    const content = encodeNameValuePairs([
      ["SERVER_PORT", "80"],
      ["X", "y".repeat(200)],
    ]);
    const ranges = recordFieldRanges(one(encodeRecord({ type: RecordType.PARAMS, requestId: 1, content })));
    const pairs = ranges.filter((r) => r.kind === "pair");
    expect(pairs.map((r) => [r.start, r.end, r.detail?.slice(0, 14)])).toEqual([
      [8, 23, "SERVER_PORT=80"],
      [23, 23 + 1 + 4 + 1 + 200, "X=yyyyyyyyyyyy"],
    ]);
    const second = ranges.filter((r) => r.kind === "pair-field").slice(4);
    expect(second.map((r) => [r.name, r.start, r.end])).toEqual([
      ["nameLength", 23, 24],
      ["valueLength", 24, 28],
      ["name", 28, 29],
      ["value", 29, 229],
    ]);
    const padding = ranges.at(-1);
    expect(padding).toMatchObject({ name: "padding", start: 229, end: 232 });
  });

  it("marks a pair cut off at the end of a record as a fragment", () => {
    const content = encodeNameValuePairs([["NAME", "value"]]).subarray(0, 6);
    const ranges = recordFieldRanges(one(encodeRecord({ type: RecordType.PARAMS, requestId: 1, content }, { padding: "none" })));
    expect(ranges.filter((r) => r.kind === "pair")).toEqual([
      expect.objectContaining({ name: "fragment", start: 8, end: 14 }),
    ]);
  });
});
