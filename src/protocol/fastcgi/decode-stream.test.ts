import { describe, expect, it } from "vitest";
import { captureBytes, captureDecoded, captureFiles } from "./capture-fixtures.ts";
import { recordTypeName, RecordType } from "./constants.ts";
import { decodeFcgiStream } from "./decode-stream.ts";
import { parseHex } from "./hex.ts";
import { encodeNameValuePairs, pairsToEntries } from "./name-value-pairs.ts";
import { concatBytes, encodeRecord } from "./record.ts";

const hex = (text: string): Uint8Array => parseHex(text) ?? new Uint8Array(0);
const asciiHex = (text: string): string => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");

// F6 (Go streamBeginTypeStdin): BEGIN, two PARAMS records, end of PARAMS, 16 bytes of STDIN.
const F6 = [
  "0101000100080000 0001000000000000",
  `0104000100130000 0e03${asciiHex("REQUEST_METHODGET")}`,
  `0104000100190000 0f08${asciiHex("SERVER_PROTOCOLHTTP/1.1")}`,
  "0104000100000000",
  `0105000100100000 ${asciiHex("0123456789abcdef")}`,
].join(" ");

describe("decodeFcgiStream on conformance vectors", () => {
  it("F6: reassembles PARAMS from two records and leaves STDIN open", () => {
    const r = decodeFcgiStream(hex(F6));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => recordTypeName(x.type))).toEqual(["BEGIN_REQUEST", "PARAMS", "PARAMS", "PARAMS", "STDIN"]);
    const params = r.streams.find((s) => s.type === RecordType.PARAMS);
    expect(params?.terminated).toBe(true);
    expect(pairsToEntries(params?.pairs ?? [])).toEqual([
      ["REQUEST_METHOD", "GET"],
      ["SERVER_PROTOCOL", "HTTP/1.1"],
    ]);
    const stdin = r.streams.find((s) => s.type === RecordType.STDIN);
    expect(new TextDecoder().decode(stdin?.content)).toBe("0123456789abcdef");
    expect(r.notes).toEqual([
      expect.objectContaining({ code: "stream-not-terminated", offset: 84, message: expect.stringContaining("STDIN stream for request id 1") }),
    ]);
  });

  it("F6 + ABORT_REQUEST decodes cleanly", () => {
    const r = decodeFcgiStream(hex(`${F6} 0102000100000000`));
    expect(r.errors).toEqual([]);
    expect(r.records.at(-1)?.type).toBe(RecordType.ABORT_REQUEST);
  });

  it("F6 truncated in the middle of STDIN is an error at that record", () => {
    const bytes = hex(F6);
    const r = decodeFcgiStream(bytes.subarray(0, bytes.length - 5));
    expect(r.errors).toEqual([
      expect.objectContaining({ code: "truncated-content", offset: 84, message: expect.stringContaining("contentLength 16 but only 11") }),
    ]);
    expect(r.records).toHaveLength(4);
  });

  it("F7: malformed params give an error located in the input, not an exception", () => {
    const r = decodeFcgiStream(hex("0101000100080000 0001010000000000 01040001000a0000 3232030405060708 090a 0104000100000000"));
    expect(r.errors).toEqual([
      {
        severity: "error",
        code: "nv-length-past-end",
        offset: 24,
        message:
          "PARAMS stream for request id 1: name-value pair at stream byte 0 declares a 50-byte name and a 50-byte value, but only 8 bytes follow",
      },
    ]);
    expect(r.streams[0].pairs).toEqual([]);
  });

  it("F4: Go's GET_VALUES_RESULT plus its extra empty record decode without errors", () => {
    const r = decodeFcgiStream(hex("010a000000120600 0f01464347495f4d 5058535f434f4e4e 5331000000000000 010a000000000000"));
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.streams).toEqual([]);
  });

  it("F10: UNKNOWN_TYPE and an unknown type 12 on id 0", () => {
    const r = decodeFcgiStream(hex("010b000000080000 0c00000000000000 010c000000000000"));
    expect(r.errors).toEqual([]);
    expect(r.notes.map((n) => n.code)).toEqual(["unknown-type"]);
    expect(r.notes[0].message).toContain("an app answers UNKNOWN_TYPE");
  });
});

