/**
 * SELinux tools of Fedora's policycoreutils and libselinux: getenforce,
 * setenforce, sestatus, restorecon, chcon, matchpathcon, ausearch. The mode
 * lives on the Httpd (its access checks read it), or in the shell's state
 * when no server is attached.
 */
import { defaultType, fullLabel, labelType } from "../selinux-contexts.ts";
import type { Command, CommandIo } from "./types.ts";
import { lookupError, lq, parseArgs, q } from "./util.ts";

export function isEnforcing(io: CommandIo): boolean {
  return io.httpd ? io.httpd.selinuxEnforcing : io.state.enforcing;
}

function setEnforcing(io: CommandIo, on: boolean): void {
  io.state.enforcing = on;
  if (io.httpd) io.httpd.selinuxEnforcing = on;
}

export const getenforce: Command = (_args, io) => {
  io.out(isEnforcing(io) ? "Enforcing\n" : "Permissive\n");
  return 0;
};

export const setenforce: Command = (args, io) => {
  const v = args.length === 1 ? args[0]!.toLowerCase() : "";
  if (v === "1" || v === "enforcing") setEnforcing(io, true);
  else if (v === "0" || v === "permissive") setEnforcing(io, false);
  else {
    io.err("usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n");
    return 1;
  }
  return 0;
};

export const sestatus: Command = (_args, io) => {
  const mode = isEnforcing(io) ? "enforcing" : "permissive";
  const rows: [string, string][] = [
    ["SELinux status:", "enabled"], ["SELinuxfs mount:", "/sys/fs/selinux"], ["SELinux root directory:", "/etc/selinux"],
    ["Loaded policy name:", "targeted"], ["Current mode:", mode], ["Mode from config file:", "enforcing"],
    ["Policy MLS status:", "enabled"], ["Policy deny_unknown status:", "allowed"], ["Memory protection checking:", "actual (secure)"],
    ["Max kernel policy version:", "33"],
  ];
  io.out(rows.map(([k, v]) => k.padEnd(32) + v + "\n").join(""));
  return 0;
};

/** Types the targeted policy defines that matter here; chcon refuses others, as the kernel does. */
export const KNOWN_TYPES = new Set([
  "httpd_sys_script_exec_t", "httpd_sys_content_t", "httpd_sys_rw_content_t", "httpd_sys_ra_content_t", "httpd_unconfined_script_exec_t",
  "httpd_user_content_t", "httpd_user_script_exec_t", "httpd_log_t", "httpd_config_t", "httpd_exec_t", "httpd_modules_t", "httpd_var_lib_t",
  "httpd_var_run_t", "httpd_cache_t", "httpd_tmp_t", "public_content_t", "public_content_rw_t", "admin_home_t", "user_home_t",
  "user_home_dir_t", "home_root_t", "tmp_t", "user_tmp_t", "default_t", "etc_t", "bin_t", "lib_t", "usr_t", "var_t", "var_lib_t",
  "var_log_t", "auditd_log_t", "root_t", "shell_exec_t", "unlabeled_t", "samba_share_t", "textrel_shlib_t", "net_conf_t",
]);
const KNOWN_USERS = new Set(["system_u", "unconfined_u", "user_u", "staff_u", "sysadm_u", "guest_u", "xguest_u", "root"]);

/** Whether a full context names a real user, role, type and level. */
function validContext(ctx: string): boolean {
  const [user, role, type, ...level] = ctx.split(":");
  return KNOWN_USERS.has(user ?? "") && role === "object_r" && KNOWN_TYPES.has(type ?? "") && /^s0(-s0(:c0\.c1023)?)?$/.test(level.join(":"));
}

export const chcon: Command = (args, io) => {
  const p = parseArgs("chcon", args, { flags: "RvhHLP", values: "turl", long: { type: "t", user: "u", role: "r", range: "l", recursive: "R", verbose: "v" } });
  if (!p.ok) return fail(io, p.message);
  const parts = { u: p.values.get("u"), r: p.values.get("r"), t: p.values.get("t"), l: p.values.get("l") };
  const byParts = Object.values(parts).some((v) => v !== undefined);
  const operands = [...p.operands];
  const context = byParts ? undefined : operands.shift();
  if (context === undefined && !byParts) return fail(io, "chcon: missing operand\nTry 'chcon --help' for more information.");
  if (!operands.length) return fail(io, `chcon: missing operand after ${lq(context ?? args[args.length - 1] ?? "")}\nTry 'chcon --help' for more information.`);
  let status = 0;
  for (const op of operands) {
    const path = io.resolve(op);
    const err = lookupError(io.fs, path);
    if (err) {
      status = fail(io, `chcon: cannot access ${q(op)}: ${err}`);
      continue;
    }
    const real = io.fs.realpath(path);
    for (const target of p.flags.has("R") ? io.fs.walk(real) : [real]) {
      const shown = op + target.slice(real.length);
      const [u, r, t, ...l] = io.fs.stat(target)!.label.split(":");
      const next = context ?? [parts.u ?? u, parts.r ?? r, parts.t ?? t, parts.l ?? l.join(":")].join(":");
      if (p.flags.has("v")) io.out(`changing security context of ${q(shown)}\n`);
      if (!validContext(next)) {
        status = fail(io, `chcon: failed to change context of ${q(shown)} to ${lq(next)}: Invalid argument`);
        continue;
      }
      io.fs.setLabel(target, next);
    }
  }
  return status;
};

