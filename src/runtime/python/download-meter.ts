/**
 * Counts the bytes of the downloads Python's start makes (Pyodide's files,
 * the shipped snapshot), for the page's progress bar.
 */

export interface DownloadProgress {
  /** Body bytes read so far, over every tracked download. */
  loaded: number;
  /**
   * The bytes all of them will have, or null while any one's size is not
   * known: no Content-Length, or a compressed body (Content-Length then
   * counts the compressed bytes, the body reads decoded ones).
   */
  total: number | null;
  /** Tracked downloads not read to their end yet. */
  pending: number;
}

interface Download {
  loaded: number;
  size: number | null;
  done: boolean;
}

export class DownloadMeter {
  private readonly downloads = new Map<string, Download>();
  constructor(private readonly report: (p: DownloadProgress) => void) {}

  /**
   * A response whose body counts as it is read (same status and headers).
   * `keep`: the response itself comes back and a copy of its body is counted
   * instead, for a consumer that needs the original (the wasm compiler keys
   * its code cache by the response's URL, which a new Response has not).
   */
  track(url: string, r: Response, { keep = false }: { keep?: boolean } = {}): Response {
    const encoding = (r.headers.get("Content-Encoding") ?? "identity").toLowerCase();
    const length = r.headers.get("Content-Length");
    const size = length !== null && encoding === "identity" && /^\d+$/.test(length) ? Number(length) : null;
    const d: Download = { loaded: 0, size, done: !r.body };
    this.downloads.set(url, d);
    this.emit();
    if (!r.body) return r;
    const add = (n: number) => {
      d.loaded += n;
      this.emit();
    };
    const end = () => {
      d.done = true;
      this.emit();
    };
    if (keep) {
      void this.drain(r.clone(), add).then(end, end);
      return r;
    }
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, out) => {
        add(chunk.length);
        out.enqueue(chunk);
      },
      flush: end,
    });
    return new Response(r.body.pipeThrough(counter), { status: r.status, statusText: r.statusText, headers: r.headers });
  }

  private async drain(copy: Response, add: (n: number) => void): Promise<void> {
    const reader = copy.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      add(value.length);
    }
  }

  private emit(): void {
    let loaded = 0;
    let total: number | null = 0;
    let pending = 0;
    for (const d of this.downloads.values()) {
      loaded += d.loaded;
      if (!d.done) pending++;
      // A finished download's size is what it had; an unfinished one without a known size leaves the total unknown.
      const size = d.done ? d.loaded : d.size === null ? null : Math.max(d.size, d.loaded);
      total = total === null || size === null ? null : total + size;
    }
    this.report({ loaded, total, pending });
  }
}
