import { unixAllows } from "./selinux.ts";
import type { Vfs } from "./vfs.ts";

/** What exec(2) of a script would do, decided from its #! line and the filesystem. */
export type ExecPlan =
  | { ok: true; interpreter: string; /** argv the interpreter gets before the script path */ args: string[]; python: boolean }
  /** exec itself fails: errno text as APR prints it, e.g. "(8)Exec format error". */
  | { ok: false; error: string }
  /** exec succeeds but the interpreter fails at once (env not finding its program). */
  | { ok: true; interpreter: string; args: string[]; python: false; fails: { stderr: string; exitCode: number } };

const PYTHON = /^\/usr\/(local\/)?bin\/python(3(\.\d+)?)?$/;

/** Reads the #! line as the kernel does: up to the newline; a \r stays part of the name. */
export function planExec(fs: Vfs, script: string, content: Uint8Array, pathEnv: string, user: string, group: string): ExecPlan {
  if (content[0] !== 0x23 || content[1] !== 0x21) return { ok: false, error: "(8)Exec format error" };
  let end = content.indexOf(0x0a);
  if (end < 0) end = Math.min(content.length, 256);
  const line = new TextDecoder("latin1").decode(content.subarray(2, end)).replace(/^[ \t]+/, "");
  // The kernel splits the #! line on spaces and tabs only: a CR from a CRLF file stays in the name.
  const m = /^([^ \t]+)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
  if (!m) return { ok: false, error: "(8)Exec format error" };
  const interpreter = m[1]!;
  const arg = m[2];
  const st = fs.stat(interpreter);
  if (!st || st.type !== "file") return { ok: false, error: "(2)No such file or directory" };
  if (!unixAllows(st, user, group, "x")) return { ok: false, error: "(13)Permission denied" };
  const real = fs.realpath(interpreter);
  if (real === "/usr/bin/env") {
    const program = arg ?? "";
    const found = pathEnv.split(":").map((d) => `${d}/${program}`).find((p) => program && fs.stat(p)?.type === "file");
    if (!found) {
      return { ok: true, interpreter, args: arg ? [arg] : [], python: false, fails: { stderr: `/usr/bin/env: '${program}': No such file or directory\n`, exitCode: 127 } };
    }
    const target = fs.realpath(found);
    return { ok: true, interpreter: found, args: [], python: PYTHON.test(target) };
  }
  return { ok: true, interpreter, args: arg ? [arg] : [], python: PYTHON.test(real) };
}

