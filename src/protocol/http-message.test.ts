import { describe, expect, it } from "vitest";
import { asciiLower, headerValue, mergeHeaderFields, withoutHeader } from "./http-message.ts";

describe("http-message helpers", () => {
  it("merges repeated fields like Apache's request reader (A3)", () => {
    expect(mergeHeaderFields([["X-Foo", "1"], ["Cookie", "a=1"], ["x-foo", "4"], ["Cookie", "b=2"]])).toEqual([
      ["X-Foo", "1, 4"],
      ["Cookie", "a=1, b=2"],
    ]);
  });

  it("lower-cases ASCII only", () => {
    expect(asciiLower("Content-TYPE\xc0")).toBe("content-type\xc0");
  });

  it("finds and removes headers case-insensitively", () => {
    const h: [string, string][] = [["A", "1"], ["b", "2"]];
    expect(headerValue(h, "B")).toBe("2");
    expect(withoutHeader(h, "a")).toEqual([["b", "2"]]);
  });
});
