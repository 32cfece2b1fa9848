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
