/**
 * `chmod` with octal and symbolic modes (a+x, u=rwx,go=rx, g-w, +X, u+s),
 * -R, -v, -c, following GNU coreutils' mode_compile/mode_adjust.
 */
import { octal, permString } from "./file-format.ts";
import type { Command, CommandIo } from "./types.ts";
import { lookupError, lq, q } from "./util.ts";

/** root's umask on Fedora; it masks symbolic modes given without u/g/o/a. */
const UMASK = 0o022;

type Adjust = (mode: number, isDir: boolean) => number;

/** Compiles a mode argument into a function from the old mode to the new one; null if invalid. */
export function compileMode(spec: string): Adjust | null {
  if (/^[0-7]{1,4}$/.test(spec)) {
    const n = parseInt(spec, 8);
    return () => n;
  }
  const clauses = spec.split(",");
  const steps: Adjust[] = [];
  for (const clause of clauses) {
    const m = /^([ugoa]*)((?:[-+=](?:[rwxXst]*|[ugo]))+)$/.exec(clause);
    if (!m) return null;
    const who = m[1]!;
    const whoMask = who === "" ? -1 : [...who].reduce((acc, w) => acc | ({ u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 }[w] ?? 0), 0);
    for (const action of m[2]!.match(/[-+=][^-+=]*/g) ?? []) {
      const op = action[0]!;
      const perms = action.slice(1);
      steps.push((mode, isDir) => {
        let bits = 0;
        if (/^[ugo]$/.test(perms)) {
          // Copy one class's permissions to the others (chmod g=u).
          const shift = { u: 6, g: 3, o: 0 }[perms as "u" | "g" | "o"];
          const v = (mode >> shift) & 7;
          bits = (v << 6) | (v << 3) | v;
        } else {
          for (const c of perms) {
            if (c === "r") bits |= 0o444;
            else if (c === "w") bits |= 0o222;
            else if (c === "x") bits |= 0o111;
            else if (c === "X" && (isDir || mode & 0o111)) bits |= 0o111;
            else if (c === "s") bits |= 0o6000;
            else if (c === "t") bits |= 0o1000;
          }
        }
        // Without u/g/o/a, bits the umask covers are left alone (and s is not applied).
        const affected = whoMask === -1 ? 0o1777 & ~UMASK : whoMask;
        bits &= affected;
        if (op === "+") return mode | bits;
        if (op === "-") return mode & ~bits;
        const cleared = whoMask === -1 ? 0o7777 : whoMask & (isDir ? ~0o6000 : 0o7777);
        return (mode & ~cleared) | bits;
      });
    }
  }
  return (mode, isDir) => steps.reduce((acc, step) => step(acc, isDir), mode) & 0o7777;
}

/** GNU chmod reads an argument made only of mode characters (-x, -w,o-r) as a mode, not options. */
const MODE_LIKE = /^-[rwxXstugoa,+=0-7-]+$/;

export const chmod: Command = (args, io) => {
  let recursive = false;
  let verbose = false;
  let changes = false;
  const rest: string[] = [];
  for (const a of args) {
    // `chmod -x file` is a mode, not an option: the leading - is an operation.
    if (a.startsWith("-") && !MODE_LIKE.test(a) && a !== "--") {
      const long = { "--recursive": "R", "--verbose": "v", "--changes": "c" }[a];
      const letters = long ?? a.slice(1);
      for (const c of letters) {
        if (c === "R") recursive = true;
        else if (c === "v") verbose = true;
        else if (c === "c") changes = true;
        else if (c !== "f") {
          io.err(`chmod: ${a.startsWith("--") ? `unrecognized option '${a}'` : `invalid option -- '${c}'`}\nTry 'chmod --help' for more information.\n`);
          return 1;
        }
      }
    } else if (a !== "--") rest.push(a);
  }
  const [spec, ...files] = rest;
  if (spec === undefined) return usage(io, "chmod: missing operand");
  if (files.length === 0) return usage(io, `chmod: missing operand after ${lq(spec)}`);
  const adjust = compileMode(spec);
  if (!adjust) return usage(io, `chmod: invalid mode: ${lq(spec)}`);
  let status = 0;
  for (const file of files) {
    const path = io.resolve(file);
    const err = lookupError(io.fs, path);
    if (err) {
      io.err(`chmod: cannot access ${q(file)}: ${err}\n`);
      status = 1;
      continue;
    }
    const targets = recursive ? io.fs.walk(path).map((p) => ({ p, shown: file + p.slice(io.fs.realpath(path).length) })) : [{ p: path, shown: file }];
    for (const { p, shown } of targets) {
      const st = io.fs.stat(p)!;
      const next = adjust(st.mode, st.type === "dir");
      if (next !== st.mode) io.fs.chmod(p, next);
      if (verbose || (changes && next !== st.mode)) {
        io.out(
          next === st.mode
            ? `mode of ${q(shown)} retained as ${octal(next)} (${permString(next)})\n`
            : `mode of ${q(shown)} changed from ${octal(st.mode)} (${permString(st.mode)}) to ${octal(next)} (${permString(next)})\n`,
        );
      }
    }
  }
  return status;
};

function usage(io: CommandIo, message: string): number {
  io.err(`${message}\nTry 'chmod --help' for more information.\n`);
  return 1;
}

