/**
 * Serves Pyodide's runtime files from the site's own origin under /pyodide/:
 * a middleware in `vite` and `vite preview`, and a copy into dist/pyodide/ on
 * build. No CDN: the page never asks another origin for anything.
 */
import { createReadStream, existsSync, mkdirSync, copyFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Connect, Plugin } from "vite";

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

function middleware(base: string): Connect.NextHandleFunction {
  const dir = pyodideDir();
  const prefix = `${base.replace(/\/$/, "")}/pyodide/`;
  return (req, res, next) => {
    const url = (req.url ?? "").split("?")[0];
    if (!url.startsWith(prefix)) return next();
    const name = url.slice(prefix.length);
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
      outDir = join(config.root, config.build.outDir);
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use(middleware(base));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(base));
    },
    closeBundle() {
      if (!existsSync(outDir)) return;
      const dir = pyodideDir();
      mkdirSync(join(outDir, "pyodide"), { recursive: true });
      for (const name of PYODIDE_FILES) copyFileSync(join(dir, name), join(outDir, "pyodide", name));
    },
  };
}
