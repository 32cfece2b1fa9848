/** One header as it appeared on the wire; order and duplicates are kept. */
export type HeaderField = [name: string, value: string];

/** An HTTP request as the emulated server receives it. */
export interface HttpRequest {
  method: string;
  /** The raw request-target from the request line: not decoded, query included. */
  target: string;
  /** "HTTP/1.1" or "HTTP/1.0". */
  version: string;
  headers: HeaderField[];
  body: Uint8Array;
  /** Client and server socket addresses (emulated in the browser). */
  remoteAddr: string;
  remotePort: number;
  localAddr: string;
  localPort: number;
}

/** A response as the emulated server sends it. */
export interface HttpResponse {
  status: number;
  reason: string;
  headers: HeaderField[];
  body: Uint8Array;
}

export function headerValue(headers: readonly HeaderField[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return undefined;
}

export function withoutHeader(headers: readonly HeaderField[], name: string): HeaderField[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() !== lower);
}

/**
 * Folds repeated fields into one, as Apache does when it reads a request
 * (apr_table_compress with MERGE): names compare case-insensitively, the first
 * spelling and position win, values are joined with ", ".
 */
export function mergeHeaderFields(headers: readonly HeaderField[]): HeaderField[] {
  const out: HeaderField[] = [];
  const index = new Map<string, number>();
  for (const [name, value] of headers) {
    const key = asciiLower(name);
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push([name, value]);
    } else {
      out[at] = [out[at][0], `${out[at][1]}, ${value}`];
    }
  }
  return out;
}

/** Lower-cases A-Z only, as APR's case-insensitive compares do (names may be latin-1 bytes). */
const NON_ASCII = /[^\x00-\x7f]/;
export function asciiLower(text: string): string {
  // Pure ASCII (nearly always): toLowerCase changes exactly A-Z. A callback per capital letter was a hot spot.
  return NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : text.toLowerCase();
}
