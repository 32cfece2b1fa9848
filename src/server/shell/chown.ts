/**
 * `chown` and `chgrp` against the accounts of a Fedora box with httpd
 * installed (/etc/passwd and /etc/group are not modelled as files).
 */
import type { Command, CommandIo } from "./types.ts";
import { lookupError, lq, parseArgs, q } from "./util.ts";

/** User name → its uid and login group. */
export const USERS: Record<string, { uid: number; group: string }> = {
  root: { uid: 0, group: "root" },
  bin: { uid: 1, group: "bin" },
  daemon: { uid: 2, group: "daemon" },
  adm: { uid: 3, group: "adm" },
  nobody: { uid: 65534, group: "nobody" },
  apache: { uid: 48, group: "apache" },
};

export const GROUPS: Record<string, number> = {
  root: 0, bin: 1, daemon: 2, sys: 3, adm: 4, wheel: 10, users: 100, nobody: 65534, apache: 48,
};

const byUid = (n: string) => Object.entries(USERS).find(([, v]) => String(v.uid) === n)?.[0];
const byGid = (n: string) => Object.entries(GROUPS).find(([, v]) => String(v) === n)?.[0];

/** A numeric id without a name shows as the number, as ls does. */
const user = (n: string) => (n in USERS ? n : /^\d+$/.test(n) ? byUid(n) ?? n : undefined);
const group = (n: string) => (n in GROUPS ? n : /^\d+$/.test(n) ? byGid(n) ?? n : undefined);

function apply(prog: "chown" | "chgrp", io: CommandIo, files: string[], recursive: boolean, verbose: boolean, owner: string | undefined, grp: string | undefined): number {
  let status = 0;
  for (const file of files) {
    const path = io.resolve(file);
    const err = lookupError(io.fs, path);
    if (err) {
      io.err(`${prog}: cannot access ${q(file)}: ${err}\n`);
      status = 1;
      continue;
    }
    const real = io.fs.realpath(path);
    for (const p of recursive ? io.fs.walk(real) : [real]) {
      const st = io.fs.stat(p)!;
      const nextOwner = owner ?? st.owner;
      const nextGroup = grp ?? st.group;
      io.fs.chown(p, nextOwner, nextGroup);
      if (verbose) {
        const shown = q(file + p.slice(real.length));
        const what = prog === "chgrp" ? "group" : "ownership";
        const from = prog === "chgrp" ? st.group : `${st.owner}:${st.group}`;
        const to = prog === "chgrp" ? nextGroup : `${nextOwner}:${nextGroup}`;
        io.out(from === to ? `${what} of ${shown} retained as ${to}\n` : `changed ${what} of ${shown} from ${from} to ${to}\n`);
      }
    }
  }
  return status;
}

const opts = { flags: "Rvfch", long: { recursive: "R", verbose: "v" } };

export const chown: Command = (args, io) => {
  const p = parseArgs("chown", args, opts);
  if (!p.ok) return fail(io, p.message);
  const [spec, ...files] = p.operands;
  if (spec === undefined) return fail(io, "chown: missing operand\nTry 'chown --help' for more information.");
  if (!files.length) return fail(io, `chown: missing operand after ${lq(spec)}\nTry 'chown --help' for more information.`);
  // owner, owner:group, owner: (login group), :group; the old owner.group form too.
  const m = /^([^:.]*)(?:[:.](.*))?$/.exec(spec)!;
  const ownerName = m[1] || undefined;
  let groupName = m[2] || undefined;
  const owner = ownerName === undefined ? undefined : user(ownerName);
  if (ownerName !== undefined && owner === undefined) return fail(io, `chown: invalid user: ${lq(spec)}`);
  if (m[2] === "" && owner !== undefined) groupName = USERS[owner]?.group ?? owner;
  const grp = groupName === undefined ? undefined : group(groupName);
  if (groupName !== undefined && grp === undefined) return fail(io, `chown: invalid group: ${lq(spec)}`);
  return apply("chown", io, files, p.flags.has("R"), p.flags.has("v"), owner, grp);
};

export const chgrp: Command = (args, io) => {
  const p = parseArgs("chgrp", args, opts);
  if (!p.ok) return fail(io, p.message);
  const [spec, ...files] = p.operands;
  if (spec === undefined) return fail(io, "chgrp: missing operand\nTry 'chgrp --help' for more information.");
  if (!files.length) return fail(io, `chgrp: missing operand after ${lq(spec)}\nTry 'chgrp --help' for more information.`);
  const grp = group(spec);
  if (grp === undefined) return fail(io, `chgrp: invalid group: ${lq(spec)}`);
  return apply("chgrp", io, files, p.flags.has("R"), p.flags.has("v"), undefined, grp);
};

function fail(io: CommandIo, message: string): number {
  io.err(message + "\n");
  return 1;
}
