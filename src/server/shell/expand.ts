/**
 * Word expansion as bash does it for the terminal's simple commands:
 * variables, then pathname (glob) expansion of unquoted * ? [...].
 * A glob that matches nothing stays as typed, as in bash's default mode.
 */
import { normalizePath, type Vfs } from "../vfs.ts";
import type { Word } from "./parse.ts";

export type Env = (name: string) => string;

/** The login environment of root on the article's machine. */
export function shellEnv(cwd: string, oldPwd: string | null, lastExit: number, userVars: ReadonlyMap<string, string> = new Map()): Env {
  const vars: Record<string, string> = {
    HOME: "/root",
    USER: "root",
    LOGNAME: "root",
    HOSTNAME: "localhost",
    SHELL: "/bin/bash",
    PATH: "/root/.local/bin:/root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
    PWD: cwd,
    LANG: "en_US.UTF-8",
    "?": String(lastExit),
    $: "2417",
    "#": "0",
  };
  if (oldPwd) vars.OLDPWD = oldPwd;
  return (name) => userVars.get(name) ?? vars[name] ?? "";
}

const escapeGlob = (s: string) => s.replace(/[\\*?[\]]/g, "\\$&");

/** The word's text, and a glob pattern (quoted parts escaped) when it has unquoted wildcards. */
export function expandWord(word: Word, env: Env): { text: string; pattern: string | null } {
  let text = "";
  let pattern = "";
  let wild = false;
  for (const p of word.parts) {
    const value = p.kind === "var" ? env(p.name) : p.text;
    text += value;
    if (p.kind === "text" && !p.quoted && /[*?[]/.test(value)) {
      wild = true;
      pattern += value;
    } else pattern += escapeGlob(value);
  }
  return { text, pattern: wild ? pattern : null };
}

/** One path segment of a glob as a regular expression (anchored). */
function segmentRegex(seg: string): RegExp {
  let src = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "\\" && i + 1 < seg.length) src += seg[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "*") src += "[^/]*";
    else if (c === "?") src += "[^/]";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 2);
      if (end < 0) src += "\\[";
      else {
        let set = seg.slice(i + 1, end);
        if (set.startsWith("!")) set = "^" + set.slice(1);
        src += `[${set.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else src += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${src}$`);
}

const hasWildcard = (seg: string) => /(^|[^\\])[*?[]/.test(seg);
const unescape = (seg: string) => seg.replace(/\\(.)/g, "$1");

/** Paths matching `pattern` (relative to cwd when it is relative), sorted, in the form typed. */
export function glob(fs: Vfs, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith("/");
  const segs = pattern.split("/").filter((s, i) => s !== "" || i === 0);
  let found: string[] = [absolute ? "" : "."];
  for (const seg of segs) {
    if (seg === "") continue;
    const next: string[] = [];
    for (const prefix of found) {
      const dir = normalizePath(prefix === "" ? "/" : prefix, cwd);
      if (!hasWildcard(seg)) {
        const candidate = `${prefix}/${unescape(seg)}`;
        if (fs.exists(normalizePath(candidate, cwd)) || fs.readlink(normalizePath(candidate, cwd))) next.push(candidate);
        continue;
      }
      const st = fs.stat(dir);
      if (!st || st.type !== "dir") continue;
      const re = segmentRegex(seg);
      // As in bash, * does not match a leading dot unless the pattern starts with one.
      for (const name of fs.list(dir)) if (re.test(name) && (!name.startsWith(".") || seg.startsWith("."))) next.push(`${prefix}/${name}`);
    }
    found = next;
  }
  return found.map((p) => (absolute ? p : p.slice(2))).sort();
}
