import type { DirConfig } from "./config/per-dir-config.ts";
import type { ServerConfig } from "./config/server-config.ts";
import type { Vfs } from "./vfs.ts";

/** mod_mime's type for a file: AddType first, then TypesConfig (/etc/mime.types). */
export function mimeTypeFor(fs: Vfs, cfg: ServerConfig, dir: Pick<DirConfig, "types">, filename: string): string | undefined {
  if (!cfg.modules.has("mime_module")) return undefined;
  const base = filename.slice(filename.lastIndexOf("/") + 1);
  // mod_mime looks at every extension; the last one that maps wins.
  const exts = base.split(".").slice(1).map((e) => e.toLowerCase());
  const table = typesTable(fs);
  let type: string | undefined;
  for (const ext of exts) type = dir.types.get(ext) ?? table.get(ext) ?? type;
  return type;
}

let cache: { data: Uint8Array | null; table: Map<string, string> } | undefined;

function typesTable(fs: Vfs): Map<string, string> {
  const data = fs.stat("/etc/mime.types") ? fs.readFile("/etc/mime.types") : null;
  // The Vfs gives a file new data when it is written: same bytes object, same table (no decoding per request).
  if (cache && cache.data === data) return cache.table;
  const text = data ? new TextDecoder().decode(data) : "";
  const table = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const [type, ...exts] = line.trim().split(/\s+/);
    if (type) for (const e of exts) table.set(e.toLowerCase(), type);
  }
  cache = { data, table };
  return table;
}

/** The handler mod_mime assigns from AddHandler, by the file's extensions. */
export function handlerFor(dir: DirConfig, filename: string): string | undefined {
  const base = filename.slice(filename.lastIndexOf("/") + 1);
  let handler: string | undefined;
  for (const ext of base.split(".").slice(1)) handler = dir.handlers.get(ext.toLowerCase()) ?? handler;
  return handler;
}

/** AddDefaultCharset: text/plain and text/html without a charset get one. */
export function withDefaultCharset(cfg: ServerConfig, contentType: string | undefined): string | undefined {
  if (!contentType || !cfg.addDefaultCharset) return contentType;
  if (/^text\/(plain|html)\s*$/i.test(contentType) || /^text\/(plain|html)\s*;(?!.*charset)/i.test(contentType)) {
    return `${contentType}; charset=${cfg.addDefaultCharset}`;
  }
  return contentType;
}
