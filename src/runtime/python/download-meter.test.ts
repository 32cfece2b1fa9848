import { describe, expect, it } from "vitest";
import { DownloadMeter, type DownloadProgress } from "./download-meter.ts";

function body(chunks: number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const n of chunks) c.enqueue(new Uint8Array(n));
      c.close();
    },
  });
}

const last = (seen: DownloadProgress[]) => seen[seen.length - 1];

describe("DownloadMeter", () => {
  it("counts bytes as they are read, against the sizes the servers gave", async () => {
    const seen: DownloadProgress[] = [];
    const m = new DownloadMeter((p) => seen.push(p));
    const a = m.track("/a", new Response(body([10, 20]), { headers: { "Content-Length": "30" } }));
    const b = m.track("/b", new Response(body([5]), { headers: { "Content-Length": "5" } }));
    expect(last(seen)).toEqual({ loaded: 0, total: 35, pending: 2 });
    expect((await a.arrayBuffer()).byteLength).toBe(30);
    expect(last(seen)).toEqual({ loaded: 30, total: 35, pending: 1 });
    await b.arrayBuffer();
    expect(last(seen)).toEqual({ loaded: 35, total: 35, pending: 0 });
    // Every report in between is a step forward, never past the total.
    for (const p of seen) expect(p.loaded).toBeLessThanOrEqual(35);
  });

  it("leaves the total unknown while a compressed or unsized download is on its way", async () => {
    const seen: DownloadProgress[] = [];
    const m = new DownloadMeter((p) => seen.push(p));
    // Content-Length of a gzip body counts compressed bytes; the body reads decoded ones.
    const gz = m.track("/gz", new Response(body([100]), { headers: { "Content-Length": "40", "Content-Encoding": "gzip" } }));
    const unsized = m.track("/chunked", new Response(body([7])));
    expect(last(seen).total).toBeNull();
    await gz.arrayBuffer();
    expect(last(seen)).toMatchObject({ loaded: 100, total: null, pending: 1 });
    await unsized.arrayBuffer();
    // Once all are read, the total is what they had.
    expect(last(seen)).toEqual({ loaded: 107, total: 107, pending: 0 });
  });

  it("keep: gives back the response itself and counts a copy of its body", async () => {
    const seen: DownloadProgress[] = [];
    const m = new DownloadMeter((p) => seen.push(p));
    const original = new Response(body([64, 64]), { headers: { "Content-Length": "128", "Content-Type": "application/wasm" } });
    const r = m.track("/x.wasm", original, { keep: true });
    expect(r).toBe(original);
    expect((await r.arrayBuffer()).byteLength).toBe(128);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the copy is read behind
    expect(last(seen)).toEqual({ loaded: 128, total: 128, pending: 0 });
  });

  it("keeps status and headers on the counted response", async () => {
    const m = new DownloadMeter(() => {});
    const r = m.track("/y", new Response(body([3]), { status: 203, statusText: "Meh", headers: { "Content-Type": "text/x-test" } }));
    expect([r.status, r.statusText, r.headers.get("Content-Type")]).toEqual([203, "Meh", "text/x-test"]);
    expect(new Uint8Array(await r.arrayBuffer())).toHaveLength(3);
  });
});
