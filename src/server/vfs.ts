import { defaultType, fullLabel } from "./selinux-contexts.ts";

/** One file or directory of the virtual machine. */
export interface VNode {
  type: "file" | "dir";
  /** Permission bits only, e.g. 0o755. */
  mode: number;
  owner: string;
  group: string;
  /** Full SELinux context, e.g. `system_u:object_r:httpd_sys_script_exec_t:s0`. */
  label: string;
  mtimeMs: number;
  data: Uint8Array;
}

export interface VStat extends Omit<VNode, "data"> {
  path: string;
  size: number;
}

export class VfsError extends Error {
  constructor(
    readonly code: "ENOENT" | "EEXIST" | "ENOTDIR" | "EISDIR" | "ENOTEMPTY" | "EINVAL",
    readonly path: string,
  ) {
    super(`${code}: ${path}`);
  }
}

/** The whole filesystem as plain data, for saving and for crossing to a worker. */
export interface SerializedFs {
  version: 1;
  nodes: [path: string, node: VNode][];
  links?: [path: string, target: string][];
}

export type VfsListener = (path: string) => void;

const encoder = new TextEncoder();

/** Whether a path is already absolute and normal (no empty, "." or ".." segment, no trailing slash). */
function isNormal(path: string): boolean {
  return path.charCodeAt(0) === 47 && (path.length === 1 || (path.charCodeAt(path.length - 1) !== 47 && !path.includes("//") &&
    !path.includes("/./") && !path.includes("/../") && !path.endsWith("/.") && !path.endsWith("/..")));
}

