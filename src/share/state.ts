/**
 * ShareState: what a share link carries (the difference between a workspace
 * and its base machine, plus the request, lesson and SELinux mode), how it is
 * captured from two Vfs, applied to a fresh base, and turned into / read back
 * from the compact JSON inside the link (with every field validated).
 */
import { normalizePath, type SerializedFs, type VNode, type Vfs } from "../server/vfs.ts";
import { fromBase64, toBase64 } from "./base64url.ts";
import { n, plural, shareError, type ShareLinkError } from "./errors.ts";
import { applyLinePatch, diffLines, splitLines, type Hunk, type LinePatch } from "./line-patch.ts";

export type { Hunk, LinePatch } from "./line-patch.ts";

/** Most entries (changed files + deletions + symlinks) one link may carry. */
export const MAX_FILES = 500;

export type SelinuxMode = "enforcing" | "permissive";

/** The request in the request bar: what Run would send. */
export interface ShareRequest {
  method: string;
  /** Request-target: path and query, e.g. `/cgi-bin/app.py?x=1`. */
  target: string;
  /** "HTTP/1.1" when absent. */
  version?: string;
  headers: [name: string, value: string][];
  body: Uint8Array;
}

/** One file or directory that is new or differs from the base. */
export interface FileChange {
  path: string;
  type: "file" | "dir";
  /** The whole new content: a new file, or a changed one sent in full. */
  content?: Uint8Array;
  /** Line edits against the base file's text (a long file of which few lines changed). */
  patch?: LinePatch;
  /** Each of these is present when it differs from the base (always, for a new node). */
  mode?: number;
  label?: string;
  owner?: string;
  group?: string;
}

export interface ShareState {
  /** The lesson whose start files are the base; null: the default workspace. */
  lessonId: string | null;
  selinux: SelinuxMode;
  request: ShareRequest | null;
  /** New and changed nodes, parents before children. */
  files: FileChange[];
  /** Paths of the base that are gone (a directory takes what is below it). */
  deleted: string[];
  /** Symbolic links that are new or point elsewhere. */
  links: { path: string; target: string }[];
  /** Symbolic links of the base that are gone. */
  removedLinks: string[];
}

export interface CaptureOptions {
  /** Paths whose files are left out of the link; default: everything under /var/log/ (logs). */
  ignore?: (path: string) => boolean;
}

export const ignoreLogs = (path: string): boolean => path.startsWith("/var/log/");

const utf8 = new TextDecoder("utf-8", { fatal: true });

