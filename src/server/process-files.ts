import type { FileChange, FileImage } from "../runtime/process.ts";
import { unixAllows } from "./selinux.ts";
import { dirname, type Vfs, type VStat } from "./vfs.ts";

/** Directories a script may change; changes elsewhere are not written back. */
const WRITABLE_ROOTS = ["/var/www", "/tmp", "/var/lib", "/home", "/srv"];
/** Never shown to scripts: the emulator's own stand-ins and root-only logs. */
const HIDDEN = [/^\/usr\/lib64\/httpd\/modules\//, /^\/var\/log\/audit\//, /^\/root\//];

/**
 * Mode bits as the apache user sees them, copied into all three classes:
 * the interpreter checks "any class", so this makes its checks the apache user's.
 */
function effectiveMode(st: VStat, user: string, group: string): number {
  let bits = 0;
  if (unixAllows(st, user, group, "r")) bits |= 4;
  if (unixAllows(st, user, group, "w")) bits |= 2;
  if (unixAllows(st, user, group, "x")) bits |= 1;
  return bits * 0o111;
}

/** The filesystem a CGI or FastCGI process sees: what the apache user may read. */
export function processFiles(fs: Vfs, user: string, group: string): { files: FileImage[]; directories: string[]; directoryModes: [string, number][]; writableRoots: string[] } {
  const files: FileImage[] = [];
  const directories: string[] = [];
  const directoryModes: [string, number][] = [];
  for (const path of fs.walk("/")) {
    if (HIDDEN.some((re) => re.test(path + "/"))) continue;
    const st = fs.stat(path)!;
    if (st.type === "dir") {
      if (path !== "/") {
        directories.push(path);
        directoryModes.push([path, effectiveMode(st, user, group)]);
      }
      continue;
    }
    const mode = effectiveMode(st, user, group);
    // Unreadable files are still listed (so stat and open fail as on Unix), but without their bytes.
    files.push({ path, data: mode & 4 ? fs.readFile(path) : new Uint8Array(), mode });
  }
  return { files, directories, directoryModes, writableRoots: WRITABLE_ROOTS };
}

/** Writes a process's file changes back, where the apache user was allowed to make them. */
export function applyFileChanges(fs: Vfs, changes: FileChange[], user: string, group: string): string[] {
  const applied: string[] = [];
  for (const c of changes) {
    const parent = fs.stat(dirname(c.path));
    const existing = fs.stat(c.path);
    const canWriteDir = parent ? unixAllows(parent, user, group, "w") : false;
    if (c.kind === "write") {
      if (existing ? !unixAllows(existing, user, group, "w") : !canWriteDir) continue;
      // New files belong to the apache user, with mode from the process's umask (022).
      fs.writeFile(c.path, c.data, existing ? {} : { owner: user, group, mode: c.mode & 0o777 & ~0o022 });
    } else if (c.kind === "mkdir") {
      if (!canWriteDir || existing) continue;
      fs.mkdir(c.path, { owner: user, group, mode: c.mode & 0o777 & ~0o022 });
    } else {
      if (!canWriteDir || !existing) continue;
      fs.remove(c.path, { recursive: true });
    }
    applied.push(c.path);
  }
  return applied;
}
