import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { fullLabel, defaultType } from "../server/selinux-contexts.ts";
import type { Vfs } from "../server/vfs.ts";

/**
 * `--root DIR`: a real directory laid out like the virtual machine's root.
 * Its files overlay the default workspace with their real modes; they are
 * read again before every request, as a real server reads scripts from disk.
 */
export function overlayDisk(fs: Vfs, root: string): void {
  const walk = (rel: string) => {
    const abs = join(root, rel);
    for (const name of readdirSync(abs)) {
      const relPath = `${rel}/${name}`;
      const st = statSync(join(root, relPath));
      if (st.isDirectory()) {
        if (!fs.exists(relPath)) fs.mkdir(relPath, { recursive: true, mode: st.mode & 0o7777, label: fullLabel(defaultType(relPath)) });
        walk(relPath);
      } else if (st.isFile()) {
        if (/^\/var\/log\//.test(relPath)) continue; // logs are written, not read
        const data = new Uint8Array(readFileSync(join(root, relPath)));
        const existing = fs.stat(relPath);
        if (existing && existing.mode === (st.mode & 0o7777) && sameBytes(fs.readFile(relPath), data)) continue;
        fs.writeFile(relPath, data, { mode: st.mode & 0o7777, label: existing?.label ?? fullLabel(defaultType(relPath)) });
      }
    }
  };
  walk("");
}

/** SELinux on the root: `DIR/etc/selinux/config` (SELINUX=enforcing|permissive|disabled), enforcing by default as on Fedora. */
export function diskSelinuxEnforcing(root: string): boolean {
  const config = join(root, "etc/selinux/config");
  if (!existsSync(config)) return true;
  const m = /^\s*SELINUX\s*=\s*(\w+)/m.exec(readFileSync(config, "utf8"));
  return !m || m[1]!.toLowerCase() === "enforcing";
}

/** `DIR/.selinux-labels`: lines of `PATH CONTEXT` that override the file_contexts default. */
export function applyDiskLabels(fs: Vfs, root: string): void {
  const file = join(root, ".selinux-labels");
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [path, context] = line.trim().split(/\s+/);
    if (!path || !context || path.startsWith("#") || !fs.exists(path)) continue;
    fs.setLabel(path, context);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Appends log lines to DIR/var/log/httpd/… (and audit.log) like the real server's files. */
export function writeLogs(root: string, files: { path: string; lines: string[] }[]): void {
  for (const f of files) {
    if (!f.lines.length) continue;
    const abs = join(root, f.path);
    mkdirSync(join(abs, ".."), { recursive: true });
    if (!existsSync(abs)) writeFileSync(abs, "");
    appendFileSync(abs, f.lines.map((l) => l + "\n").join(""));
  }
}
