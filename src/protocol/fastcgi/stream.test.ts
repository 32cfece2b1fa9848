import { describe, expect, it } from "vitest";
import { RecordType } from "./constants.ts";
import { toHex } from "./hex.ts";
import { readAllRecords } from "./record-reader.ts";
import { encodeStream, StreamAssembler, streamOffsetToInput, streamToRecords } from "./stream.ts";

describe("splitting a stream into records", () => {
  it("F3: 66000 zero bytes of STDIN on id 300, Go framing", () => {
    const bytes = encodeStream(RecordType.STDIN, 300, new Uint8Array(66000));
    expect(toHex(bytes.subarray(0, 8))).toBe("0105012cffff0100");
    const second = 8 + 65535 + 1;
    expect(toHex(bytes.subarray(second, second + 8))).toBe("0105012c01d10700");
    const third = second + 8 + 465 + 7;
    expect(toHex(bytes.subarray(third))).toBe("0105012c00000000");
    expect(bytes.length).toBe(third + 8);
  });

  it("cuts at the chosen size: mod_proxy_fcgi's 8192 and nginx's 32768 for 100000 bytes", () => {
    const body = new Uint8Array(100000);
    const sizes = (max: number) => streamToRecords(RecordType.STDIN, 1, body, { maxContentLength: max }).map((r) => r.content.length);
    expect(sizes(8192)).toEqual([...Array(12).fill(8192), 1696, 0]);
    expect(sizes(32768)).toEqual([32768, 32768, 32768, 1696, 0]);
  });

  it("an empty stream is just the terminator; terminate:false leaves it open", () => {
    expect(toHex(encodeStream(RecordType.STDIN, 1, new Uint8Array(0)))).toBe("0105000100000000");
    expect(streamToRecords(RecordType.STDOUT, 1, new Uint8Array(3), { terminate: false })).toHaveLength(1);
  });

  it("rejects record sizes outside 1..65535", () => {
    expect(() => streamToRecords(RecordType.STDIN, 1, new Uint8Array(1), { maxContentLength: 0 })).toThrow(RangeError);
    expect(() => streamToRecords(RecordType.STDIN, 1, new Uint8Array(1), { maxContentLength: 65536 })).toThrow(RangeError);
  });
});

describe("StreamAssembler", () => {
  const data = Uint8Array.from({ length: 20 }, (_, i) => i);

  it("reassembles per (requestId, type) regardless of interleaving", () => {
    const a = encodeStream(RecordType.STDOUT, 1, data, { maxContentLength: 7, padding: "none" });
    const b = encodeStream(RecordType.STDERR, 1, Uint8Array.of(9, 9), { padding: "none" });
    const { records } = readAllRecords(new Uint8Array([...a.subarray(0, 15), ...b, ...a.subarray(15)]));
    const assembler = new StreamAssembler();
    const done = records.map((r) => assembler.push(r)).filter((s) => s !== undefined);
    expect(done.map((s) => [s.type, Array.from(s.content)])).toEqual([
      [RecordType.STDERR, [9, 9]],
      [RecordType.STDOUT, Array.from(data)],
    ]);
    const stdout = done[1];
    expect(stdout.segments.map((s) => s.length)).toEqual([7, 7, 6]);
    expect(stdout.terminated).toBe(true);
    // stream byte 8 is the second byte of the second record's content
    expect(streamOffsetToInput(stdout, 8)).toBe(stdout.segments[1].inputOffset + 1);
  });

  it("a record after the terminator starts a new stream (KEEP_CONN reuses id 1)", () => {
    const one = encodeStream(RecordType.STDIN, 1, Uint8Array.of(1));
    const two = encodeStream(RecordType.STDIN, 1, Uint8Array.of(2), { terminate: false });
    const assembler = new StreamAssembler();
    for (const r of readAllRecords(new Uint8Array([...one, ...two])).records) assembler.push(r);
    const streams = assembler.streams();
    expect(streams.map((s) => [Array.from(s.content), s.terminated])).toEqual([
      [[1], true],
      [[2], false],
    ]);
    expect(streams[0].endOffset).toBe(16);
    expect(streams[1].firstOffset).toBe(24);
  });
});
