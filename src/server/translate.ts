import type { ServerConfig } from "./config/server-config.ts";
import { normalizePath, type Vfs } from "./vfs.ts";

export interface Translation {
  /** The filesystem path the URL maps to, before splitting off path info. */
  filename: string;
  /** ScriptAlias sets the cgi-script handler and lets scripts run without ExecCGI. */
  scriptAliased: boolean;
  /** The URL prefix that matched an alias ("/cgi-bin/"), for CONTEXT_PREFIX. */
  contextPrefix: string;
  contextDocumentRoot: string;
}

/** mod_alias then core's translate_name: where a decoded URL path lives on disk. */
export function translateName(cfg: ServerConfig, path: string): Translation {
  for (const a of cfg.aliases) {
    const script = a.kind === "ScriptAlias" || a.kind === "ScriptAliasMatch";
    if (a.kind === "Alias" || a.kind === "ScriptAlias") {
      const len = aliasMatchLength(path, a.from);
      if (len > 0) {
        const target = a.to + path.slice(len);
        return { filename: normalizePath(target), scriptAliased: script, contextPrefix: a.from, contextDocumentRoot: a.to };
      }
    } else {
      const re = new RegExp(a.from);
      const m = re.exec(path);
      if (m) {
        const target = a.to.replace(/\$(\d)/g, (_x, d: string) => m[Number(d)] ?? "");
        return { filename: normalizePath(target), scriptAliased: script, contextPrefix: "", contextDocumentRoot: "" };
      }
    }
  }
  return { filename: normalizePath(cfg.documentRoot + path), scriptAliased: false, contextPrefix: "", contextDocumentRoot: cfg.documentRoot };
}

/** mod_alias's alias_matches: slashes in the alias must match runs of slashes; returns matched length or 0. */
function aliasMatchLength(uri: string, alias: string): number {
  let u = 0;
  let a = 0;
  while (a < alias.length) {
    if (alias[a] === "/") {
      if (uri[u] !== "/") return 0;
      while (alias[a] === "/") a++;
      while (uri[u] === "/") u++;
    } else {
      if (uri[u++] !== alias[a++]) return 0;
    }
  }
  // The alias must end at a path-segment boundary.
  if (alias[alias.length - 1] !== "/" && u < uri.length && uri[u] !== "/") return 0;
  return u;
}

export interface WalkResult {
  /** The longest existing path: the file (or directory) the request is for. */
  filename: string;
  pathInfo: string;
  type: "file" | "dir" | "none";
}

/**
 * Like ap_directory_walk: the longest prefix of the filename that exists is
 * the resource, and whatever follows a file is path info.
 */
export function walkPath(fs: Vfs, filename: string): WalkResult {
  const parts = filename.split("/").filter(Boolean);
  let current = "";
  for (let i = 0; i < parts.length; i++) {
    const next = `${current}/${parts[i]}`;
    const st = fs.stat(next);
    if (!st) {
      return { filename: next, pathInfo: i + 1 < parts.length ? "/" + parts.slice(i + 1).join("/") : "", type: "none" };
    }
    if (st.type === "file") {
      const rest = parts.slice(i + 1).join("/");
      return { filename: next, pathInfo: rest ? "/" + rest + (filename.endsWith("/") ? "/" : "") : filename.endsWith("/") && i + 1 === parts.length ? "/" : "", type: "file" };
    }
    current = next;
  }
  return { filename: current || "/", pathInfo: "", type: "dir" };
}
