import { describe, expect, it } from "vitest";
import { probes } from "./fixtures/reference.ts";
import { isNphScript, scriptBasename } from "./nph.ts";

describe("nph- scripts", () => {
  it("recognises them by basename, case-sensitively", () => {
    expect(isNphScript("/usr/lib/cgi-bin/nph-raw.py")).toBe(true);
    expect(isNphScript("/usr/lib/cgi-bin/NPH-raw.py")).toBe(false);
    expect(isNphScript("/usr/lib/nph-dir/raw.py")).toBe(false);
    expect(scriptBasename("/a/b/c.py")).toBe("c.py");
  });

  it("are sent untouched: the live server added nothing to nph-raw.py's output", () => {
    expect(probes.nph.response).toBe(probes.nph.stdout);
  });
});