export function normalizePath(path: string, cwd = "/"): string {
  // Most paths the server builds are normal already; stat() runs several times per request.
  if (isNormal(path)) return path;
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return "/" + out.join("/");
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * An in-memory filesystem with owners, permission bits and SELinux labels.
 * Paths are absolute and normalised; there are no symlinks.
 */
export class Vfs {
  private nodes = new Map<string, VNode>();
  /** Symbolic links to directories, as Fedora has /etc/httpd/logs → /var/log/httpd. */
  private links = new Map<string, string>();
  private listeners = new Set<VfsListener>();
  /** appendFile's buffers: a file's content is a view of the start of one (see appendFile). */
  private growable = new WeakMap<VNode, { room: Uint8Array; view: Uint8Array }>();
  /** Clock used for mtimes; the server sets it so tests can be deterministic. */
  now: () => number = () => Date.now();

  constructor() {
    this.nodes.set("/", this.makeNode("dir", 0o555, "root", "root", fullLabel("root_t"), new Uint8Array()));
  }

  onChange(listener: VfsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(path: string): void {
    for (const l of this.listeners) l(path);
  }

  private makeNode(type: VNode["type"], mode: number, owner: string, group: string, label: string, data: Uint8Array): VNode {
    return { type, mode, owner, group, label, mtimeMs: this.now(), data };
  }

  /** Adds a symbolic link; paths through it resolve to the target. */
  symlink(target: string, path: string): void {
    this.links.set(normalizePath(path), normalizePath(target));
    this.emit(this.realpath(path));
  }

  /** Every symbolic link as [path, target]. */
  linkList(): [path: string, target: string][] {
    return [...this.links.entries()];
  }

  readlink(path: string): string | undefined {
    return this.links.get(normalizePath(path));
  }

  /** The path with every symbolic link in it resolved. */
  realpath(path: string): string {
    let p = normalizePath(path);
    for (let hops = 0; hops < 16; hops++) {
      let changed = false;
      for (const [link, target] of this.links) {
        if (p === link || p.startsWith(link + "/")) {
          p = target + p.slice(link.length);
          changed = true;
          break;
        }
      }
      if (!changed) break;
    }
    return p;
  }

  exists(path: string): boolean {
    return this.nodes.has(this.realpath(path));
  }

  stat(path: string): VStat | undefined {
    const p = this.realpath(path);
    const n = this.nodes.get(p);
    if (!n) return undefined;
    // Spelled out: an object rest/spread here was a visible part of every request's cost.
    return { type: n.type, mode: n.mode, owner: n.owner, group: n.group, label: n.label, mtimeMs: n.mtimeMs, path: p, size: n.type === "file" ? n.data.length : 4096 };
  }

  private need(path: string): VNode {
    const n = this.nodes.get(this.realpath(path));
    if (!n) throw new VfsError("ENOENT", path);
    return n;
  }

  readFile(path: string): Uint8Array {
    const n = this.need(path);
    if (n.type !== "file") throw new VfsError("EISDIR", path);
    return n.data;
  }

  readText(path: string): string {
    return new TextDecoder().decode(this.readFile(path));
  }

  /** Label a new node gets: its directory's label, as a type transition-free create does on Fedora. */
  private inheritedLabel(path: string): string {
    const parent = this.nodes.get(dirname(path));
    return parent ? parent.label : fullLabel(defaultType(path));
  }

  mkdir(path: string, opts: { mode?: number; owner?: string; group?: string; label?: string; recursive?: boolean } = {}): void {
    const p = this.realpath(path);
    if (this.nodes.has(p)) {
      if (opts.recursive && this.nodes.get(p)!.type === "dir") return;
      throw new VfsError("EEXIST", p);
    }
    const parent = dirname(p);
    if (!this.nodes.has(parent)) {
      if (!opts.recursive) throw new VfsError("ENOENT", parent);
      this.mkdir(parent, { ...opts, label: undefined });
    } else if (this.nodes.get(parent)!.type !== "dir") throw new VfsError("ENOTDIR", parent);
    this.nodes.set(p, this.makeNode("dir", opts.mode ?? 0o755, opts.owner ?? "root", opts.group ?? "root", opts.label ?? this.inheritedLabel(p), new Uint8Array()));
    this.emit(p);
  }

  /** Creates or replaces a file's content; an existing file keeps its mode, owner and label. */
  writeFile(path: string, content: Uint8Array | string, opts: { mode?: number; owner?: string; group?: string; label?: string } = {}): void {
    const p = this.realpath(path);
    const data = typeof content === "string" ? encoder.encode(content) : content;
    const existing = this.nodes.get(p);
    if (existing) {
      if (existing.type !== "file") throw new VfsError("EISDIR", p);
      existing.data = data;
      existing.mtimeMs = this.now();
      if (opts.mode !== undefined) existing.mode = opts.mode;
      if (opts.owner !== undefined) existing.owner = opts.owner;
      if (opts.group !== undefined) existing.group = opts.group;
      if (opts.label !== undefined) existing.label = opts.label;
    } else {
      const parent = this.nodes.get(dirname(p));
      if (!parent) throw new VfsError("ENOENT", dirname(p));
      if (parent.type !== "dir") throw new VfsError("ENOTDIR", dirname(p));
      this.nodes.set(p, this.makeNode("file", opts.mode ?? 0o644, opts.owner ?? "root", opts.group ?? "root", opts.label ?? this.inheritedLabel(p), data));
    }
    this.emit(p);
  }

  /**
   * `>>`: adds bytes at the end of a file (creating it like writeFile).
   * Logs grow by a line per request, so the bytes go into spare room of a
   * buffer that doubles when full: appending costs the new bytes, not the
   * whole file. The file's data stays a view of exactly its content.
   */
  appendFile(path: string, content: Uint8Array | string): void {
    const p = this.realpath(path);
    const add = typeof content === "string" ? encoder.encode(content) : content;
    const n = this.nodes.get(p);
    if (!n) {
      this.writeFile(p, add.slice());
      return;
    }
    if (n.type !== "file") throw new VfsError("EISDIR", p);
    const old = n.data;
    const size = old.length + add.length;
    const g = this.growable.get(n);
    // Write past the end only while the content is still the view appendFile made: after a
    // writeFile (or a truncation to a shorter view) bytes past the end may be someone's.
    let room = g && g.view === old && g.room.length >= size ? g.room : null;
    if (!room) {
      room = new Uint8Array(Math.max(256, size * 2));
      room.set(old);
    }
    room.set(add, old.length);
    n.data = room.subarray(0, size);
    this.growable.set(n, { room, view: n.data });
    n.mtimeMs = this.now();
    this.emit(p);
  }

  /** Direct children names of a directory, sorted. */
  list(path: string): string[] {
    const p = this.realpath(path);
    const n = this.need(p);
    if (n.type !== "dir") throw new VfsError("ENOTDIR", p);
    const prefix = p === "/" ? "/" : p + "/";
    const names: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key !== p && key.startsWith(prefix) && !key.slice(prefix.length).includes("/")) names.push(key.slice(prefix.length));
    }
    return names.sort();
  }

  /** Every path at or below `path`, parents before children. */
  walk(path = "/"): string[] {
    const p = this.realpath(path);
    const prefix = p === "/" ? "/" : p + "/";
    return [...this.nodes.keys()].filter((k) => k === p || k.startsWith(prefix)).sort();
  }

  chmod(path: string, mode: number): void {
    const n = this.need(path);
    n.mode = mode & 0o7777;
    this.emit(this.realpath(path));
  }

  chown(path: string, owner: string, group?: string): void {
    const n = this.need(path);
    n.owner = owner;
    if (group !== undefined) n.group = group;
    this.emit(this.realpath(path));
  }

  setLabel(path: string, label: string): void {
    this.need(path).label = label;
    this.emit(this.realpath(path));
  }

  remove(path: string, opts: { recursive?: boolean } = {}): void {
    const p = this.realpath(path);
    const n = this.need(p);
    if (n.type === "dir") {
      const below = this.walk(p).filter((k) => k !== p);
      if (below.length && !opts.recursive) throw new VfsError("ENOTEMPTY", p);
      for (const k of below) this.nodes.delete(k);
    }
    this.nodes.delete(p);
    this.emit(p);
  }

  /** `mv`: the node (and anything below it) moves with its label and mode unchanged. */
  rename(from: string, to: string): void {
    const src = this.realpath(from);
    let dst = this.realpath(to);
    this.need(src);
    if (this.nodes.get(dst)?.type === "dir") dst = normalizePath(basename(src), dst);
    if (!this.nodes.has(dirname(dst))) throw new VfsError("ENOENT", dirname(dst));
    if (dst === src || dst.startsWith(src + "/")) throw new VfsError("EINVAL", dst);
    for (const k of this.walk(src)) {
      const node = this.nodes.get(k)!;
      this.nodes.delete(k);
      this.nodes.set(dst + k.slice(src.length), node);
    }
    this.emit(src);
    this.emit(dst);
  }

  /** `cp`: a new file, labelled like any new file in its directory; the mode is copied as `cp` does without -p. */
  copyFile(from: string, to: string): void {
    const src = this.realpath(from);
    let dst = this.realpath(to);
    const n = this.need(src);
    if (n.type !== "file") throw new VfsError("EISDIR", src);
    if (this.nodes.get(dst)?.type === "dir") dst = normalizePath(basename(src), dst);
    this.writeFile(dst, n.data.slice(), this.nodes.has(dst) ? {} : { mode: n.mode });
  }

  serialize(): SerializedFs {
    // A grown log's data is a view of a larger buffer; a structured clone would copy all of it.
    const compact = (d: Uint8Array) => (d.byteLength === d.buffer.byteLength ? d : d.slice());
    return { version: 1, nodes: [...this.nodes.entries()].map(([k, v]) => [k, { ...v, data: compact(v.data) }]), links: [...this.links.entries()] };
  }

  static restore(data: SerializedFs): Vfs {
    const fs = new Vfs();
    fs.nodes = new Map(data.nodes.map(([k, v]) => [k, { ...v, data: new Uint8Array(v.data) }]));
    fs.links = new Map(data.links ?? []);
    return fs;
  }

  /** Replaces every node with those of `data`, keeping listeners. */
  replaceWith(data: SerializedFs): void {
    const restored = Vfs.restore(data);
    this.nodes = restored.nodes;
    this.links = restored.links;
    this.emit("/");
  }
}
