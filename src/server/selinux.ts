import type { RequestContext } from "./request-context.ts";
import { HTTPD_READABLE_TYPES, HTTPD_SCRIPT_EXEC_TYPES, labelType } from "./selinux-contexts.ts";
import { basename, type VStat } from "./vfs.ts";

export type Permission = "getattr" | "read" | "execute";

/** Inode numbers for AVC lines: stable per path, like a real filesystem's. */
function inode(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return 100000 + (Math.abs(h) % 9_000_000);
}

let serial = 1000;

/**
 * Whether httpd_t may do `perm` on a file under the targeted policy. A denial
 * is written to audit.log as the kernel does; in permissive mode it is
 * logged and allowed.
 */
export function selinuxAllows(ctx: RequestContext, st: VStat, perm: Permission, comm = "httpd", scontext = "system_u:system_r:httpd_t:s0"): boolean {
  const type = labelType(st.label);
  const allowed = perm === "execute" ? HTTPD_SCRIPT_EXEC_TYPES.has(type) : HTTPD_READABLE_TYPES.has(type) || (st.type === "dir" && perm === "getattr" && /^(var_t|usr_t|root_t|var_log_t|lib_t)$/.test(type));
  if (allowed) return true;
  const enforcing = ctx.server.selinuxEnforcing;
  const ms = ctx.server.clock();
  const stamp = `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}:${serial++}`;
  ctx.audit(
    `type=AVC msg=audit(${stamp}): avc:  denied  { ${perm} } for  pid=${ctx.childPid} comm="${comm}" ` +
      `${perm === "getattr" ? `path="${st.path}"` : `name="${basename(st.path)}"`} dev="dm-0" ino=${inode(st.path)} ` +
      `scontext=${scontext} tcontext=${st.label} tclass=${st.type === "dir" ? "dir" : "file"} permissive=${enforcing ? 0 : 1}`,
  );
  return !enforcing;
}

/** Unix permission check for the server's user (apache), who owns nothing by default. */
export function unixAllows(st: VStat, user: string, group: string, perm: "r" | "w" | "x"): boolean {
  const bit = perm === "r" ? 4 : perm === "w" ? 2 : 1;
  if (user === "root") return perm !== "x" || (st.mode & 0o111) !== 0 || st.type === "dir";
  if (st.owner === user) return ((st.mode >> 6) & bit) !== 0;
  if (st.group === group) return ((st.mode >> 3) & bit) !== 0;
  return (st.mode & bit) !== 0;
}
