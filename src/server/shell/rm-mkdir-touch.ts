/**
 * `rm`, `mkdir` and `touch`. New directories and files get the label of
 * their directory with the unconfined_u user, as root's shell creates them.
 */
import { dirname, normalizePath } from "../vfs.ts";
import type { Command, CommandIo } from "./types.ts";
import { lookupError, lq, newFileLabel, parseArgs, q } from "./util.ts";

function fail(io: CommandIo, message: string): number {
  io.err(message + "\n");
  return 1;
}

export const rm: Command = (args, io) => {
  const p = parseArgs("rm", args, { flags: "frRidvI", long: { force: "f", recursive: "r", verbose: "v", dir: "d" } });
  if (!p.ok) return fail(io, p.message);
  const f = p.flags;
  const recursive = f.has("r") || f.has("R");
  if (!p.operands.length) return f.has("f") ? 0 : fail(io, "rm: missing operand\nTry 'rm --help' for more information.");
  let status = 0;
  for (const op of p.operands) {
    const path = io.resolve(op);
    if (/(^|\/)\.\.?\/*$/.test(op)) {
      status = fail(io, `rm: refusing to remove '.' or '..' directory: skipping ${q(op)}`);
      continue;
    }
    if (path === "/" && recursive) {
      status = fail(io, "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe");
      continue;
    }
    if (io.fs.readlink(path) !== undefined) {
      status = fail(io, `rm: removing the symbolic link ${q(op)} isn't supported in this terminal`);
      continue;
    }
    const st = io.fs.stat(path);
    if (!st) {
      if (!f.has("f")) status = fail(io, `rm: cannot remove ${q(op)}: ${lookupError(io.fs, path)}`);
      continue;
    }
    if (st.type === "dir" && !recursive) {
      if (f.has("d") && io.fs.list(path).length === 0) io.fs.remove(path);
      else status = fail(io, `rm: cannot remove ${q(op)}: ${f.has("d") ? "Directory not empty" : "Is a directory"}`);
      continue;
    }
    if (f.has("v")) {
      // GNU rm -rv names each file, then each directory once it is empty: deepest first.
      const real = io.fs.realpath(path);
      for (const k of io.fs.walk(real).reverse()) {
        const shown = q(op.replace(/\/+$/, "") + k.slice(real.length));
        io.out(io.fs.stat(k)?.type === "dir" ? `removed directory ${shown}\n` : `removed ${shown}\n`);
      }
    }
    io.fs.remove(path, { recursive: true });
  }
  return status;
};

export const mkdir: Command = (args, io) => {
  const p = parseArgs("mkdir", args, { flags: "pv", values: "m", long: { parents: "p", verbose: "v", mode: "m" } });
  if (!p.ok) return fail(io, p.message);
  if (!p.operands.length) return fail(io, "mkdir: missing operand\nTry 'mkdir --help' for more information.");
  const modeArg = p.values.get("m");
  if (modeArg !== undefined && !/^[0-7]{1,4}$/.test(modeArg)) return fail(io, `mkdir: invalid mode ${lq(modeArg)}`);
  const mode = modeArg === undefined ? 0o755 : parseInt(modeArg, 8);
  let status = 0;
  const make = (path: string, shown: string, m: number) => {
    io.fs.mkdir(path, { mode: m, label: newFileLabel(io.fs, path) });
    if (p.flags.has("v")) io.out(`mkdir: created directory ${q(shown)}\n`);
  };
  for (const op of p.operands) {
    const path = io.resolve(op);
    const st = io.fs.stat(path);
    const parent = io.fs.stat(dirname(path));
    if (p.flags.has("p")) {
      // Create each missing ancestor in turn so each takes its own parent's label.
      const missing: string[] = [];
      for (let d = path; !io.fs.exists(d); d = dirname(d)) missing.unshift(d);
      const blocked = [path, ...missing.map(dirname)].find((d) => io.fs.exists(d) && io.fs.stat(d)!.type !== "dir");
      if (blocked) {
        status = fail(io, `mkdir: cannot create directory ${lq(op)}: ${blocked === path ? "File exists" : "Not a directory"}`);
        continue;
      }
      for (const d of missing) make(d, d === path ? op : normalizePath(d), d === path ? mode : 0o755);
    } else if (st) status = fail(io, `mkdir: cannot create directory ${lq(op)}: File exists`);
    else if (!parent) status = fail(io, `mkdir: cannot create directory ${lq(op)}: ${lookupError(io.fs, dirname(path))}`);
    else if (parent.type !== "dir") status = fail(io, `mkdir: cannot create directory ${lq(op)}: Not a directory`);
    else make(path, op, mode);
  }
  return status;
};

export const touch: Command = (args, io) => {
  const p = parseArgs("touch", args, { flags: "acm", long: { "no-create": "c" } });
  if (!p.ok) return fail(io, p.message);
  if (!p.operands.length) return fail(io, "touch: missing file operand\nTry 'touch --help' for more information.");
  let status = 0;
  for (const op of p.operands) {
    const path = io.resolve(op);
    const st = io.fs.stat(path);
    if (st?.type === "file") io.fs.writeFile(path, io.fs.readFile(path)); // rewriting the same bytes moves mtime to now
    else if (st) continue;
    else if (p.flags.has("c")) continue;
    else if (io.fs.stat(dirname(path))?.type !== "dir") status = fail(io, `touch: cannot touch ${q(op)}: ${lookupError(io.fs, dirname(path)) ?? "Not a directory"}`);
    else io.fs.writeFile(path, "", { mode: 0o644, label: newFileLabel(io.fs, path) });
  }
  return status;
};
