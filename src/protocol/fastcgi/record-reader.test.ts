import { describe, expect, it } from "vitest";
import { encodeBeginRequest } from "./begin-request.ts";
import { RecordType, Role } from "./constants.ts";
import { encodeEndRequest } from "./end-request.ts";
import { parseHex, toHex } from "./hex.ts";
import { concatBytes, type DecodedRecord } from "./record.ts";
import { readAllRecords, RecordReader } from "./record-reader.ts";
import { encodeStream } from "./stream.ts";

const sample = concatBytes([
  encodeBeginRequest(1, Role.RESPONDER, false),
  encodeStream(RecordType.STDIN, 1, new Uint8Array(70000).fill(0x61)),
  encodeStream(RecordType.STDOUT, 1, new TextEncoder().encode("Content-Type: text/plain\r\n\r\nok")),
  encodeEndRequest(1, 0),
]);

function summary(records: DecodedRecord[]): string[] {
  return records.map((r) => `${r.offset}:${r.type}:${r.contentLength}:${r.paddingLength}`);
}

describe("RecordReader", () => {
  const whole = readAllRecords(sample);

  it("decodes a whole input with offsets and exact raw bytes", () => {
    expect(whole.errors).toEqual([]);
    expect(summary(whole.records)).toEqual([
      "0:1:8:0",
      "16:5:65535:1",
      "65560:5:4465:7",
      "70040:5:0:0",
      "70048:6:30:2",
      "70088:6:0:0",
      "70096:3:8:0",
    ]);
    expect(toHex(concatBytes(whole.records.map((r) => r.raw)))).toBe(toHex(sample));
  });

  it.each([1, 3, 7, 8, 9, 4096, 65536])("gives the same records when fed in %i-byte chunks", (size) => {
    const reader = new RecordReader();
    const records: DecodedRecord[] = [];
    for (let at = 0; at < sample.length; at += size) {
      const out = reader.feed(sample.subarray(at, at + size));
      expect(out.errors).toEqual([]);
      records.push(...out.records);
    }
    expect(reader.finish()).toEqual({ records: [], errors: [] });
    expect(summary(records)).toEqual(summary(whole.records));
    expect(records.map((r) => toHex(r.raw))).toEqual(whole.records.map((r) => toHex(r.raw)));
    expect(reader.offset).toBe(sample.length);
    expect(reader.buffered).toBe(0);
  });

  it("records own their bytes even when the caller reuses its buffer", () => {
    const chunk = encodeEndRequest(1, 5);
    const out = new RecordReader().feed(chunk);
    chunk.fill(0xee);
    expect(toHex(out.records[0].raw)).toBe("01030001000800000000000500000000");
  });

  it("reports a record truncated at end of input, with its offset", () => {
    const reader = new RecordReader();
    const out = reader.feed(sample.subarray(0, 16 + 8 + 100));
    expect(out.records).toHaveLength(1);
    const end = reader.finish();
    expect(end.errors).toEqual([
      {
        severity: "error",
        code: "truncated-content",
        offset: 16,
        message: "record at offset 16 (STDIN id=1) declares contentLength 65535 but only 100 content bytes follow",
      },
    ]);
    expect(reader.finish().errors).toEqual([]); // reported once
  });

  it("reports a truncated header", () => {
    const { records, errors } = readAllRecords(sample.subarray(0, 19));
    expect(records).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "truncated-header", offset: 16, message: expect.stringContaining("3 of 8 header bytes") });
  });

  it("stops at a wrong version and ignores what follows", () => {
    const bad = parseHex("0103000100080000 0000000000000000 0206000100000000 0106000100000000") ?? new Uint8Array(0);
    const reader = new RecordReader();
    const out = reader.feed(bad);
    expect(out.records).toHaveLength(1);
    expect(out.errors).toEqual([
      {
        severity: "error",
        code: "bad-version",
        offset: 16,
        message: "record at offset 16 has version 2, expected 1 (not a FastCGI record, or framing lost)",
      },
    ]);
    expect(reader.error?.code).toBe("bad-version");
    expect(reader.feed(bad)).toEqual({ records: [], errors: [] });
    expect(reader.finish()).toEqual({ records: [], errors: [] });
  });

  it("notices a wrong version from its first byte, before the header is complete", () => {
    const out = new RecordReader().feed(Uint8Array.of(0x47)); // "G" of "GET / HTTP/1.1"
    expect(out.errors[0]?.code).toBe("bad-version");
  });

  it("never throws or hangs on random garbage, whatever the chunking", () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 16;
    };
    for (let round = 0; round < 300; round++) {
      const garbage = Uint8Array.from({ length: rand() % 600 }, () => rand() & 0xff);
      // Half the rounds start like a real record so framing gets exercised.
      if (round % 2 === 0 && garbage.length > 0) garbage[0] = 1;
      const reader = new RecordReader();
      let consumed = 0;
      for (let at = 0; at < garbage.length; ) {
        const size = 1 + (rand() % 50);
        const out = reader.feed(garbage.subarray(at, at + size));
        for (const r of out.records) consumed += r.raw.length;
        at += size;
      }
      const end = reader.finish();
      expect(consumed + reader.buffered).toBeLessThanOrEqual(garbage.length);
      expect(end.records).toEqual([]);
    }
  });
});