export const restorecon: Command = (args, io) => {
  const p = parseArgs("restorecon", args, { flags: "RrvFnipDIm0xT", values: "e" });
  if (!p.ok || !p.operands.length) {
    io.err("usage:  restorecon [-iIDFmnprRv0xT] [-e excludedir] pathname...\nusage:  restorecon [-iIDFmnprRv0xT] [-e excludedir] -f filename\n");
    return 255;
  }
  const f = p.flags;
  let status = 0;
  for (const op of p.operands) {
    const path = io.fs.realpath(io.resolve(op));
    if (!io.fs.exists(path)) {
      if (!f.has("i")) status = fail(io, `restorecon: lstat(${path}) failed: No such file or directory`, 255);
      continue;
    }
    for (const target of f.has("R") || f.has("r") ? io.fs.walk(path) : [path]) {
      const old = io.fs.stat(target)!.label;
      const type = defaultType(target);
      // Without -F only the type is reset; the user (unconfined_u) stays, as restorecon does.
      const [user, role, , ...level] = old.split(":");
      const next = f.has("F") ? fullLabel(type) : [user, role, type, ...level].join(":");
      if (next === old) continue;
      if (!f.has("n")) io.fs.setLabel(target, next);
      if (f.has("v")) io.out(`Relabeled ${target} from ${old} to ${next}\n`);
    }
  }
  return status;
};

export const matchpathcon: Command = (args, io) => {
  const p = parseArgs("matchpathcon", args, { flags: "VNnh" });
  if (!p.ok || !p.operands.length) {
    io.err("usage:  matchpathcon [-V] [-N] [-h] [-P policy_root_path] [-f file_contexts_file] [-p prefix] [-m type] path...\n");
    return 1;
  }
  let status = 0;
  for (const op of p.operands) {
    const path = io.fs.realpath(io.resolve(op));
    const want = fullLabel(defaultType(path));
    if (!p.flags.has("V")) {
      io.out(p.flags.has("n") ? `${want}\n` : `${path}\t${want}\n`);
      continue;
    }
    const st = io.fs.stat(path);
    if (!st) status = fail(io, `matchpathcon: ${path}: No such file or directory`);
    else if (labelType(st.label) === labelType(want)) io.out(`${path} verified.\n`);
    else {
      io.out(`${path} has context ${st.label}, should be ${want}\n`);
      status = 1;
    }
  }
  return status;
};

/** C's ctime(): `Tue Nov 25 10:00:00 2025`. */
function ctime(ms: number): string {
  const u = new Date(ms).toUTCString(); // "Tue, 25 Nov 2025 10:00:00 GMT"
  const [wd, day, mon, year, time] = u.replace(",", "").split(" ");
  return `${wd} ${mon} ${String(Number(day)).padStart(2)} ${time} ${year}`;
}

/** `ausearch -m avc`: the AVC records of audit.log, one event per `----` block. */
export const ausearch: Command = (args, io) => {
  const p = parseArgs("ausearch", args, { flags: "i", values: "mc", long: { message: "m" } });
  const wanted = p.ok ? p.values.get("m")?.toUpperCase() : undefined;
  // ausearch -m names record types: avc, user_avc, syscall...
  const log = io.fs.exists("/var/log/audit/audit.log") ? io.fs.readText("/var/log/audit/audit.log") : "";
  const events = new Map<string, string[]>();
  for (const line of log.split("\n")) {
    const m = /^type=(\w+) msg=audit\((\d+)\.(\d+):(\d+)\)/.exec(line);
    if (!m || (wanted !== undefined && m[1] !== wanted)) continue;
    const lines = events.get(m[4]!) ?? [`time->${ctime(Number(m[2]) * 1000)}`];
    lines.push(line);
    events.set(m[4]!, lines);
  }
  if (!events.size) {
    io.err("<no matches>\n");
    return 1;
  }
  for (const lines of events.values()) io.out(`----\n${lines.join("\n")}\n`);
  return 0;
};

function fail(io: CommandIo, message: string, code = 1): number {
  io.err(message + "\n");
  return code;
}
