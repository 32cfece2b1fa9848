/**
 * `mv` and `cp`, with the SELinux difference the lessons are about: mv
 * keeps a file's label (a file moved from /root stays admin_home_t), cp
 * makes a new file labelled like its directory (unless -a keeps it).
 */
import { basename, dirname, normalizePath, type Vfs } from "../vfs.ts";
import type { Command, CommandIo } from "./types.ts";
import { newFileLabel, parseArgs, q } from "./util.ts";

interface Plan {
  src: string;
  dst: string;
  /** The destination as the user would see it named. */
  shownDst: string;
}

/** Works out each source's destination, or prints the error mv/cp would and returns null. */
function plan(prog: "mv" | "cp", io: CommandIo, operands: string[]): Plan[] | null {
  const help = `Try '${prog} --help' for more information.`;
  if (operands.length === 0) return fail(io, `${prog}: missing file operand\n${help}`);
  if (operands.length === 1) return fail(io, `${prog}: missing destination file operand after ${q(operands[0]!)}\n${help}`);
  const sources = operands.slice(0, -1);
  const dest = operands[operands.length - 1]!;
  const destPath = io.resolve(dest);
  const destIsDir = io.fs.stat(destPath)?.type === "dir";
  if (sources.length > 1 && !destIsDir) return fail(io, `${prog}: target ${q(dest)} is not a directory`);
  // A trailing slash promises a directory; rename(2) and open(2) then fail with ENOTDIR.
  if (dest.endsWith("/") && !destIsDir) {
    const src = operands[0]!;
    return fail(io, prog === "mv" ? `mv: cannot move ${q(src)} to ${q(dest)}: Not a directory` : `cp: cannot create regular file ${q(dest)}: Not a directory`);
  }
  return sources.map((s) => {
    const src = io.resolve(s);
    const dst = destIsDir ? normalizePath(basename(src), destPath) : destPath;
    return { src: s, dst, shownDst: destIsDir ? `${dest.replace(/\/+$/, "")}/${basename(src)}` : dest };
  });
}

function fail(io: CommandIo, message: string): null {
  io.err(message + "\n");
  return null;
}

/** Runs `fn` with the filesystem's clock stopped at `ms`, so new nodes get that mtime (cp -p, tar). */
export function withMtime<T>(fs: Vfs, ms: number, fn: () => T): T {
  const saved = fs.now;
  fs.now = () => ms;
  try {
    return fn();
  } finally {
    fs.now = saved;
  }
}

export const mv: Command = (args, io) => {
  const p = parseArgs("mv", args, { flags: "finvuT", long: { force: "f", verbose: "v", "no-clobber": "n" } });
  if (!p.ok) {
    fail(io, p.message);
    return 1;
  }
  const plans = plan("mv", io, p.operands);
  if (!plans) return 1;
  let status = 0;
  for (const { src, dst, shownDst } of plans) {
    const from = io.resolve(src);
    const err = (text: string) => {
      io.err(`mv: ${text}\n`);
      status = 1;
    };
    if (io.fs.readlink(from) !== undefined) err(`moving the symbolic link ${q(src)} isn't supported in this terminal`);
    else if (!io.fs.exists(from)) err(`cannot stat ${q(src)}: No such file or directory`);
    else if (io.fs.realpath(from) === io.fs.realpath(dst)) err(`${q(src)} and ${q(shownDst)} are the same file`);
    else if (io.fs.stat(dirname(dst))?.type !== "dir") err(`cannot move ${q(src)} to ${q(shownDst)}: ${io.fs.exists(dirname(dst)) ? "Not a directory" : "No such file or directory"}`);
    else if (io.fs.realpath(dst).startsWith(io.fs.realpath(from) + "/")) err(`cannot move ${q(src)} to a subdirectory of itself, ${q(shownDst)}`);
    else {
      const s = io.fs.stat(from)!;
      const d = io.fs.stat(dst);
      if (d && p.flags.has("n")) continue;
      if (d?.type === "dir" && s.type !== "dir") err(`cannot overwrite directory ${q(shownDst)} with non-directory`);
      else if (d && d.type !== "dir" && s.type === "dir") err(`cannot overwrite non-directory ${q(shownDst)} with directory ${q(src)}`);
      else if (d?.type === "dir" && io.fs.list(dst).length) err(`cannot move ${q(src)} to ${q(shownDst)}: Directory not empty`);
      else {
        if (d?.type === "dir") io.fs.remove(dst);
        io.fs.rename(from, dst);
        if (p.flags.has("v")) io.out(`renamed ${q(src)} -> ${q(shownDst)}\n`);
      }
    }
  }
  return status;
};

