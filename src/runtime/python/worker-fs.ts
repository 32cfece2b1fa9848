/**
 * The process's view of the filesystem inside the interpreter worker:
 * mounting a ProcessSpec's files into Emscripten's in-memory filesystem, and
 * finding what the process changed under its writable roots.
 *
 * Runs in the interpreter worker (both hosts); knows only the small part of
 * Emscripten's FS API declared below.
 */
import type { FileChange, ProcessSpec } from "../process.ts";

/** The part of Emscripten's FS object used here. */
export interface EmFS {
  ignorePermissions: boolean;
  mkdirTree(path: string, mode?: number): void;
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  chmod(path: string, mode: number): void;
  readdir(path: string): string[];
  rmdir(path: string): void;
  lstat(path: string): { mode: number };
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  lookupPath(path: string, opts?: { follow?: boolean }): { node: MemNode };
}

/** A MEMFS node; the timestamps and size are only used when present. */
interface MemNode {
  mtime?: number;
  ctime?: number;
  usedBytes?: number;
}

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const PERM_MASK = 0o7777;

/** Interpreter-owned trees a process spec never writes into. */
const RESERVED = ["/dev", "/proc"];

function isUnder(path: string, root: string): boolean {
  if (root === "/") return true;
  return path === root || path.startsWith(root.endsWith("/") ? root : root + "/");
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (!p || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function exists(FS: EmFS, path: string): boolean {
  try {
    FS.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the spec's directories and files (with their modes) into the
 * filesystem. Pyodide's own empty home directories are removed unless the
 * spec lists them, so the process sees the workspace's /home, not Pyodide's.
 */
export function mountSpec(FS: EmFS, spec: ProcessSpec): void {
  const reserved = (p: string) => RESERVED.some((r) => isUnder(p, r));
  const listed = new Set<string>();
  for (const d of spec.directories) listed.add(normalize(d));
  for (const f of spec.files) {
    for (let p = parentOf(normalize(f.path)); p !== "/"; p = parentOf(p)) listed.add(p);
  }
  for (const home of ["/home/pyodide", "/home/web_user"]) {
    if (listed.has(home)) continue;
    try {
      FS.rmdir(home);
    } catch {
      // not empty or already gone: leave it
    }
  }
  for (const d of spec.directories) {
    const p = normalize(d);
    if (p !== "/" && !reserved(p)) FS.mkdirTree(p);
  }
  for (const f of spec.files) {
    const p = normalize(f.path);
    if (p === "/" || reserved(p)) continue;
    FS.mkdirTree(parentOf(p));
    FS.writeFile(p, f.data);
    FS.chmod(p, f.mode & PERM_MASK);
  }
  const cwd = normalize(spec.cwd || "/");
  if (!reserved(cwd) && !exists(FS, cwd)) FS.mkdirTree(cwd);
  // Last, once everything inside them exists: a directory without w refuses new files.
  for (const [d, mode] of spec.directoryModes ?? []) {
    const p = normalize(d);
    if (p !== "/" && !reserved(p) && exists(FS, p)) FS.chmod(p, mode & PERM_MASK);
  }
}

interface DirEntry {
  kind: "dir";
  mode: number;
}
interface FileEntry {
  kind: "file";
  mode: number;
  data: Uint8Array;
  node: MemNode;
  size: number;
}
type Entry = DirEntry | FileEntry;

/** The state of the writable roots at one moment, to compare a later state with. */
export interface TreeState {
  roots: string[];
  entries: Map<string, Entry>;
  /** Date.now() when taken: a file written after this has mtime >= takenAt. */
  takenAt: number;
}

function walk(FS: EmFS, root: string, visit: (path: string, mode: number) => void): void {
  if (!exists(FS, root)) return;
  const rootMode = FS.lstat(root).mode;
  visit(root, rootMode);
  if ((rootMode & S_IFMT) !== S_IFDIR) return;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let names: string[];
    try {
      names = FS.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (name === "." || name === "..") continue;
      const path = dir === "/" ? "/" + name : dir + "/" + name;
      if (RESERVED.some((r) => isUnder(path, r))) continue;
      const mode = FS.lstat(path).mode;
      visit(path, mode);
      if ((mode & S_IFMT) === S_IFDIR) stack.push(path);
    }
  }
}

function nodeOf(FS: EmFS, path: string): MemNode {
  return FS.lookupPath(path, { follow: false }).node;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Roots without duplicates or roots nested in other roots. */
function topRoots(roots: string[]): string[] {
  const norm = [...new Set(roots.map(normalize))].sort();
  return norm.filter((r) => !norm.some((o) => o !== r && isUnder(r, o)));
}

/**
 * Records every file and directory under the roots. Files the spec mounted
 * reuse the spec's bytes (no copy); anything else is read.
 */
export function captureTree(FS: EmFS, roots: string[], known?: Map<string, Uint8Array>): TreeState {
  const wasIgnoring = FS.ignorePermissions;
  FS.ignorePermissions = true;
  try {
    const takenAt = Date.now();
    const entries = new Map<string, Entry>();
    for (const root of topRoots(roots)) {
      walk(FS, root, (path, mode) => {
        if ((mode & S_IFMT) === S_IFDIR) entries.set(path, { kind: "dir", mode: mode & PERM_MASK });
        else if (FS.isFile(mode)) {
          const node = nodeOf(FS, path);
          let data = known?.get(path);
          if (!data || (typeof node.usedBytes === "number" && node.usedBytes !== data.length)) data = FS.readFile(path);
          entries.set(path, { kind: "file", mode: mode & PERM_MASK, data, node, size: data.length });
        }
        // symlinks, devices and fifos are not part of the workspace
      });
    }
    return { roots: topRoots(roots), entries, takenAt };
  } finally {
    FS.ignorePermissions = wasIgnoring;
  }
}

/**
 * What changed under the roots since `before`, as FileChanges in an order that
 * can be applied as is: deletions (deepest first), new directories (parents
 * first), then written files. Also returns the new state, for a later diff.
 */
export function diffTree(FS: EmFS, before: TreeState): { changes: FileChange[]; after: TreeState } {
  const wasIgnoring = FS.ignorePermissions;
  FS.ignorePermissions = true;
  try {
    const takenAt = Date.now();
    const entries = new Map<string, Entry>();
    const writes: FileChange[] = [];
    const mkdirs: FileChange[] = [];
    const deletes: FileChange[] = [];
    for (const root of before.roots) {
      walk(FS, root, (path, mode) => {
        const perm = mode & PERM_MASK;
        const old = before.entries.get(path);
        if ((mode & S_IFMT) === S_IFDIR) {
          entries.set(path, { kind: "dir", mode: perm });
          if (!old || old.kind !== "dir") mkdirs.push({ kind: "mkdir", path, mode: perm });
          return;
        }
        if (!FS.isFile(mode)) return;
        const node = nodeOf(FS, path);
        if (old && old.kind === "file" && old.node === node && !mayHaveChanged(node, old, before.takenAt)) {
          entries.set(path, { ...old, mode: perm });
          if (perm !== old.mode) writes.push({ kind: "write", path, data: old.data, mode: perm });
          return;
        }
        const data = FS.readFile(path);
        entries.set(path, { kind: "file", mode: perm, data, node, size: data.length });
        if (!old || old.kind !== "file" || perm !== old.mode || !sameBytes(data, old.data)) {
          writes.push({ kind: "write", path, data, mode: perm });
        }
      });
    }
    for (const [path, old] of before.entries) {
      const now = entries.get(path);
      if (!now || now.kind !== old.kind) deletes.push({ kind: "delete", path });
    }
    deletes.sort((a, b) => depth(b.path) - depth(a.path) || (a.path < b.path ? -1 : 1));
    mkdirs.sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : 1));
    writes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { changes: [...deletes, ...mkdirs, ...writes], after: { roots: before.roots, entries, takenAt } };
  } finally {
    FS.ignorePermissions = wasIgnoring;
  }
}

function depth(path: string): number {
  let n = 0;
  for (const c of path) if (c === "/") n++;
  return n;
}

/**
 * A MEMFS write sets mtime (and ctime) to Date.now(), so a file whose node is
 * unchanged, whose size is unchanged and whose timestamps are both older than
 * the moment `before` was taken cannot have been written since. When in
 * doubt (same millisecond, no timestamps), the bytes are compared.
 */
function mayHaveChanged(node: MemNode, old: FileEntry, takenAt: number): boolean {
  if (typeof node.mtime !== "number" || typeof node.usedBytes !== "number") return true;
  if (node.usedBytes !== old.size) return true;
  if (node.mtime >= takenAt) return true;
  if (typeof node.ctime === "number" && node.ctime >= takenAt) return true;
  return false;
}

/** The spec's file bytes by normalized path, for captureTree. */
export function specFileMap(spec: ProcessSpec): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (const f of spec.files) m.set(normalize(f.path), f.data);
  return m;
}
