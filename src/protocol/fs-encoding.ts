/**
 * Bytes <-> strings the way a UTF-8 Linux process sees them (Python's
 * os.fsdecode: UTF-8 with surrogateescape). A decoded URL path can hold any
 * bytes; a byte that is not valid UTF-8 becomes U+DC80..U+DCFF and comes back
 * unchanged on encoding, so nothing is lost between Apache and the script.
 */

/** Latin-1 "byte strings" (one char per byte) are how header and log bytes travel as strings. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

export function latin1ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if there is none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  // 0xED would reach the surrogates, which UTF-8 forbids.
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** UTF-8 decode; each byte of an invalid sequence becomes U+DC00 + byte. */
export function fsDecode(bytes: Uint8Array): string {
  const decoder = new TextDecoder();
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    let j = i;
    while (j < bytes.length) {
      const n = sequenceLength(bytes, j);
      if (n === 0) break;
      j += n;
    }
    if (j > i) out += decoder.decode(bytes.subarray(i, j));
    if (j < bytes.length) out += String.fromCharCode(0xdc00 + bytes[j]);
    i = j + 1;
  }
  return out;
}

/** The inverse of fsDecode (other lone surrogates become U+FFFD, as TextEncoder does). */
export function fsEncode(text: string): Uint8Array {
  const encoder = new TextEncoder();
  const parts: number[] = [];
  let run = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A real pair (U+1F480 ends in \uDC80): not an escaped byte.
        run += text[i] + text[i + 1];
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(...encoder.encode(run), c - 0xdc00);
      run = "";
    } else {
      run += text[i];
    }
  }
  parts.push(...encoder.encode(run));
  return Uint8Array.from(parts);
}
