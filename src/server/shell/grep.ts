/**
 * `grep` with basic (default), extended (-E) and fixed (-F) patterns and
 * the common flags: -i -v -n -c -l -h -H -r -w -o -q -s. Exit 0 on a
 * match, 1 on none, 2 on trouble, as GNU grep.
 */
import type { Command } from "./types.ts";
import { parseArgs, qf, readForText, splitLines } from "./util.ts";

/** POSIX basic regular expression to JavaScript: \( \) \{ \} \| \+ \? are the operators; bare ones are literal. */
export function breToJs(bre: string): string {
  let out = "";
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (c === "\\" && i + 1 < bre.length) {
      const d = bre[++i]!;
      out += "(){}|+?".includes(d) ? d : d === "<" || d === ">" ? "\\b" : `\\${d}`;
    } else if ("(){}|+?".includes(c)) out += `\\${c}`;
    else if (c === "[") {
      // Copy a bracket expression through; ] first in it is literal.
      const start = i;
      let j = i + 1;
      if (bre[j] === "^") j++;
      if (bre[j] === "]") j++;
      while (j < bre.length && bre[j] !== "]") j++;
      out += bre.slice(start, j + 1).replace(/\[:(\w+):\]/g, (_m, cls: string) => POSIX_CLASSES[cls] ?? "");
      i = j;
    } else out += c;
  }
  return out;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: "A-Za-z", digit: "0-9", alnum: "A-Za-z0-9", upper: "A-Z", lower: "a-z", space: "\\s", punct: "!-/:-@[-`{-~", xdigit: "0-9A-Fa-f",
};

export const grep: Command = (args, io) => {
  const p = parseArgs("grep", args, {
    flags: "ivnclLhHrREFwoqsx",
    values: "e",
    long: { "ignore-case": "i", "invert-match": "v", "line-number": "n", count: "c", "files-with-matches": "l", recursive: "r", "extended-regexp": "E", "fixed-strings": "F", quiet: "q", silent: "q", regexp: "e" },
  });
  if (!p.ok) {
    io.err(p.message.replace("Try 'grep --help'", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help'") + "\n");
    return 2;
  }
  const f = p.flags;
  const operands = [...p.operands];
  const pattern = p.values.get("e") ?? operands.shift();
  if (pattern === undefined) {
    io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  let source = f.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : f.has("E") ? pattern : breToJs(pattern);
  if (f.has("w")) source = `(?<![\\w])(?:${source})(?![\\w])`;
  if (f.has("x")) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, f.has("i") ? "gi" : "g");
  } catch {
    io.err(`grep: Invalid regular expression\n`);
    return 2;
  }
  const recursive = f.has("r") || f.has("R");
  const inputs: string[] = [];
  let status = 1;
  let trouble = false;
  // grep -r without a file searches "." and names files without the ./ prefix.
  const implicitDot = recursive && !operands.length;
  if (!operands.length) {
    if (recursive) operands.push(".");
    else if (io.stdin === null) {
      io.err("grep: reading from the keyboard isn't possible in this terminal; give a file name (or pipe into grep)\n");
      return 2;
    } else inputs.push("-");
  }
  // -r expands a directory into the files below it, named from the operand as typed.
  for (const op of operands) {
    const st = io.fs.stat(io.resolve(op));
    if (recursive && st?.type === "dir") {
      const root = io.fs.realpath(io.resolve(op));
      const base = implicitDot ? "" : op.replace(/\/+$/, "") + "/";
      for (const path of io.fs.walk(root)) if (path !== root && io.fs.stat(path)?.type === "file") inputs.push(base + path.slice(root.length + (root === "/" ? 0 : 1)));
    } else inputs.push(op);
  }
  const named = (f.has("H") || inputs.length > 1 || recursive) && !f.has("h");
  for (const name of inputs) {
    let text: string;
    if (name === "-") text = io.stdin ?? "";
    else {
      const r = readForText(io.fs, io.resolve(name));
      if (!r.ok) {
        if (!f.has("s")) io.err(`grep: ${qf(name)}: ${r.error}\n`);
        trouble = true;
        continue;
      }
      text = r.text;
    }
    const label = name === "-" ? "(standard input)" : name;
    let count = 0;
    splitLines(text).forEach((raw, i) => {
      const line = raw.replace(/\n$/, "");
      re.lastIndex = 0;
      const hit = re.test(line) !== f.has("v");
      if (!hit) return;
      count++;
      if (f.has("q") || f.has("l") || f.has("L") || f.has("c")) return;
      const prefix = (named ? `${label}:` : "") + (f.has("n") ? `${i + 1}:` : "");
      if (f.has("o") && !f.has("v")) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0]) io.out(`${prefix}${m[0]}\n`);
      } else io.out(`${prefix}${line}\n`);
    });
    if (count) status = 0;
    if (f.has("q") && count) return 0;
    if (f.has("c")) io.out(`${named ? `${label}:` : ""}${count}\n`);
    if (f.has("l") && count) io.out(`${label}\n`);
    if (f.has("L") && !count) io.out(`${label}\n`);
  }
  return trouble && !(f.has("q") && status === 0) ? 2 : status;
};
