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

/**
 * Bytes as text that shows what a terminal would hide: CR as ␍, LF as ␊
 * (followed by a real line break), TAB as ⇥, other control bytes as \xNN.
 */
export function visibleText(bytes: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "\n") out += "␊\n";
    else if (ch === "\r") out += "␍";
    else if (ch === "\t") out += "⇥";
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex2(c)}`;
    else out += ch;
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
