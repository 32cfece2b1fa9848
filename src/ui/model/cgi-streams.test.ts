import { describe, expect, it } from "vitest";
import type { CgiCapture } from "../../server/exchange.ts";
import { cgiSegments, groupSegments } from "./cgi-streams.ts";
import { visibleText } from "./bytes.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function capture(partial: Partial<CgiCapture>): CgiCapture {
  return {
    script: "/var/www/cgi-bin/t.py", argv: [], cwd: "/", env: [], stdin: new Uint8Array(), chunks: [],
    bodyOffset: null, end: { kind: "exit", code: 0 }, warmStart: false, durationMs: 1, ...partial,
  };
}

describe("cgiSegments", () => {
  it("splits the stdout chunk that holds the header/body boundary and keeps stderr in order", () => {
    const head = "Content-Type: text/plain\n\n";
    const segs = cgiSegments(
      capture({
        stdin: enc("a=1"),
        chunks: [
          { stream: "stdout", bytes: enc(head + "hi"), t: 1 },
          { stream: "stderr", bytes: enc("warn\n"), t: 2 },
          { stream: "stdout", bytes: enc("!"), t: 3 },
        ],
        bodyOffset: head.length,
      }),
    );
    expect(segs.map((s) => [s.stream, s.part ?? "", s.bytes.length])).toEqual([
      ["stdin", "", 3],
      ["stdout", "headers", head.length],
      ["stdout", "body", 2],
      ["stderr", "", 5],
      ["stdout", "body", 1],
    ]);
    expect(segs[2].start).toBe(3 + head.length);
    expect(segs[4].start).toBe(3 + head.length + 2 + 5);
  });

  it("treats everything as headers when the blank line never came", () => {
    const segs = cgiSegments(capture({ chunks: [{ stream: "stdout", bytes: enc("Content-Type: text/html\n<p>"), t: 0 }] }));
    expect(segs).toHaveLength(1);
    expect(segs[0].part).toBe("headers");
  });

  it("shows line ends", () => {
    expect(visibleText(enc("a\r\nb\tc\x01"))).toBe("a\\r\\n\nb\\tc\\x01");
  });
});

describe("groupSegments", () => {
  it("merges consecutive writes of one stream and keeps interleaving", () => {
    const head = "Content-Type: text/plain\n";
    const groups = groupSegments(
      cgiSegments(
        capture({
          chunks: [
            { stream: "stdout", bytes: enc(head), t: 1 },
            { stream: "stdout", bytes: enc("\n"), t: 1.5 },
            { stream: "stdout", bytes: enc("a\n"), t: 2 },
            { stream: "stdout", bytes: enc("b\n"), t: 3 },
            { stream: "stderr", bytes: enc("oops\n"), t: 4 },
            { stream: "stdout", bytes: enc("c\n"), t: 5 },
          ],
          bodyOffset: head.length + 1,
        }),
      ),
    );
    expect(groups.map((g) => [g.stream, g.part ?? "", g.writes, new TextDecoder().decode(g.bytes)])).toEqual([
      ["stdout", "headers", 2, head + "\n"],
      ["stdout", "body", 2, "a\nb\n"],
      ["stderr", "", 1, "oops\n"],
      ["stdout", "body", 1, "c\n"],
    ]);
    expect(groups[1].start).toBe(head.length + 1);
  });
});
