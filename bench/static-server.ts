/**
 * A small static server for dist/, as a production host would serve it:
 * correct MIME types (.wasm, .mjs), gzip for compressible types (JS, CSS,
 * JSON, HTML, wasm, the stdlib zip when it helps), compressed once per file
 * and kept; ETag revalidation; Cache-Control so a repeat visit can use the
 * HTTP cache (hashed /assets/ are immutable for a year, Pyodide's files a
 * day, HTML and the service worker always revalidated). SPA fallback to
 * index.html like `vite preview`.
 *
 * It counts every byte written to its sockets (status lines, headers and
 * bodies, after compression): the honest transfer size of a visit.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

export const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".ttf": "font/ttf",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".map", ".ttf", ".zip"]);

export function cacheControlFor(path: string): string {
  if (path.startsWith("/assets/")) return "public, max-age=31536000, immutable";
  if (path.startsWith("/pyodide/")) return "public, max-age=86400";
  return "no-cache";
}

interface Entry {
  body: Buffer;
  gz: Buffer | null;
  etag: string;
  type: string;
  mtime: Date;
}

export interface StaticServer {
  url: string;
  port: number;
  /** Bytes written to all sockets since the last resetBytes(). */
  bytes(): number;
  resetBytes(): void;
  /** Requests served since the last resetBytes(), by path. */
  requests(): string[];
  close(): Promise<void>;
}

export async function startStaticServer(root: string, port = 0): Promise<StaticServer> {
  const cache = new Map<string, Entry | null>();
  const load = (file: string): Entry | null => {
    if (cache.has(file)) return cache.get(file)!;
    let e: Entry | null = null;
    try {
      const st = statSync(file);
      if (st.isFile()) {
        const body = readFileSync(file);
        const ext = extname(file);
        let gz: Buffer | null = null;
        if (COMPRESSIBLE.has(ext) && body.length > 1024) {
          const z = gzipSync(body, { level: 6 });
          if (z.length < body.length * 0.9) gz = z; // keep only when it really saves
        }
        e = { body, gz, etag: `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`, type: MIME[ext] ?? "application/octet-stream", mtime: st.mtime };
      }
    } catch {
      e = null;
    }
    cache.set(file, e);
    return e;
  };

  // Every file read and compressed before the first request: done lazily, the first visit of a
  // run waited on gzip of Pyodide's 9.6 MB wasm in this same process (it skewed "cold" figures).
  for (const f of readdirSync(root, { recursive: true, encoding: "utf8" })) load(join(root, f));

  let closedBytes = 0;
  let baseline = 0;
  let paths: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let path = decodeURIComponent(url.pathname);
    paths.push(path);
    const rel = normalize(path).replace(/^([/\\])+/, "");
    let file = join(root, rel);
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    let e = path.endsWith("/") ? load(join(file, "index.html")) : load(file);
    if (!e && !extname(path)) {
      e = load(join(root, "index.html")); // SPA fallback
      path = "/index.html";
    }
    if (!e) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    const headers: Record<string, string> = {
      "Content-Type": e.type,
      "Cache-Control": cacheControlFor(path),
      ETag: e.etag,
      "Last-Modified": e.mtime.toUTCString(),
      Vary: "Accept-Encoding",
    };
    if (path === "/mockServiceWorker.js" || path === "/cgi-lab-sw.js") headers["Service-Worker-Allowed"] = "/";
    if (req.headers["if-none-match"] === e.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = e.gz && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? e.gz! : e.body;
    if (gzip) headers["Content-Encoding"] = "gzip";
    headers["Content-Length"] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.keepAliveTimeout = 5000;
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => {
      closedBytes += s.bytesWritten;
      sockets.delete(s);
    });
  });
  const total = () => closedBytes + [...sockets].reduce((a, s) => a + s.bytesWritten, 0);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    bytes: () => total() - baseline,
    resetBytes: () => {
      baseline = total();
      paths = [];
    },
    requests: () => [...paths],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
