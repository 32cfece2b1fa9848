/**
 * `ls` as Fedora's coreutils prints it: -l with the `.` of an SELinux label
 * after the mode, -Z with the context, -a, -A, -d, -h, -t, -S, -r, -R, -1.
 */
import { defaultType, fullLabel } from "../selinux-contexts.ts";
import { basename, dirname, normalizePath, type Vfs } from "../vfs.ts";
import { blocks, columns, humanSize, localeCompare, lsTime, modeString } from "./file-format.ts";
import type { Command } from "./types.ts";
import { parseArgs, q } from "./util.ts";

export interface LsEntry {
  name: string;
  type: "file" | "dir" | "link";
  mode: number;
  owner: string;
  group: string;
  label: string;
  size: number;
  mtimeMs: number;
  nlink: number;
  target?: string;
}

/** Symbolic links directly inside `dir`; the Vfs keeps them apart from nodes. */
function linksIn(fs: Vfs, dir: string): [string, string][] {
  return fs.linkList().filter(([p]) => dirname(p) === dir);
}

/** Metadata of the node at `path` (not following a final symlink when `lstat`). */
export function entryFor(fs: Vfs, path: string, name: string, lstat: boolean): LsEntry | null {
  const target = fs.readlink(path);
  if (target !== undefined && lstat) {
    const t = fs.stat(target);
    return {
      name, type: "link", mode: 0o777, owner: "root", group: "root", label: fullLabel(defaultType(path)),
      size: target.length, mtimeMs: t?.mtimeMs ?? 0, nlink: 1, target,
    };
  }
  const st = fs.stat(path);
  if (!st) return null;
  const real = fs.realpath(path);
  const nlink = st.type === "dir" ? 2 + fs.list(real).filter((n) => fs.stat(normalizePath(n, real))?.type === "dir").length : 1;
  return { name, type: st.type, mode: st.mode, owner: st.owner, group: st.group, label: st.label, size: st.size, mtimeMs: st.mtimeMs, nlink };
}

interface Show {
  long: boolean;
  context: boolean;
  human: boolean;
  one: boolean;
  now: number;
}

function format(entries: LsEntry[], show: Show, withTotal: boolean): string {
  if (!show.long) {
    const names = entries.map((e) => (show.context ? `${e.label} ${e.name}` : e.name));
    return show.one ? names.map((n) => n + "\n").join("") : columns(names);
  }
  const size = (e: LsEntry) => (show.human ? humanSize(e.size) : String(e.size));
  const w = (f: (e: LsEntry) => string) => Math.max(0, ...entries.map((e) => f(e).length));
  const wl = w((e) => String(e.nlink));
  const wo = w((e) => e.owner);
  const wg = w((e) => e.group);
  const wc = w((e) => e.label);
  const ws = w(size);
  const lines = entries.map((e) =>
    [
      modeString(e.type, e.mode),
      String(e.nlink).padStart(wl),
      e.owner.padEnd(wo),
      e.group.padEnd(wg),
      ...(show.context ? [e.label.padEnd(wc)] : []),
      size(e).padStart(ws),
      lsTime(e.mtimeMs, show.now),
      e.name + (e.target !== undefined ? ` -> ${e.target}` : ""),
    ].join(" "),
  );
  if (withTotal) {
    const total = entries.reduce((n, e) => n + blocks(e.size, e.type), 0);
    lines.unshift(`total ${show.human ? humanSize(total * 1024) : total}`);
  }
  return lines.map((l) => l + "\n").join("");
}

export const ls: Command = (args, io) => {
  const p = parseArgs("ls", args, {
    flags: "laAdZ1htrSR",
    long: { all: "a", "almost-all": "A", directory: "d", context: "Z", "human-readable": "h", reverse: "r", recursive: "R" },
  });
  if (!p.ok) {
    io.err(p.message + "\n");
    return 2;
  }
  const f = p.flags;
  const show: Show = { long: f.has("l"), context: f.has("Z"), human: f.has("h"), one: f.has("1") || !io.stdoutIsTerminal, now: io.clock() };
  const sort = (list: LsEntry[]) => {
    list.sort((a, b) => (f.has("t") ? b.mtimeMs - a.mtimeMs : f.has("S") ? b.size - a.size : 0) || localeCompare(a.name, b.name));
    if (f.has("r")) list.reverse();
    return list;
  };
  const operands = p.operands.length ? p.operands : ["."];
  let status = 0;
  const files: LsEntry[] = [];
  const dirs: { name: string; path: string }[] = [];
  for (const op of [...operands].sort(localeCompare)) {
    const path = io.resolve(op);
    // Without -l or -d, a symlink to a directory named on the command line is followed.
    const followDir = !show.long && !f.has("d");
    const e = entryFor(io.fs, path, op, !followDir || io.fs.stat(path)?.type !== "dir");
    if (!e) {
      io.err(`ls: cannot access ${q(op)}: No such file or directory\n`);
      status = 2;
    } else if (e.type === "dir" && !f.has("d")) dirs.push({ name: op, path });
    else files.push(e);
  }
  const out: string[] = [];
  if (files.length) out.push(format(sort(files), show, false));
  const recursive = f.has("R");
  const headers = operands.length > 1 || status !== 0 || recursive;
  // -R: each directory's subdirectories are listed right after it, depth first.
  for (let k = 0; k < dirs.length; k++) {
    const d = dirs[k]!;
    const real = io.fs.realpath(d.path);
    const entries: LsEntry[] = [];
    const names = [...io.fs.list(real), ...linksIn(io.fs, real).map(([l]) => basename(l))];
    for (const name of names) {
      if (name.startsWith(".") && !f.has("a") && !f.has("A")) continue;
      const e = entryFor(io.fs, normalizePath(name, real), name, true);
      if (e) entries.push(e);
    }
    sort(entries);
    if (recursive) {
      const sub = entries.filter((e) => e.type === "dir").map((e) => ({ name: `${d.name.replace(/\/+$/, "")}/${e.name}`, path: normalizePath(e.name, real) }));
      dirs.splice(k + 1, 0, ...sub);
    }
    if (f.has("a")) {
      // . and .. come first whatever the sort, as in the C locale's dot-first order.
      const dots = [entryFor(io.fs, real, ".", false), entryFor(io.fs, dirname(real), "..", false)].filter((e): e is LsEntry => e !== null);
      entries.unshift(...dots);
    }
    out.push((headers ? `${d.name}:\n` : "") + format(entries, show, true));
  }
  io.out(out.join("\n"));
  return status;
};
