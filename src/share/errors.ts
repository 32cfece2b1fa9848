/** Every way a share link can fail, each with a code the UI can switch on and a message it can show as is. */

export type ShareLinkErrorCode =
  /** The fragment has no `s=` part: not a share link at all (the page just ignores it). */
  | "NOT_A_SHARE_LINK"
  /** Longer than MAX_LINK_CHARS: refused before any decoding. */
  | "TOO_LONG"
  /** `s=` is there but not followed by `v<number>.<data>`. */
  | "MALFORMED"
  /** Made by another (newer) version of CGI Lab. */
  | "UNSUPPORTED_VERSION"
  /** A character that base64url never contains. */
  | "BAD_CHARACTER"
  /** Characters are missing at the end. */
  | "TRUNCATED"
  /** Characters were added at the end. */
  | "EXTRA_CHARACTERS"
  /** The checksum does not match: characters were changed. */
  | "CORRUPTED"
  /** The content would expand past MAX_DECOMPRESSED_BYTES (a "zip bomb"), or past what the link declared. */
  | "TOO_LARGE"
  /** More than MAX_FILES files, deletions and links. */
  | "TOO_MANY_FILES"
  /** Checksum is right but the content is not a valid share state (made by hand, or a bug). */
  | "BAD_CONTENT"
  /** applyShareState: a line patch was made against different start files (the lesson changed since). */
  | "BASE_CHANGED"
  /** applyShareState: a path the base machine cannot take (missing parent, file where a directory is). */
  | "BAD_PATH";

export interface ShareLinkError {
  code: ShareLinkErrorCode;
  /** One or two plain sentences for the person who opened the link. */
  message: string;
}

export function shareError(code: ShareLinkErrorCode, message: string): ShareLinkError {
  return { code, message };
}

/** 1234 → "1,234" (no locale surprises in tests). */
export function n(x: number): string {
  return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

export function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB` : `${n(Math.ceil(bytes / 1024))} KiB`;
}
