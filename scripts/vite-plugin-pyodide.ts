/**
 * Serves Pyodide's runtime files from the site's own origin under /pyodide/:
 * a middleware in `vite` and `vite preview`, and a copy into dist/pyodide/ on
 * build. No CDN: the page never asks another origin for anything.
 *
 * Also the Python memory snapshot made ahead of time (scripts/make-snapshot.ts):
 * on build it is written to dist/pyodide/snapshots/<key>.gz; the dev server
 * makes it in the background at start and serves it from the Node runner's
 * disk cache once there (until then the browser makes its own).
 */
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, copyFileSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Connect, Plugin } from "vite";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const MAKE_SNAPSHOT = join(ROOT, "scripts", "make-snapshot.ts");

export const PYODIDE_FILES = [
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
] as const;

const TYPES: Record<string, string> = {
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".json": "application/json; charset=utf-8",
};

export function pyodideDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve("pyodide/package.json"));
}

/** Dev server: /pyodide/snapshots/<key>.gz from the Node runner's disk cache (<key>.snapshot), gzipped once. */
function snapshotFromCache(name: string): Buffer | null {
  const m = /^snapshots\/([A-Za-z0-9._-]+)\.gz$/.exec(name);
  if (!m) return null;
  const file = join(dirname(pyodideDir()), ".cache", "cgi-lab", `${m[1]}.snapshot`);
  if (!existsSync(file)) return null;
  const cached = gzipped.get(file);
  const mtime = statSync(file).mtimeMs;
  if (cached && cached.mtime === mtime) return cached.body;
  const body = gzipSync(readFileSync(file), { level: 1 });
  gzipped.set(file, { mtime, body });
  return body;
}
const gzipped = new Map<string, { mtime: number; body: Buffer }>();

function middleware(base: string): Connect.NextHandleFunction {
  const dir = pyodideDir();
  const prefix = `${base.replace(/\/$/, "")}/pyodide/`;
  return (req, res, next) => {
    const url = (req.url ?? "").split("?")[0];
    if (!url.startsWith(prefix)) return next();
    const name = url.slice(prefix.length);
    if (name.startsWith("snapshots/")) {
      const body = snapshotFromCache(name);
      // Not made yet (or another key): a plain 404, not the SPA's index.html.
      if (!body) return void res.writeHead(404, { "Content-Type": "text/plain" }).end("no such snapshot\n");
      res.setHeader("Content-Type", "application/octet-stream");
      res.setHeader("Content-Length", String(body.length));
      res.setHeader("Cache-Control", "no-cache");
      res.end(body);
      return;
    }
    if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
    const file = join(dir, name);
    const ext = name.slice(name.lastIndexOf("."));
    res.setHeader("Content-Type", TYPES[ext] ?? "application/octet-stream");
    res.setHeader("Content-Length", String(statSync(file).size));
    res.setHeader("Cache-Control", "public, max-age=3600");
    createReadStream(file).pipe(res);
  };
}

export function pyodidePlugin(): Plugin {
  let outDir = "dist";
  let base = "/";
  return {
    name: "cgi-lab:pyodide",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use(middleware(base));
      // In the background: the first page load may come before it is done and make its own.
      const child = spawn(TSX, [MAKE_SNAPSHOT], { cwd: ROOT, stdio: "ignore" });
      child.on("error", () => {});
      server.httpServer?.on("close", () => child.kill());
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(base));
    },
    closeBundle() {
      if (!existsSync(outDir)) return;
      const dir = pyodideDir();
      mkdirSync(join(outDir, "pyodide"), { recursive: true });
      for (const name of PYODIDE_FILES) copyFileSync(join(dir, name), join(outDir, "pyodide", name));
      const made = spawnSync(TSX, [MAKE_SNAPSHOT, join(outDir, "pyodide", "snapshots")], { cwd: ROOT, encoding: "utf8" });
      if (made.status === 0) this.info?.(made.stdout.trim());
      // Not fatal: without it a first visit makes the snapshot in the browser (about 2.5 s more).
      else this.warn(`could not make the Python memory snapshot ahead of time: ${(made.stderr || made.stdout || String(made.error)).trim()}`);
    },
  };
}
