import { describe, expect, it } from "vitest";
import { AprTable } from "./apr-table.ts";

describe("AprTable", () => {
  it("set replaces the first entry in place and drops later ones, keeping the first spelling", () => {
    const t = new AprTable([["A", "1"], ["b", "2"], ["a", "3"]]);
    t.set("a", "x");
    expect(t.toArray()).toEqual([["A", "x"], ["b", "2"]]);
    t.set("C", "4");
    expect(t.toArray()).toEqual([["A", "x"], ["b", "2"], ["C", "4"]]);
  });

  it("overlapSet keeps first positions with last values", () => {
    const t = new AprTable([["PATH", "/mine"], ["X", "1"]]);
    t.overlapSet(new AprTable([["Y", "2"], ["path", "/server"]]));
    expect(t.toArray()).toEqual([["PATH", "/server"], ["X", "1"], ["Y", "2"]]);
  });

  it("gets, unsets and counts case-insensitively", () => {
    const t = new AprTable([["Location", "/a"]]);
    expect(t.get("LOCATION")).toBe("/a");
    t.add("location", "/b");
    expect(t.size).toBe(2);
    t.unset("Location");
    expect(t.size).toBe(0);
  });
});