describe("decodeFcgiStream notes and body checks", () => {
  it("notes a pair split across PARAMS records (flup decodes per record, D5)", () => {
    const content = encodeNameValuePairs([
      ["A", "1"],
      ["LONG_NAME", "value"],
    ]);
    const bytes = concatBytes([
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: content.subarray(0, 6) }),
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: content.subarray(6) }),
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: new Uint8Array(0) }),
    ]);
    const r = decodeFcgiStream(bytes);
    expect(r.errors).toEqual([]);
    expect(pairsToEntries(r.streams[0].pairs ?? [])).toEqual([
      ["A", "1"],
      ["LONG_NAME", "value"],
    ]);
    expect(r.notes).toEqual([
      expect.objectContaining({ code: "pair-split-across-records", offset: 12, message: expect.stringContaining("pair LONG_NAME is split across 2 records") }),
    ]);
  });

  it("errors on wrong-sized BEGIN/END bodies and notes odd headers", () => {
    const r = decodeFcgiStream(hex("0101000100030500 000100 0000ff0000 0103000000080001 0000000000000000 0109000100000000"));
    expect(r.errors.map((e) => [e.code, e.offset])).toEqual([["bad-body-length", 8]]);
    expect(r.notes.map((n) => [n.code, n.offset])).toEqual([
      ["nonzero-padding", 11],
      ["request-id-mismatch", 18],
      ["nonzero-reserved", 23],
      ["request-id-mismatch", 34],
    ]);
  });

  it("empty input decodes to nothing", () => {
    expect(decodeFcgiStream(new Uint8Array(0))).toEqual({ records: [], streams: [], errors: [], notes: [] });
  });
});

describe("live captures (peers/fcgi-captures)", () => {
  const files = captureFiles();

  it("has the request and reply captures", () => {
    expect(files.length).toBe(26);
  });

  it.each(files)("%s decodes with no errors or notes, matching the capture tool's record list", (file) => {
    const r = decodeFcgiStream(captureBytes(file));
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual([]);
    expect(r.streams.every((s) => s.terminated)).toBe(true);
    const expected = captureDecoded(file);
    expect(
      r.records.map((x) => ({
        offset: x.offset,
        version: x.version,
        typeName: recordTypeName(x.type),
        requestId: x.requestId,
        contentLength: x.contentLength,
        paddingLength: x.paddingLength,
        reserved: x.reserved,
      })),
    ).toEqual(expected.records);
  });

  it.each(files.filter((f) => !f.includes(".reply.")))("%s: params equal the decoded.txt list, in order", (file) => {
    const r = decodeFcgiStream(captureBytes(file));
    const params = r.streams.filter((s) => s.type === RecordType.PARAMS);
    expect(params).toHaveLength(1);
    const expected = captureDecoded(file).params;
    expect(expected.length).toBeGreaterThan(5);
    expect(pairsToEntries(params[0].pairs ?? [])).toEqual(expected);
  });

  it("the 100 000-byte POST bodies reassemble identically from nginx and Apache", () => {
    const stdin = (file: string) => decodeFcgiStream(captureBytes(file)).streams.find((s) => s.type === RecordType.STDIN);
    const nginx = stdin("nginx_post_100k.hex");
    const apache = stdin("apache_post_100k.hex");
    expect(nginx?.content.length).toBe(100000);
    expect(nginx?.segments.map((s) => s.length)).toEqual([32768, 32768, 32768, 1696]);
    expect(apache?.segments.map((s) => s.length)).toEqual([...Array(12).fill(8192), 1696]);
    expect(apache?.content).toEqual(nginx?.content);
  });
});