export const cp: Command = (args, io) => {
  const p = parseArgs("cp", args, { flags: "rRapfinvuT", long: { recursive: "R", archive: "a", force: "f", verbose: "v", "no-clobber": "n" } });
  if (!p.ok) {
    fail(io, p.message);
    return 1;
  }
  const f = p.flags;
  const recursive = f.has("r") || f.has("R") || f.has("a");
  const plans = plan("cp", io, p.operands);
  if (!plans) return 1;
  let status = 0;
  const err = (text: string) => {
    io.err(`cp: ${text}\n`);
    status = 1;
  };
  // One node: -p keeps mode, owner and time; -a also keeps the SELinux label.
  const copyNode = (from: string, to: string, shown: string, fromShown: string) => {
    const s = io.fs.stat(from)!;
    const existed = io.fs.exists(to);
    const keep = f.has("p") || f.has("a");
    withMtime(io.fs, keep ? s.mtimeMs : io.fs.now(), () => {
      if (s.type === "dir") {
        if (!existed) io.fs.mkdir(to, { mode: s.mode & ~0o022, label: newFileLabel(io.fs, to) });
      } else {
        io.fs.copyFile(from, to);
        if (!existed) io.fs.setLabel(to, newFileLabel(io.fs, to));
      }
    });
    if (keep) {
      io.fs.chmod(to, s.mode);
      io.fs.chown(to, s.owner, s.group);
    }
    if (f.has("a")) io.fs.setLabel(to, s.label);
    if (f.has("v")) io.out(`${q(fromShown)} -> ${q(shown)}\n`);
  };
  for (const { src, dst, shownDst } of plans) {
    const from = io.resolve(src);
    const s = io.fs.stat(from);
    const d = io.fs.stat(dst);
    if (!s) err(`cannot stat ${q(src)}: No such file or directory`);
    else if (s.type === "dir" && !recursive) err(`-r not specified; omitting directory ${q(src)}`);
    else if (d && io.fs.realpath(from) === io.fs.realpath(dst)) err(`${q(src)} and ${q(shownDst)} are the same file`);
    else if (d && f.has("n")) continue;
    else if (io.fs.stat(dirname(dst))?.type !== "dir") err(`cannot create ${s.type === "dir" ? "directory" : "regular file"} ${q(shownDst)}: ${io.fs.exists(dirname(dst)) ? "Not a directory" : "No such file or directory"}`);
    else if (d?.type === "dir" && s.type !== "dir") err(`cannot overwrite directory ${q(shownDst)} with non-directory`);
    else if (d && d.type !== "dir" && s.type === "dir") err(`cannot overwrite non-directory ${q(shownDst)} with directory ${q(src)}`);
    else if (s.type === "dir" && (io.fs.realpath(dst) + "/").startsWith(io.fs.realpath(from) + "/")) err(`cannot copy a directory, ${q(src)}, into itself, ${q(shownDst)}`);
    else if (s.type === "dir") {
      const root = io.fs.realpath(from);
      for (const path of io.fs.walk(root)) {
        const rel = path.slice(root.length);
        copyNode(path, dst + rel, shownDst + rel, src + rel);
      }
    } else copyNode(from, dst, shownDst, src);
  }
  return status;
};
