/** base64url without padding (RFC 4648 §5), strict on the way in. */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

export function toBase64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** Characters that unpadded base64url of `byteCount` bytes takes. */
export function base64urlLength(byteCount: number): number {
  return Math.ceil((byteCount * 4) / 3);
}

/** Index of the first character outside the base64url alphabet, or -1. */
export function firstInvalidChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || LOOKUP[c] < 0) return i;
  }
  return -1;
}

export type Base64Decoded = { ok: true; bytes: Uint8Array } | { ok: false; reason: "char"; at: number } | { ok: false; reason: "length" | "noncanonical" };

/**
 * Decodes unpadded base64url. Refuses characters outside the alphabet, a
 * length no encoder makes (4n+1), and unused low bits that are not zero, so
 * that every change of a character changes the decoded bytes.
 */
export function fromBase64url(text: string): Base64Decoded {
  const bad = firstInvalidChar(text);
  if (bad >= 0) return { ok: false, reason: "char", at: bad };
  if (text.length % 4 === 1) return { ok: false, reason: "length" };
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let i = 0;
  const v = (k: number) => LOOKUP[text.charCodeAt(k)];
  for (; i + 3 < text.length; i += 4) {
    const n = (v(i) << 18) | (v(i + 1) << 12) | (v(i + 2) << 6) | v(i + 3);
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = text.length - i;
  if (rest === 2) {
    const n = (v(i) << 18) | (v(i + 1) << 12);
    if (n & 0xffff) return { ok: false, reason: "noncanonical" };
    out[o++] = n >> 16;
  } else if (rest === 3) {
    const n = (v(i) << 18) | (v(i + 1) << 12) | (v(i + 2) << 6);
    if (n & 0xff) return { ok: false, reason: "noncanonical" };
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
  }
  return { ok: true, bytes: out };
}

/** Standard base64 (with padding) for binary file contents inside the JSON payload. */
export function toBase64(bytes: Uint8Array): string {
  const s = toBase64url(bytes).replace(/-/g, "+").replace(/_/g, "/");
  return s + "=".repeat((4 - (s.length % 4)) % 4);
}

export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const r = fromBase64url(text.replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"));
  return r.ok ? r.bytes : null;
}
