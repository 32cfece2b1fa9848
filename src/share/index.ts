/**
 * # src/share: share links and "Download as zip"
 *
 * Pure functions (no DOM, no node:fs): they run in the engine worker, where
 * the Vfs lives, or in the page on a Vfs.restore()d copy.
 *
 * ## Share a workspace
 *
 *     const r = createShareLink({ current: vfs, base: lessonStartFs ?? createDefaultFs(),
 *                                 lessonId, selinux: "enforcing", request });
 *     if (r.ok) copy(shareLinkUrl(location.href, r.fragment));   // …/#s=v1.<base64url>
 *     else show(r.error.message);                                // TOO_LONG, TOO_MANY_FILES, TOO_LARGE
 *
 * The link carries only what differs from the base: new and changed files
 * (content, mode, label, owner), deleted paths, symlinks; long text files with
 * few changed lines (httpd.conf) travel as a line patch. Logs are left out.
 * Plus the lesson id, the SELinux mode and the request in the request bar.
 * It lives in the fragment, which browsers never send to a server.
 *
 * ## Open a link
 *
 *     const d = decodeShareLink(location.hash);
 *     if (!d.ok) { if (d.error.code !== "NOT_A_SHARE_LINK") showError(d.error.message); return; }
 *     const fs = lessonStartFs(d.state.lessonId) ?? createDefaultFs();  // a FRESH base
 *     const a = applyShareState(fs, d.state);                           // all or nothing
 *     if (!a.ok) showError(a.error.message);                            // BASE_CHANGED, BAD_PATH
 *     // then: open `fs` as a NEW workspace (src/storage createWorkspace), set
 *     // d.state.selinux and d.state.request; never run the request by itself.
 *     // describeShareState(d.state) lists the changes for the banner.
 *
 * decodeShareLink never throws; each failure has a code (ShareLinkErrorCode)
 * and a message to show as is ("This link is cut off: it ends 312 characters
 * early …").
 *
 * ## Link format v1 and limits
 *
 * `#s=v1.` + base64url (no padding) of: version byte, u32 inflated length,
 * u32 deflated length, u16 header check, deflate-raw level 9 of compact JSON
 * (see state.ts stateToWire), CRC-32 of all that (link.ts has the layout).
 * - MAX_LINK_CHARS (32 KiB of fragment) is checked before anything is decoded;
 * - MAX_DECOMPRESSED_BYTES (2 MiB) is checked against the declared length
 *   before inflating and enforced while inflating (a bomb stops early);
 * - MAX_FILES (500) entries: changed files + deletions + symlinks.
 *
 * ## Download as zip
 *
 *     const zip = workspaceZip(vfs, { compat: bundledPythonFiles(), lessonId, selinux });
 *     download(new Blob([zip], { type: "application/zip" }), "cgi-lab-workspace.zip");
 *
 * See workspace-zip.ts: a real server's tree with unix modes, README.md for
 * Fedora and Debian/Ubuntu, python-compat/ with cgi, cgitb and flup.
 */
import type { Vfs } from "../server/vfs.ts";
import { encodeShareLink, type EncodeResult } from "./link.ts";
import { captureShareState, type CaptureOptions, type SelinuxMode, type ShareRequest } from "./state.ts";

export type { ShareLinkError, ShareLinkErrorCode } from "./errors.ts";
export { decodeShareLink, encodeShareLink, FORMAT_VERSION, MAX_DECOMPRESSED_BYTES, MAX_LINK_CHARS, type DecodeResult, type EncodeResult, type EncodeStats } from "./link.ts";
export {
  applyShareState,
  captureShareState,
  describeShareState,
  ignoreLogs,
  MAX_FILES,
  type ApplyResult,
  type CaptureOptions,
  type FileChange,
  type LinePatch,
  type SelinuxMode,
  type ShareRequest,
  type ShareState,
} from "./state.ts";
export { buildWorkspaceZip, DEFAULT_EXCLUDES, workspaceZip, type CompatFile, type WorkspaceZipOptions, type ZipEntryInfo } from "./workspace-zip.ts";

export interface CreateShareLinkInput {
  /** The workspace as it is now. */
  current: Vfs;
  /** A fresh copy of what it started from: the lesson's start machine, or createDefaultFs(). */
  base: Vfs;
  lessonId: string | null;
  selinux: SelinuxMode;
  request: ShareRequest | null;
  options?: CaptureOptions;
}

/** captureShareState + encodeShareLink: the fragment for the Share button. */
export function createShareLink(input: CreateShareLinkInput): EncodeResult {
  const state = captureShareState(input.current, input.base, { lessonId: input.lessonId, selinux: input.selinux, request: input.request }, input.options);
  return encodeShareLink(state);
}

/** The page's address with `fragment` in place of any fragment it had. */
export function shareLinkUrl(pageHref: string, fragment: string): string {
  const at = pageHref.indexOf("#");
  return (at >= 0 ? pageHref.slice(0, at) : pageHref) + (fragment.startsWith("#") ? fragment : `#${fragment}`);
}

/** Whether a location.hash holds a share link (cheap; no decoding). */
export function hasShareLink(hash: string): boolean {
  return /(^|&)s=/.test(hash.slice(hash.indexOf("#") + 1));
}
