import { describe, expect, it } from "vitest";
import { concatBytes, encodeRecord, RecordReader, RecordType } from "../../protocol/fastcgi/index.ts";
import { FrameReader } from "./frame-reader.ts";

const enc = new TextEncoder();
const stream = (() => {
  const parts = [
    encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: enc.encode("Content-Type: text/plain\r\n\r\nhits=1\n") }),
    encodeRecord({ type: RecordType.STDERR, requestId: 1, content: enc.encode("oops\n") }, { padding: "none" }),
    encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: new Uint8Array() }),
    encodeRecord({ type: RecordType.END_REQUEST, requestId: 1, content: new Uint8Array(8) }),
  ];
  return concatBytes(parts);
})();

/** Feeds both readers the same chunks and returns what each saw, in comparable form. */
function both(chunks: Uint8Array[]) {
  const ours = new FrameReader();
  const theirs = new RecordReader();
  const a = { records: [] as number[][], errors: [] as string[] };
  const b = { records: [] as number[][], errors: [] as string[] };
  for (const c of chunks) {
    const x = ours.feed(c);
    const y = theirs.feed(c);
    a.records.push(...x.records.map((r) => [r.type, r.requestId, ...r.raw, -1, ...r.content]));
    b.records.push(...y.records.map((r) => [r.type, r.requestId, ...r.raw, -1, ...r.content]));
    a.errors.push(...x.errors.map((e) => `${e.code} ${e.offset} ${e.message}`));
    b.errors.push(...y.errors.map((e) => `${e.code} ${e.offset} ${e.message}`));
  }
  a.errors.push(...ours.finish().errors.map((e) => `${e.code} ${e.offset} ${e.message}`));
  b.errors.push(...theirs.finish().errors.map((e) => `${e.code} ${e.offset} ${e.message}`));
  return { a, b };
}

function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const i of [...at, bytes.length]) {
    out.push(bytes.slice(from, i));
    from = i;
  }
  return out;
}

describe("FrameReader", () => {
  it("splits records exactly as the protocol's RecordReader, however the input is cut", () => {
    for (let i = 0; i <= stream.length; i++) {
      for (const j of [i, Math.min(stream.length, i + 3), Math.min(stream.length, i + 9)]) {
        const { a, b } = both(cut(stream, [i, j]));
        expect(a).toEqual(b);
        expect(a.records).toHaveLength(4);
      }
    }
  });

  it("reports a lost framing and a cut-off record with the RecordReader's words", () => {
    const bad = stream.slice();
    bad[stream.length - 16] = 7; // the END_REQUEST header's version byte
    for (const chunks of [[bad], cut(bad, [5, 60]), [stream.subarray(0, 3)], [stream.subarray(0, 12)], [stream.subarray(0, stream.length - 1)]]) {
      const { a, b } = both(chunks);
      expect(a).toEqual(b);
      expect(a.errors).toHaveLength(1);
    }
  });

  it("returns views of a record that arrived whole, not copies", () => {
    const out = new FrameReader().feed(stream);
    expect(out.records.every((r) => r.raw.buffer === stream.buffer)).toBe(true);
  });
});
