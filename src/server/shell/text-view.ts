/**
 * `cat`, `head`, `tail` and `wc`: reading files (or piped input) as
 * coreutils does, with its messages. `tail -f` cannot follow in a
 * one-shot terminal, so it says so and prints the last lines.
 */
import { basename } from "../vfs.ts";
import type { Command, CommandIo } from "./types.ts";
import { parseArgs, qf, q, readForText, splitLines } from "./util.ts";

/** A hint after the exact error when someone tails a log from the wrong directory. */
function logHint(file: string): string {
  const name = basename(file);
  return /^(error|access)_log$/.test(name) && !file.includes("/")
    ? `(httpd writes its logs in /var/log/httpd: try tail /var/log/httpd/${name})\n`
    : "";
}

/** No file and no pipe: a real cat would wait for typing, which this terminal cannot do. */
function noTerminalInput(io: CommandIo, prog: string): number {
  io.err(`${prog}: reading from the keyboard isn't possible in this terminal; give a file name (or pipe into ${prog})\n`);
  return 1;
}

export const cat: Command = (args, io) => {
  const p = parseArgs("cat", args, { flags: "nAEsv", long: { number: "n" } });
  if (!p.ok) {
    io.err(p.message + "\n");
    return 1;
  }
  const files = p.operands.length ? p.operands : ["-"];
  let status = 0;
  let text = "";
  for (const f of files) {
    if (f === "-") {
      if (io.stdin === null) return noTerminalInput(io, "cat");
      text += io.stdin;
      continue;
    }
    const r = readForText(io.fs, io.resolve(f));
    if (!r.ok) {
      io.out(text);
      text = "";
      io.err(`cat: ${qf(f)}: ${r.error}\n`);
      status = 1;
    } else text += r.text;
  }
  if (p.flags.has("n")) text = splitLines(text).map((l, i) => `${String(i + 1).padStart(6)}\t${l}`).join("");
  io.out(text);
  return status;
};

/** -n N / -N / -n +N / -c N, shared by head and tail. */
function countArgs(args: string[]): { args: string[]; count?: string } {
  const out: string[] = [];
  let count: string | undefined;
  for (const a of args) {
    if (/^-\d+$/.test(a)) count = a.slice(1);
    else out.push(a);
  }
  return { args: out, count };
}

function headTail(prog: "head" | "tail"): Command {
  return (rawArgs, io) => {
    const { args, count } = countArgs(rawArgs);
    const p = parseArgs(prog, args, { flags: prog === "tail" ? "qvfF" : "qv", values: "nc", long: { lines: "n", bytes: "c", follow: "f", quiet: "q", silent: "q", verbose: "v" } });
    if (!p.ok) {
      io.err(p.message + "\n");
      return 1;
    }
    const spec = p.values.get("n") ?? count ?? "10";
    const bytes = p.values.get("c");
    const m = /^([+-]?)(\d+)$/.exec(bytes ?? spec);
    if (!m) {
      io.err(`${prog}: invalid number of ${bytes !== undefined ? "bytes" : "lines"}: ${q(bytes ?? spec)}\n`);
      return 1;
    }
    const n = Number(m[2]);
    const sign = m[1];
    const pick = (text: string): string => {
      if (bytes !== undefined) {
        if (prog === "head") return sign === "-" ? text.slice(0, Math.max(0, text.length - n)) : text.slice(0, n);
        return sign === "+" ? text.slice(Math.max(0, n - 1)) : text.slice(Math.max(0, text.length - n));
      }
      const lines = splitLines(text);
      if (prog === "head") return (sign === "-" ? lines.slice(0, Math.max(0, lines.length - n)) : lines.slice(0, n)).join("");
      return (sign === "+" ? lines.slice(Math.max(0, n - 1)) : n === 0 ? [] : lines.slice(-n)).join("");
    };
    if (prog === "tail" && (p.flags.has("f") || p.flags.has("F"))) {
      io.err("tail: follow mode (-f) isn't available in this terminal; here are the last lines. The Logs pane shows error_log as it grows.\n");
    }
    const files = p.operands.length ? p.operands : ["-"];
    const headers = (files.length > 1 && !p.flags.has("q")) || p.flags.has("v");
    let status = 0;
    let first = true;
    for (const f of files) {
      let text: string;
      if (f === "-") {
        if (io.stdin === null) return noTerminalInput(io, prog);
        text = io.stdin;
      } else {
        const r = readForText(io.fs, io.resolve(f));
        if (!r.ok) {
          io.err(r.error === "Is a directory" ? `${prog}: error reading ${q(f)}: Is a directory\n` : `${prog}: cannot open ${q(f)} for reading: ${r.error}\n${logHint(f)}`);
          status = 1;
          continue;
        }
        text = r.text;
      }
      if (headers) io.out(`${first ? "" : "\n"}==> ${f === "-" ? "standard input" : f} <==\n`);
      io.out(pick(text));
      first = false;
    }
    return status;
  };
}

export const head = headTail("head");
export const tail = headTail("tail");

export const wc: Command = (args, io) => {
  const p = parseArgs("wc", args, { flags: "lwc", long: { lines: "l", words: "w", bytes: "c" } });
  if (!p.ok) {
    io.err(p.message + "\n");
    return 1;
  }
  const which = p.flags.size ? ["l", "w", "c"].filter((x) => p.flags.has(x)) : ["l", "w", "c"];
  const rows: { counts: number[]; name: string }[] = [];
  let status = 0;
  const count = (text: string) => {
    const all: Record<string, number> = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: new TextEncoder().encode(text).length };
    return which.map((k) => all[k]!);
  };
  if (!p.operands.length) {
    if (io.stdin === null) return noTerminalInput(io, "wc");
    rows.push({ counts: count(io.stdin), name: "" });
  }
  for (const f of p.operands) {
    const r = readForText(io.fs, io.resolve(f));
    if (!r.ok) {
      io.err(`wc: ${qf(f)}: ${r.error}\n`);
      status = 1;
    } else rows.push({ counts: count(r.text), name: f });
  }
  if (rows.length > 1) rows.push({ counts: which.map((_, i) => rows.reduce((n, r) => n + r.counts[i]!, 0)), name: "total" });
  const width = rows.length === 1 && which.length === 1 ? 0 : Math.max(1, ...rows.flatMap((r) => r.counts.map((c) => String(c).length)));
  for (const r of rows) io.out(r.counts.map((c) => String(c).padStart(width)).join(" ") + (r.name ? ` ${r.name}` : "") + "\n");
  return status;
};
