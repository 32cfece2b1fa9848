import { describe, expect, it } from "vitest";
import { createDefaultFs } from "../default-workspace/index.ts";
import { expandWord, glob, shellEnv } from "./expand.ts";
import { parseLine } from "./parse.ts";

const fs = createDefaultFs();

function firstWord(line: string) {
  const r = parseLine(line);
  if (!r.ok) throw new Error(r.message);
  return expandWord(r.pipelines[0]!.commands[0]!.words[0]!, shellEnv("/", null, 3));
}

describe("expandWord", () => {
  it("marks unquoted wildcards as a glob and escapes quoted ones", () => {
    expect(firstWord("*.py")).toEqual({ text: "*.py", pattern: "*.py" });
    expect(firstWord("'*'.py")).toEqual({ text: "*.py", pattern: null });
    expect(firstWord("$?")).toEqual({ text: "3", pattern: null });
  });
});

describe("glob", () => {
  it("matches names in a directory, relative or absolute, sorted", () => {
    expect(glob(fs, "/var/www/cgi-bin", "*.py")).toEqual(["env.py", "form.py", "hello.py"]);
    expect(glob(fs, "/", "/var/www/cgi-bin/[ef]*")).toEqual(["/var/www/cgi-bin/env.py", "/var/www/cgi-bin/form.py"]);
    expect(glob(fs, "/", "/etc/httpd/*/httpd.conf")).toEqual(["/etc/httpd/conf/httpd.conf"]);
  });

  it("returns nothing when nothing matches (the shell then keeps the word)", () => {
    expect(glob(fs, "/var/www/cgi-bin", "*.cgi")).toEqual([]);
  });
});
