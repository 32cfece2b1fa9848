/**
 * Hex helpers for captures (`*.hex`: one line of lowercase hex), test
 * vectors and dumps. Pure string work so it runs in the browser too.
 */

const HEX_DIGITS = "0123456789abcdef";

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15];
  return out;
}

/** Hex text → bytes; whitespace anywhere is ignored. Undefined if not hex. */
export function parseHex(text: string): Uint8Array | undefined {
  const digits = text.replace(/\s+/g, "");
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) return undefined;
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when `bytes` is text made only of hex digits and whitespace (and has some digits). */
export function looksLikeHexText(bytes: Uint8Array): boolean {
  let digits = 0;
  for (const b of bytes) {
    const isDigit = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
    const isSpace = b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
    if (isDigit) digits++;
    else if (!isSpace) return false;
  }
  return digits > 0;
}

/**
 * Classic 16-per-line dump: `000000  01 02 …  |..|`, offsets counted from
 * `baseOffset` and printed in `radix` (10 matches decoders that print
 * record offsets in decimal).
 */
export function hexDumpLines(bytes: Uint8Array, baseOffset = 0, radix: 10 | 16 = 16, width = 16): string[] {
  const lines: string[] = [];
  for (let at = 0; at < bytes.length; at += width) {
    const row = bytes.subarray(at, at + width);
    const hex = Array.from(row, (b) => HEX_DIGITS[b >> 4] + HEX_DIGITS[b & 15]).join(" ");
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${(baseOffset + at).toString(radix).padStart(6, radix === 16 ? "0" : " ")}  ${hex.padEnd(width * 3 - 1)}  |${ascii}|`);
  }
  return lines;
}

/** Base64 without Node's Buffer (btoa exists in browsers and Node ≥ 16). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const CHUNK = 0x8000; // keep String.fromCharCode's argument list small
  for (let at = 0; at < bytes.length; at += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  }
  return btoa(binary);
}
