/** Splits a CGI capture into the segments the Protocol pane lists. */
import type { CgiCapture } from "../../server/exchange.ts";

export interface StreamSegment {
  stream: "stdin" | "stdout" | "stderr";
  /** Where the bytes sit in the concatenation of all segments (for the hex view). */
  start: number;
  bytes: Uint8Array;
  /** ms since the process started (stdin: 0). */
  t: number;
  /** For stdout: which part of the CGI response these bytes are. */
  part?: "headers" | "body";
  /** The index of the chunk in the capture (a chunk split at the boundary gives two segments). */
  chunk: number;
}

/**
 * stdin first, then each write in the order it happened. A stdout chunk that
 * holds the end of the headers is split there, so the boundary is visible.
 */
export function cgiSegments(cgi: CgiCapture): StreamSegment[] {
  const out: StreamSegment[] = [];
  let at = 0;
  if (cgi.stdin.length) {
    out.push({ stream: "stdin", start: 0, bytes: cgi.stdin, t: 0, chunk: -1 });
    at = cgi.stdin.length;
  }
  let stdoutAt = 0;
  const boundary = cgi.bodyOffset;
  cgi.chunks.forEach((c, i) => {
    if (c.stream === "stderr") {
      out.push({ stream: "stderr", start: at, bytes: c.bytes, t: c.t, chunk: i });
      at += c.bytes.length;
      return;
    }
    const from = stdoutAt;
    const to = stdoutAt + c.bytes.length;
    stdoutAt = to;
    if (boundary === null) {
      out.push({ stream: "stdout", start: at, bytes: c.bytes, t: c.t, part: "headers", chunk: i });
    } else if (boundary <= from) {
      out.push({ stream: "stdout", start: at, bytes: c.bytes, t: c.t, part: "body", chunk: i });
    } else if (boundary >= to) {
      out.push({ stream: "stdout", start: at, bytes: c.bytes, t: c.t, part: "headers", chunk: i });
    } else {
      const cut = boundary - from;
      out.push({ stream: "stdout", start: at, bytes: c.bytes.subarray(0, cut), t: c.t, part: "headers", chunk: i });
      out.push({ stream: "stdout", start: at + cut, bytes: c.bytes.subarray(cut), t: c.t, part: "body", chunk: i });
    }
    at += c.bytes.length;
  });
  return out;
}

/** Consecutive writes to the same stream (and the same part of stdout), shown as one block. */
export interface SegmentGroup {
  stream: StreamSegment["stream"];
  part?: StreamSegment["part"];
  start: number;
  bytes: Uint8Array;
  /** How many writes (chunks) the block holds. */
  writes: number;
  t: number;
  tEnd: number;
}

export function groupSegments(segments: readonly StreamSegment[]): SegmentGroup[] {
  const out: SegmentGroup[] = [];
  let parts: Uint8Array[] = [];
  const close = () => {
    const g = out[out.length - 1];
    if (!g || parts.length === 0) return;
    const size = parts.reduce((n, p) => n + p.length, 0);
    g.bytes = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      g.bytes.set(p, at);
      at += p.length;
    }
    parts = [];
  };
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.stream === s.stream && last.part === s.part && s.stream !== "stdin") {
      parts.push(s.bytes);
      last.writes++;
      last.tEnd = s.t;
      continue;
    }
    close();
    out.push({ stream: s.stream, part: s.part, start: s.start, bytes: s.bytes, writes: 1, t: s.t, tEnd: s.t });
    parts = [s.bytes];
  }
  close();
  return out;
}
