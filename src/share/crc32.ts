/** CRC-32 (IEEE 802.3, the one zip and PNG use), over bytes or a UTF-8 string. */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array | string, start = 0, end = typeof data === "string" ? -1 : data.length): number {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const stop = end < 0 ? bytes.length : end;
  let c = 0xffffffff;
  for (let i = start; i < stop; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