function asText(data: Uint8Array): string | null {
  try {
    return utf8.decode(data);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rough size a patch takes in the link's JSON, to choose between it and the whole text. */
function patchCost(p: LinePatch): number {
  return JSON.stringify(p.hunks.map((h) => [h.at, h.remove, h.insert])).length + 12;
}

/**
 * The difference between `current` and `base` (the lesson's start machine or
 * the default workspace) as a ShareState. Changed text files are sent as a
 * line patch when that is shorter than their text (httpd.conf with one edit).
 */
export function captureShareState(
  current: Vfs,
  base: Vfs,
  meta: { lessonId: string | null; selinux: SelinuxMode; request: ShareRequest | null },
  opts: CaptureOptions = {},
): ShareState {
  const ignore = opts.ignore ?? ignoreLogs;
  const cur = current.serialize();
  const bas = base.serialize();
  const C = new Map(cur.nodes);
  const B = new Map(bas.nodes);
  const files: FileChange[] = [];
  const deleted: string[] = [];
  const skip = (p: string, node: VNode) => node.type === "file" && ignore(p);

  for (const [path, b] of [...B].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (path === "/" || skip(path, b)) continue;
    const c = C.get(path);
    if (c && c.type === b.type) continue;
    // Gone (or replaced by another type): one entry for the top-most such path.
    const parentGone = deleted.some((d) => path.startsWith(d + "/"));
    if (!parentGone) deleted.push(path);
  }

  for (const [path, c] of [...C].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (path === "/" || skip(path, c)) continue;
    const b = B.get(path);
    if (!b || b.type !== c.type) {
      files.push({ path, type: c.type, ...(c.type === "file" ? { content: c.data } : {}), mode: c.mode, label: c.label, owner: c.owner, group: c.group });
      continue;
    }
    const change: FileChange = { path, type: c.type };
    let changed = false;
    if (c.type === "file" && !sameBytes(b.data, c.data)) {
      changed = true;
      const bt = asText(b.data);
      const ct = asText(c.data);
      const patch = bt !== null && ct !== null ? diffLines(bt, ct) : null;
      if (patch && patchCost(patch) < c.data.length) change.patch = patch;
      else change.content = c.data;
    }
    for (const k of ["mode", "label", "owner", "group"] as const) {
      if (b[k] !== c[k]) {
        (change as unknown as Record<string, unknown>)[k] = c[k];
        changed = true;
      }
    }
    if (changed) files.push(change);
  }

  const BL = new Map(bas.links ?? []);
  const CL = new Map(cur.links ?? []);
  const links = [...CL].filter(([p, t]) => BL.get(p) !== t).map(([path, target]) => ({ path, target }));
  const removedLinks = [...BL.keys()].filter((p) => !CL.has(p));
  return { lessonId: meta.lessonId, selinux: meta.selinux, request: meta.request, files, deleted, links, removedLinks };
}

export type ApplyResult = { ok: true } | { ok: false; error: ShareLinkError };

/**
 * Applies a share state to `vfs`, which must be a fresh copy of the base the
 * link was made from (the lesson's start machine, or the default workspace).
 * All or nothing: on an error `vfs` is left untouched. The request and the
 * SELinux mode are not part of the filesystem: the caller sets those.
 */
export function applyShareState(vfs: Vfs, state: ShareState): ApplyResult {
  const s = vfs.serialize();
  const nodes = new Map(s.nodes.map(([p, v]) => [p, { ...v }] as [string, VNode]));
  const links = new Map(s.links ?? []);
  const now = vfs.now();
  const fail = (code: "BAD_PATH" | "BASE_CHANGED", message: string): ApplyResult => ({ ok: false, error: shareError(code, message) });

  for (const d of state.deleted) {
    for (const k of [...nodes.keys()]) if (k === d || k.startsWith(d + "/")) nodes.delete(k);
  }
  for (const p of state.removedLinks) links.delete(p);

  for (const f of [...state.files].sort((x, y) => (x.path < y.path ? -1 : 1))) {
    const parentPath = f.path.slice(0, f.path.lastIndexOf("/")) || "/";
    const parent = nodes.get(parentPath);
    if (!parent || parent.type !== "dir") {
      return fail("BAD_PATH", `The link puts ${f.path} in ${parentPath}, which is not a directory on this machine. The link was probably made for other start files.`);
    }
    const existing = nodes.get(f.path);
    if (existing && existing.type !== f.type) {
      return fail("BAD_PATH", `The link changes ${f.path} as a ${f.type === "dir" ? "directory" : "file"}, but on this machine it is a ${existing.type === "dir" ? "directory" : "file"}. The link was probably made for other start files.`);
    }
    let data: Uint8Array | undefined = f.content;
    if (f.patch) {
      const baseText = existing?.type === "file" ? asText(existing.data) : null;
      const r = baseText === null ? ({ ok: false, reason: "base-changed" } as const) : applyLinePatch(baseText, f.patch);
      if (!r.ok) {
        return fail(
          "BASE_CHANGED",
          `The link edits some lines of ${f.path}, but that file is not the one the link was made from (its start version has changed since, or is missing). Open the link in the CGI Lab version it was made with, or ask for a new link.`,
        );
      }
      data = new TextEncoder().encode(r.text);
    }
    if (existing) {
      const node: VNode = { ...existing };
      if (data) {
        node.data = data;
        node.mtimeMs = now;
      }
      if (f.mode !== undefined) node.mode = f.mode;
      if (f.label !== undefined) node.label = f.label;
      if (f.owner !== undefined) node.owner = f.owner;
      if (f.group !== undefined) node.group = f.group;
      nodes.set(f.path, node);
    } else {
      if (f.type === "file" && !data) {
        return fail("BAD_PATH", `The link changes ${f.path}, which this machine does not have. The link was probably made for other start files.`);
      }
      nodes.set(f.path, {
        type: f.type,
        mode: f.mode ?? (f.type === "dir" ? 0o755 : 0o644),
        owner: f.owner ?? "root",
        group: f.group ?? f.owner ?? "root",
        label: f.label ?? parent.label,
        mtimeMs: now,
        data: data ?? new Uint8Array(),
      });
    }
  }
  for (const l of state.links) links.set(l.path, l.target);
  const next: SerializedFs = { version: 1, nodes: [...nodes], links: [...links] };
  vfs.replaceWith(next);
  return { ok: true };
}

/** One line per change, for the "this workspace came from a link" banner. */
export function describeShareState(state: ShareState): string[] {
  const out: string[] = [];
  for (const f of state.files) {
    const bits: string[] = [];
    if (f.type === "dir") bits.push("directory");
    if (f.content) {
      const t = asText(f.content);
      bits.push(t === null ? `${plural(f.content.length, "byte")}` : `${plural(splitLines(t).length, "line")}`);
    }
    if (f.patch) {
      const changed = f.patch.hunks.reduce((a, h) => a + Math.max(h.remove, h.insert.length), 0);
      bits.push(`${plural(changed, "line")} changed`);
    }
    if (f.mode !== undefined) bits.push(`mode ${f.mode.toString(8).padStart(3, "0")}`);
    if (f.label !== undefined) bits.push(`label ${f.label.split(":")[2] ?? f.label}`);
    if (f.owner !== undefined) bits.push(`owner ${f.owner}${f.group && f.group !== f.owner ? `:${f.group}` : ""}`);
    out.push(`${f.path}: ${bits.join(", ")}`);
  }
  for (const d of state.deleted) out.push(`${d}: deleted`);
  for (const l of state.links) out.push(`${l.path} → ${l.target}: symbolic link`);
  for (const p of state.removedLinks) out.push(`${p}: symbolic link removed`);
  return out;
}

/* ------------------------------------------------------------------ */
/* The JSON inside the link                                            */
/* ------------------------------------------------------------------ */

/**
 * Wire form, version 1 (short keys; absent = default):
 *   { l?: lessonId, s?: "p" (permissive; absent = enforcing),
 *     r?: { m: method, u: target, v?: version, h?: [[name, value]], t?: body text | b?: body base64 },
 *     f?: [{ p: path, d?: 1 (directory), t?: text | b?: base64 | x?: [baseCrc32, [[at, remove, [lines]]]],
 *            m?: mode, L?: label, o?: owner, g?: group }],
 *     d?: [deleted path], k?: [[link path, target]], K?: [removed link path] }
 * Unknown keys are ignored, so a later v1 writer may add optional fields.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function bodyToWire(data: Uint8Array): { t: string } | { b: string } {
  const t = asText(data);
  return t !== null ? { t } : { b: toBase64(data) };
}

export function stateToWire(state: ShareState): Json {
  const w: Record<string, Json> = {};
  if (state.lessonId !== null) w.l = state.lessonId;
  if (state.selinux === "permissive") w.s = "p";
  if (state.request) {
    const r = state.request;
    const rw: Record<string, Json> = { m: r.method, u: r.target };
    if (r.version && r.version !== "HTTP/1.1") rw.v = r.version;
    if (r.headers.length) rw.h = r.headers.map(([a, b]) => [a, b]);
    if (r.body.length) Object.assign(rw, bodyToWire(r.body));
    w.r = rw;
  }
  if (state.files.length) {
    w.f = state.files.map((f) => {
      const e: Record<string, Json> = { p: f.path };
      if (f.type === "dir") e.d = 1;
      if (f.content) Object.assign(e, bodyToWire(f.content));
      if (f.patch) e.x = [f.patch.baseCrc32, f.patch.hunks.map((h) => [h.at, h.remove, h.insert])];
      if (f.mode !== undefined) e.m = f.mode;
      if (f.label !== undefined) e.L = f.label;
      if (f.owner !== undefined) e.o = f.owner;
      if (f.group !== undefined) e.g = f.group;
      return e;
    });
  }
  if (state.deleted.length) w.d = state.deleted;
  if (state.links.length) w.k = state.links.map((l) => [l.path, l.target]);
  if (state.removedLinks.length) w.K = state.removedLinks;
  return w;
}

/** Raised inside wireToState only; turned into a BAD_CONTENT / TOO_MANY_FILES result. */
class WireError extends Error {
  constructor(
    message: string,
    readonly code: "BAD_CONTENT" | "TOO_MANY_FILES" = "BAD_CONTENT",
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const CONTROL = /[\u0000-\u001f\u007f]/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LABEL = /^[A-Za-z0-9_.]+:[A-Za-z0-9_.]+:[A-Za-z0-9_.]+(:[A-Za-z0-9_.,:-]+)?$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;
const LESSON = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function str(v: unknown, what: string, max: number): string {
  if (typeof v !== "string") throw new WireError(`${what} is not text.`);
  if (v.length > max) throw new WireError(`${what} is longer than ${n(max)} characters.`);
  return v;
}

function path(v: unknown, what: string): string {
  const p = str(v, what, 1024);
  if (!p.startsWith("/") || p === "/" || CONTROL.test(p) || normalizePath(p) !== p) {
    throw new WireError(`${what} (${JSON.stringify(p.slice(0, 80))}) is not a clean absolute path.`);
  }
  return p;
}

function body(e: Record<string, unknown>, what: string): Uint8Array | undefined {
  if (e.t !== undefined && e.b !== undefined) throw new WireError(`${what} has both text and binary content.`);
  if (e.t !== undefined) return new TextEncoder().encode(str(e.t, what, Number.MAX_SAFE_INTEGER));
  if (e.b !== undefined) {
    const bytes = fromBase64(str(e.b, what, Number.MAX_SAFE_INTEGER));
    if (!bytes) throw new WireError(`${what} has binary content that is not valid base64.`);
    return bytes;
  }
  return undefined;
}

function int(v: unknown, what: string, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) throw new WireError(`${what} is not a whole number from 0 to ${n(max)}.`);
  return v;
}

function arr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new WireError(`${what} is not a list.`);
  return v;
}

function patchFromWire(v: unknown, what: string): LinePatch {
  const a = arr(v, what);
  if (a.length !== 2) throw new WireError(`${what} is not [checksum, hunks].`);
  const baseCrc32 = int(a[0], `${what}'s checksum`, 0xffffffff);
  let last = 0;
  const hunks: Hunk[] = arr(a[1], `${what}'s hunks`).map((h, i) => {
    const x = arr(h, `${what}, hunk ${i + 1}`);
    if (x.length !== 3) throw new WireError(`${what}, hunk ${i + 1} is not [line, removed, inserted].`);
    const at = int(x[0], `${what}, hunk ${i + 1}'s line`, 10_000_000);
    const remove = int(x[1], `${what}, hunk ${i + 1}'s count`, 10_000_000);
    if (at < last) throw new WireError(`${what}'s hunks overlap or are out of order.`);
    last = at + remove;
    const insert = arr(x[2], `${what}, hunk ${i + 1}'s lines`).map((l) => str(l, `${what}, hunk ${i + 1}'s line`, Number.MAX_SAFE_INTEGER));
    return { at, remove, insert };
  });
  return { baseCrc32, hunks };
}

export type WireResult = { ok: true; state: ShareState } | { ok: false; error: ShareLinkError };

/** Validates the parsed JSON of a link; any problem is a BAD_CONTENT (or TOO_MANY_FILES) error, never an exception. */
export function wireToState(w: unknown): WireResult {
  try {
    return { ok: true, state: wireToStateOrThrow(w) };
  } catch (e) {
    if (e instanceof WireError) {
      const message =
        e.code === "TOO_MANY_FILES"
          ? e.message
          : `This link's content is damaged: ${e.message} It was not made by CGI Lab as it is, so nothing was opened.`;
      return { ok: false, error: shareError(e.code, message) };
    }
    return { ok: false, error: shareError("BAD_CONTENT", `This link's content could not be read (${String(e)}).`) };
  }
}

function wireToStateOrThrow(w: unknown): ShareState {
  if (!isObj(w)) throw new WireError("the payload is not an object.");
  const count = (Array.isArray(w.f) ? w.f.length : 0) + (Array.isArray(w.d) ? w.d.length : 0) + (Array.isArray(w.k) ? w.k.length : 0) + (Array.isArray(w.K) ? w.K.length : 0);
  if (count > MAX_FILES) {
    throw new WireError(`This link changes ${n(count)} files, deletions and links; a link may carry at most ${n(MAX_FILES)}. Nothing was opened.`, "TOO_MANY_FILES");
  }
  let lessonId: string | null = null;
  if (w.l !== undefined) {
    lessonId = str(w.l, "the lesson id", 64);
    if (!LESSON.test(lessonId)) throw new WireError(`the lesson id ${JSON.stringify(lessonId)} is not a valid id.`);
  }
  if (w.s !== undefined && w.s !== "p") throw new WireError(`the SELinux mode ${JSON.stringify(w.s)} is unknown.`);
  const selinux: SelinuxMode = w.s === "p" ? "permissive" : "enforcing";

  let request: ShareRequest | null = null;
  if (w.r !== undefined) {
    if (!isObj(w.r)) throw new WireError("the request is not an object.");
    const method = str(w.r.m, "the request method", 32);
    if (!TOKEN.test(method)) throw new WireError(`the request method ${JSON.stringify(method)} is not a valid HTTP method.`);
    // Generous limits: lessons may show Apache's own (LimitRequestLine 8190, LimitRequestFields 100).
    const target = str(w.r.u, "the request URL", 65536);
    if (target === "" || /[\r\n\u0000]/.test(target)) throw new WireError("the request URL is empty or has a line break in it.");
    let version: string | undefined;
    if (w.r.v !== undefined) {
      version = str(w.r.v, "the HTTP version", 16);
      if (!/^HTTP\/\d\.\d$/.test(version)) throw new WireError(`the HTTP version ${JSON.stringify(version)} is not valid.`);
    }
    const hs = w.r.h === undefined ? [] : arr(w.r.h, "the request headers");
    if (hs.length > 1000) throw new WireError("the request has more than 1,000 headers.");
    const headers = hs.map((h, i): [string, string] => {
      const x = arr(h, `request header ${i + 1}`);
      const name = str(x[0], `request header ${i + 1}'s name`, 256);
      const value = str(x[1], `request header ${i + 1}'s value`, 65536);
      if (x.length !== 2 || !TOKEN.test(name) || /[\r\n\u0000]/.test(value)) throw new WireError(`request header ${i + 1} is not a valid "Name: value" pair.`);
      return [name, value];
    });
    request = { method, target, ...(version ? { version } : {}), headers, body: body(w.r, "the request body") ?? new Uint8Array() };
  }

  const seen = new Set<string>();
  const files: FileChange[] = (w.f === undefined ? [] : arr(w.f, "the file list")).map((e, i) => {
    const what = `file ${i + 1}`;
    if (!isObj(e)) throw new WireError(`${what} is not an object.`);
    const p = path(e.p, `${what}'s path`);
    if (seen.has(p)) throw new WireError(`${p} appears twice.`);
    seen.add(p);
    const f: FileChange = { path: p, type: e.d === undefined ? "file" : "dir" };
    if (e.d !== undefined && e.d !== 1) throw new WireError(`${p}: the directory flag is not 1.`);
    const content = body(e, p);
    if (content) f.content = content;
    if (e.x !== undefined) f.patch = patchFromWire(e.x, `${p}'s line patch`);
    if (f.type === "dir" && (f.content || f.patch)) throw new WireError(`${p} is a directory but has content.`);
    if (f.content && f.patch) throw new WireError(`${p} has both full content and a line patch.`);
    if (e.m !== undefined) f.mode = int(e.m, `${p}'s mode`, 0o7777);
    if (e.L !== undefined) {
      f.label = str(e.L, `${p}'s SELinux label`, 255);
      if (!LABEL.test(f.label)) throw new WireError(`${p}'s SELinux label ${JSON.stringify(f.label)} is not user:role:type:level.`);
    }
    for (const [k, name] of [["o", "owner"], ["g", "group"]] as const) {
      if (e[k] !== undefined) {
        const v = str(e[k], `${p}'s ${name}`, 32);
        if (!USER.test(v)) throw new WireError(`${p}'s ${name} ${JSON.stringify(v)} is not a valid user or group name.`);
        f[name] = v;
      }
    }
    return f;
  });
  const deleted = (w.d === undefined ? [] : arr(w.d, "the deletion list")).map((p, i) => path(p, `deletion ${i + 1}`));
  const links = (w.k === undefined ? [] : arr(w.k, "the link list")).map((l, i) => {
    const x = arr(l, `symbolic link ${i + 1}`);
    if (x.length !== 2) throw new WireError(`symbolic link ${i + 1} is not [path, target].`);
    return { path: path(x[0], `symbolic link ${i + 1}'s path`), target: path(x[1], `symbolic link ${i + 1}'s target`) };
  });
  const removedLinks = (w.K === undefined ? [] : arr(w.K, "the removed-link list")).map((p, i) => path(p, `removed link ${i + 1}`));
  return { lessonId, selinux, request, files, deleted, links, removedLinks };
}
