/** Builds the file tree from the worker's flat list, and formats modes like `ls -l`. */
import type { FsEntry } from "../../worker/api.ts";

export interface TreeNode {
  entry: FsEntry;
  name: string;
  children: TreeNode[];
}

/**
 * Names as a person scans them: case folded first, then code units. Not
 * localeCompare: its collator costs ~13 ms to set up, on the page's start-up path.
 */
function nameOrder(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildTree(entries: readonly FsEntry[]): TreeNode | null {
  const byPath = new Map<string, TreeNode>();
  let root: TreeNode | null = null;
  // Parents before children: a path sorts before any path it prefixes.
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const node: TreeNode = { entry: e, name: e.path === "/" ? "/" : e.path.slice(e.path.lastIndexOf("/") + 1), children: [] };
    byPath.set(e.path, node);
    if (e.path === "/") root = node;
    else byPath.get(e.path.slice(0, e.path.lastIndexOf("/")) || "/")?.children.push(node);
  }
  const sort = (n: TreeNode) => {
    n.children.sort((a, b) => (a.entry.type === b.entry.type ? nameOrder(a.name, b.name) : a.entry.type === "dir" ? -1 : 1));
    n.children.forEach(sort);
  };
  if (root) sort(root);
  return root;
}

/** 0o755 and "file" → `-rwxr-xr-x`, with setuid/setgid/sticky as ls shows them. */
export function modeString(type: "file" | "dir", mode: number): string {
  const t = type === "dir" ? "d" : "-";
  const bits = ["r", "w", "x", "r", "w", "x", "r", "w", "x"].map((c, i) => (mode & (0o400 >> i) ? c : "-"));
  const special = (i: number, flag: number, on: string, off: string) => {
    if (mode & flag) bits[i] = bits[i] === "x" ? on : off;
  };
  special(2, 0o4000, "s", "S");
  special(5, 0o2000, "s", "S");
  special(8, 0o1000, "t", "T");
  return t + bits.join("");
}

export function isExecutable(e: FsEntry): boolean {
  return e.type === "file" && (e.mode & 0o111) !== 0;
}

/** Directories open at first: the path to each of the given files. */
export function ancestors(paths: readonly string[]): string[] {
  const out = new Set<string>(["/"]);
  for (const p of paths) {
    const parts = p.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i++) out.add("/" + parts.slice(0, i).join("/"));
  }
  return [...out];
}

/** Which editor language a file opens in. */
export function languageOf(path: string): "python" | "apacheconf" | "html" | "plaintext" {
  if (/\.(py|cgi|fcgi)$/.test(path)) return "python";
  if (/\.(conf|htaccess)$/.test(path) || path.endsWith("/.htaccess")) return "apacheconf";
  if (/\.html?$/.test(path)) return "html";
  return "plaintext";
}
