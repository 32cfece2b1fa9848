/**
 * The Python files installed into every interpreter: src/runtime/python/
 * _cgi_lab_runtime.py and everything under site-packages/ (the compat modules),
 * bundled by Vite at build time as text. The Node host reads the same files
 * from disk (sources-node.ts).
 */
import type { PythonFile } from "./protocol.ts";

const modules = import.meta.glob(["./_cgi_lab_runtime.py", "./site-packages/**/*.py"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export function bundledPythonFiles(): PythonFile[] {
  return Object.entries(modules)
    .map(([path, text]) => ({ path: path.replace(/^\.\//, ""), text }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
