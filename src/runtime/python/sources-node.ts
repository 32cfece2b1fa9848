/**
 * The Python files installed into every interpreter: src/runtime/python/
 * _cgi_lab_runtime.py and everything under site-packages/ (the compat modules),
 * read from disk: the Node host's counterpart of sources-web.ts, which gets
 * the same files from Vite at build time.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { PythonFile } from "./protocol.ts";

/** Only these go into the interpreter (not, say, the compat modules' unittest suite in tests/). */
export function isInstalled(relPath: string): boolean {
  return relPath === "_cgi_lab_runtime.py" || (relPath.startsWith("site-packages/") && relPath.endsWith(".py"));
}

/** src/runtime/python/ on disk. */
export const PYTHON_DIR = fileURLToPath(new URL(".", import.meta.url));

export async function loadPythonFilesFromDisk(dir: string = PYTHON_DIR): Promise<PythonFile[]> {
  const out: PythonFile[] = [];
  async function walk(d: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === "__pycache__" || e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.endsWith(".py")) {
        out.push({ path: relative(dir, p).split(sep).join("/"), text: await readFile(p, "utf8") });
      }
    }
  }
  await walk(dir);
  return out.filter((f) => isInstalled(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
