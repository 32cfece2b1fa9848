import { describe, expect, it } from "vitest";
import { expandWord, shellEnv } from "./expand.ts";
import { parseLine, type Pipeline } from "./parse.ts";

/** The words of each command, with no variables set. */
function words(line: string): string[][] {
  const r = parseLine(line);
  if (!r.ok) throw new Error(r.message);
  const env = shellEnv("/var/www/cgi-bin", null, 0);
  return r.pipelines.flatMap((p: Pipeline) => p.commands.map((c) => c.words.map((w) => expandWord(w, env).text)));
}

describe("parseLine", () => {
  it("splits words and honours single quotes, double quotes and backslashes", () => {
    expect(words(`echo 'a  b' "c \\"d\\"" e\\ f`)).toEqual([["echo", "a  b", 'c "d"', "e f"]]);
    expect(words(`echo 'it'"'"'s'`)).toEqual([["echo", "it's"]]);
    expect(words(`echo ""`)).toEqual([["echo", ""]]);
  });

  it("expands ~ at the start of a word only, and $VAR outside single quotes", () => {
    expect(words("cd ~/x ~ a~b")).toEqual([["cd", "/root/x", "/root", "a~b"]]);
    expect(words(`echo $HOME "$PWD" '$HOME' \${USER}`)).toEqual([["echo", "/root", "/var/www/cgi-bin", "$HOME", "root"]]);
  });

  it("splits chains, pipes and redirections", () => {
    const r = parseLine("chmod a+x t.py && ls -l t.py; cat x | grep y > out 2>&1 || echo no");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pipelines.map((p) => [p.commands.length, p.next])).toEqual([[1, "&&"], [1, ";"], [2, "||"], [1, null]]);
    expect(r.pipelines[2]!.commands[1]!.redirects.map((x) => [x.fd, x.mode])).toEqual([[1, "write"], [2, "dup"]]);
  });

  it("ignores a comment and a trailing semicolon", () => {
    expect(words("ls # list files")).toEqual([["ls"]]);
    expect(words("ls;")).toEqual([["ls"]]);
  });

  it("reports bash's errors for unterminated quotes and stray operators", () => {
    expect(parseLine(`echo "abc`)).toEqual({ ok: false, message: "bash: unexpected EOF while looking for matching `\"'" });
    expect(parseLine("echo 'abc")).toEqual({ ok: false, message: "bash: unexpected EOF while looking for matching `''" });
    expect(parseLine("&& ls")).toEqual({ ok: false, message: "bash: syntax error near unexpected token `&&'" });
    expect(parseLine("echo >")).toEqual({ ok: false, message: "bash: syntax error near unexpected token `newline'" });
    expect(parseLine("ls &&")).toEqual({ ok: false, message: "bash: syntax error: unexpected end of file" });
  });

  it("refuses what it does not implement rather than misreading it", () => {
    for (const line of ["echo $(date)", "echo `date`", "sleep 1 &", "cat <<EOF", "(cd /)"]) {
      const r = parseLine(line);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/isn't supported in this terminal/);
    }
  });
});
