/** Byte helpers for the Protocol and Response panes. */

export interface HexRow {
  offset: number;
  bytes: number[];
}

export function hexRows(bytes: Uint8Array, width = 16, limit = 64 * 1024): HexRow[] {
  const rows: HexRow[] = [];
  const n = Math.min(bytes.length, limit);
  for (let at = 0; at < n; at += width) rows.push({ offset: at, bytes: Array.from(bytes.subarray(at, Math.min(at + width, n))) });
  return rows;
}

export const hex2 = (b: number) => b.toString(16).padStart(2, "0");
export const hexOffset = (n: number) => n.toString(16).padStart(6, "0");
/** Printable ASCII as itself, everything else as a dot. */
export const asciiChar = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".");

/** A run of text, or a control byte shown as an escape (`\n`, `\r`, `\t`, `\x01`). */
export interface TextToken {
  text: string;
  control?: boolean;
}

/**
 * Bytes as text that shows what a terminal would hide: CR, LF, TAB and other
 * control bytes become escape tokens (LF is followed by a real line break).
 */
export function visibleTokens(bytes: Uint8Array): TextToken[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  const out: TextToken[] = [];
  let run = "";
  const ctl = (t: string) => {
    if (run) out.push({ text: run });
    run = "";
    out.push({ text: t, control: true });
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\n") {
      ctl("\\n");
      run = "\n";
    } else if (ch === "\r") ctl("\\r");
    else if (ch === "\t") ctl("\\t");
    else if (c < 0x20 || c === 0x7f) ctl(`\\x${hex2(c)}`);
    else run += ch;
  }
  if (run) out.push({ text: run });
  return out;
}

/** The same as one string (for tests and plain-text views). */
export function visibleText(bytes: Uint8Array): string {
  return visibleTokens(bytes)
    .map((t) => t.text)
    .join("");
}

/** One array of all the parts' bytes, in order (the protocol layer's; it is pure). */
export { concatBytes as concat } from "../../protocol/fastcgi/record.ts";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
