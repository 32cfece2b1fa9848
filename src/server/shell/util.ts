/**
 * Helpers shared by the commands: GNU option parsing, the three ways
 * coreutils quotes a file name in messages, and errno texts.
 */
import { fullLabel, labelType } from "../selinux-contexts.ts";
import { dirname, type Vfs, type VfsError } from "../vfs.ts";

/** quoteaf / shell-escape quoting: 'name', always quoted (`ls: cannot access 'x'`). */
export function q(name: string): string {
  if (!name.includes("'")) return `'${name}'`;
  if (!/["$`\\]/.test(name)) return `"${name}"`;
  return `'${name.replace(/'/g, "'\\''")}'`;
}

/** quotef: quoted only when the name needs it (`cat: x.py: No such file or directory`). */
export function qf(name: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(name) ? name : q(name);
}

/** quote() in a UTF-8 locale: ‘name’ (`mkdir: cannot create directory ‘x’: File exists`). */
export function lq(name: string): string {
  return `\u2018${name}\u2019`;
}

export const ERRNO: Record<VfsError["code"], string> = {
  ENOENT: "No such file or directory",
  EEXIST: "File exists",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENOTEMPTY: "Directory not empty",
  EINVAL: "Invalid argument",
};

/**
 * Why a path cannot be reached: ENOENT, or ENOTDIR when a component on the
 * way is a file. Returns null when it exists.
 */
export function lookupError(fs: Vfs, path: string): string | null {
  if (fs.exists(path) || fs.readlink(path) !== undefined) return null;
  for (let p = dirname(path); p !== "/"; p = dirname(p)) {
    const st = fs.stat(p);
    if (st) return st.type === "dir" ? ERRNO.ENOENT : ERRNO.ENOTDIR;
  }
  return ERRNO.ENOENT;
}

/**
 * Label a file the root shell creates gets: its directory's type (Fedora's
 * targeted policy has no transition for unconfined_t here) with the
 * creating user's SELinux user, unconfined_u.
 */
export function newFileLabel(fs: Vfs, path: string): string {
  const parent = fs.stat(dirname(path));
  return fullLabel(parent ? labelType(parent.label) : "default_t", "unconfined_u");
}

export interface FlagSpec {
  /** Single-letter options without a value, e.g. "laZd". */
  flags?: string;
  /** Single-letter options taking a value, e.g. "n". */
  values?: string;
  /** Long option name (without --) to its letter. */
  long?: Record<string, string>;
}

export type Parsed =
  | { ok: true; flags: Set<string>; values: Map<string, string>; operands: string[] }
  | { ok: false; message: string };

/** GNU getopt_long as coreutils uses it: bundled letters, options after operands, `--` ends them. */
export function parseArgs(prog: string, args: string[], spec: FlagSpec): Parsed {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  const takes = spec.values ?? "";
  const help = `Try '${prog} --help' for more information.`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const letter = spec.long?.[name];
      if (letter === undefined) return { ok: false, message: `${prog}: unrecognized option '${a}'\n${help}` };
      if (takes.includes(letter)) {
        const v = inline ?? args[++i];
        if (v === undefined) return { ok: false, message: `${prog}: option '--${name}' requires an argument\n${help}` };
        values.set(letter, v);
      } else flags.add(letter);
      continue;
    }
    if (a.length < 2 || !a.startsWith("-")) {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (takes.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { ok: false, message: `${prog}: option requires an argument -- '${c}'\n${help}` };
        values.set(c, v);
        break;
      }
      if (!(spec.flags ?? "").includes(c)) return { ok: false, message: `${prog}: invalid option -- '${c}'\n${help}` };
      flags.add(c);
    }
  }
  return { ok: true, flags, values, operands };
}

/** Reads a file for cat, head, tail and grep: text, or the errno text. */
export function readForText(fs: Vfs, path: string): { ok: true; text: string } | { ok: false; error: string } {
  const st = fs.stat(path);
  if (!st) return { ok: false, error: lookupError(fs, path) ?? ERRNO.ENOENT };
  if (st.type === "dir") return { ok: false, error: ERRNO.EISDIR };
  return { ok: true, text: fs.readText(path) };
}

/** Splits text into lines, keeping each line's newline. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
