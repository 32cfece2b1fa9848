import { describe, expect, it } from "vitest";
import { checkResponseHeaders } from "./response-header-check.ts";

describe("checkResponseHeaders (check_headers, HttpProtocolOptions Strict)", () => {
  it("passes tokens and visible values, obs-text and tabs included", () => {
    expect(checkResponseHeaders([["X-A!#$%&'*+-.^_`|~", "a\tb \xff"], ["Set-Cookie", "a=1"]])).toBeUndefined();
  });

  it("refuses an empty name, a non-token name and a value with a CTL, first one wins", () => {
    expect(checkResponseHeaders([["", "v"]])?.message).toBe("AH02428: Empty response header name, aborting request");
    expect(checkResponseHeaders([["X A", "v"], ["", "v"]])?.message).toBe("AH02429: Response header name 'X A' contains invalid characters, aborting request");
    expect(checkResponseHeaders([["X\xffA", "v"]])?.message).toBe("AH02429: Response header name 'X\xffA' contains invalid characters, aborting request");
    expect(checkResponseHeaders([["X-A", "a\x7fb"]])).toEqual({
      module: "http",
      level: "error",
      message: "AH02430: Response header 'X-A' value of 'a\x7fb' contains invalid characters, aborting request",
    });
  });

  it("tolerates obsolete folding and only asks for visible names when Unsafe", () => {
    expect(checkResponseHeaders([["X", "a\r\n  b"]])).toBeUndefined();
    expect(checkResponseHeaders([["X", "a\r\nb"]])?.message).toContain("value of 'a\r\nb'");
    expect(checkResponseHeaders([["X(A)", "v"]], false)).toBeUndefined();
    expect(checkResponseHeaders([["X A", "v"]], false)).toBeDefined();
  });
});
