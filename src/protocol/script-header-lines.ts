/**
 * How Apache reads a CGI script's header lines (getsfunc_BRIGADE in
 * server/util_script.c): every CR is dropped wherever it is, LF ends a line, a NUL
 * ends what the C string shows, and a line stops fitting at 8190 bytes.
 */

/**
 * getsfunc_BRIGADE fills a MAX_STRING_LEN-1 buffer and keeps a byte for the NUL:
 * a header line may hold 8189 bytes (CRs not counted); at 8190 Apache stops as if
 * output had ended.
 */
export const MAX_HEADER_LINE = 8189;

export type LineRead = { kind: "line"; text: string; next: number } | { kind: "partial" } | { kind: "overflow" };

/** One getsfunc_BRIGADE call: every CR is dropped, LF ends the line, a NUL ends what C sees. */
export function readLine(bytes: Uint8Array, from: number): LineRead {
  let text = "";
  let length = 0;
  for (let i = from; i < bytes.length; i++) {
    // The buffer is full before the next byte is even looked at, LF or not.
    if (length === MAX_HEADER_LINE + 1) return { kind: "overflow" };
    const b = bytes[i];
    if (b === 0x0a) return { kind: "line", text: text.split("\0", 1)[0], next: i + 1 };
    if (b !== 0x0d) {
      text += String.fromCharCode(b);
      length++;
    }
  }
  return length === MAX_HEADER_LINE + 1 ? { kind: "overflow" } : { kind: "partial" };
}

/**
 * Whether the header block is complete yet and where the body starts; for the
 * timeout case (504 only if it is not). parseScriptOutput() gives the verdict.
 */
export function scanScriptHeaders(bytes: Uint8Array): { complete: boolean; headerBytes: number; bodyOffset?: number } {
  let at = 0;
  for (;;) {
    const line = readLine(bytes, at);
    if (line.kind !== "line") return { complete: false, headerBytes: bytes.length };
    if (line.text === "") return { complete: true, headerBytes: line.next, bodyOffset: line.next };
    at = line.next;
  }
}
