import { describe, expect, it } from "vitest";
import { checkCounts } from "./check-counts.ts";

const fcgi = (counts: (number | null)[]) => ({ mode: "fastcgi" as const, counts, interpretersUsed: 0, startMs: 100 });

describe("checkCounts", () => {
  it("accepts FastCGI counters that went up by one, also when requests in flight finished out of order", () => {
    expect(checkCounts(fcgi([2, 3, 4, 5]))).toMatchObject({ ok: true, text: expect.stringContaining("hits went 2 → 5 (hit 1 was the request") });
    expect(checkCounts(fcgi([3, 2, 5, 4])).ok).toBe(true);
  });
  it("rejects a repeated or missing counter (a restart, a second process) and a response without one", () => {
    expect(checkCounts(fcgi([2, 3, 1, 2])).ok).toBe(false);
    expect(checkCounts(fcgi([2, 3, 5])).ok).toBe(false);
    expect(checkCounts(fcgi([2, null, 3])).ok).toBe(false);
  });
  it("wants hits=1 from every CGI response", () => {
    expect(checkCounts({ mode: "cgi", counts: [1, 1], interpretersUsed: 2, startMs: null }).ok).toBe(true);
    expect(checkCounts({ mode: "cgi", counts: [1, 2], interpretersUsed: 1, startMs: null }).ok).toBe(false);
  });
});
