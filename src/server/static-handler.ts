import { formatHttpDate as httpDate } from "../protocol/http-date.ts";
import { headerValue, type HeaderField } from "../protocol/http-message.ts";
import { errorResponse } from "./error-response.ts";
import { mimeTypeFor, withDefaultCharset } from "./mime.ts";
import type { HandlerResponse, RequestContext } from "./request-context.ts";
import type { Resolved } from "./request-pipeline.ts";
import { selinuxAllows, unixAllows } from "./selinux.ts";
import { serverNameAndPort, serverSignature } from "./server-identity.ts";
import { autoindexPage } from "./autoindex.ts";

/** Apache's ETag for a file: size and mtime in microseconds, in hex. */
export function etagFor(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${(mtimeMs * 1000).toString(16)}"`;
}

/** core's default_handler plus mod_dir and mod_autoindex for directories. */
export function serveStatic(ctx: RequestContext, r: Resolved): HandlerResponse {
  const { fs, config } = ctx.server;
  if (r.walk.type === "none") {
    ctx.log("core", "info", `AH00128: File does not exist: ${r.translation.filename}`);
    return errorResponse(ctx, 404);
  }
  if (r.walk.type === "dir") return serveDirectory(ctx, r);
  if (r.walk.pathInfo && r.dir.acceptPathInfo !== "on") {
    return errorResponse(ctx, 404);
  }
  if (ctx.method !== "GET" && ctx.method !== "HEAD") {
    if (ctx.method === "OPTIONS") return { status: 200, headers: [["Allow", "GET,POST,OPTIONS,HEAD"]], body: new Uint8Array() };
    // Apache's default handler serves a file for POST as for GET (checked on 2.4.71); other methods are refused.
    if (ctx.method !== "POST") return errorResponse(ctx, 405);
  }
  const st = fs.stat(r.walk.filename)!;
  if (!unixAllows(st, config.user, config.group, "r") || !selinuxAllows(ctx, st, "read")) {
    ctx.log("core", "error", `(13)Permission denied: AH00132: file permissions deny server access: ${r.walk.filename}`);
    return errorResponse(ctx, 403);
  }
  const etag = etagFor(st.size, st.mtimeMs);
  const lastModified = httpDate(Math.min(st.mtimeMs, ctx.server.clock()));
  const headers: HeaderField[] = [
    ["Last-Modified", lastModified],
    ["ETag", etag],
    ["Accept-Ranges", "bytes"],
  ];
  const inm = headerValue(ctx.req.headers, "If-None-Match");
  const ims = headerValue(ctx.req.headers, "If-Modified-Since");
  if ((inm && inm.split(/\s*,\s*/).includes(etag)) || (!inm && ims && Date.parse(ims) >= Math.floor(st.mtimeMs / 1000) * 1000)) {
    return { status: 304, headers: [["Last-Modified", lastModified], ["ETag", etag]], body: new Uint8Array() };
  }
  const type = withDefaultCharset(config, mimeTypeFor(fs, config, r.dir, r.walk.filename));
  return { status: 200, headers, body: fs.readFile(r.walk.filename), contentType: type };
}

function serveDirectory(ctx: RequestContext, r: Resolved): HandlerResponse {
  const { fs, config } = ctx.server;
  const dirPath = r.walk.filename;
  if (config.modules.has("dir_module") && !ctx.path.endsWith("/")) {
    const { name, port } = serverNameAndPort(ctx);
    const loc = `http://${name}${port === 80 ? "" : `:${port}`}${encodeURI(ctx.path)}/${ctx.query ? `?${ctx.query}` : ""}`;
    return errorResponse(ctx, 301, { location: loc });
  }
  if (config.modules.has("dir_module")) {
    for (const index of r.dir.directoryIndex) {
      const candidate = `${dirPath.replace(/\/$/, "")}/${index}`;
      if (fs.stat(candidate)?.type === "file") {
        // mod_dir's fast internal redirect: no REDIRECT_* variables.
        return { status: 200, headers: [], body: new Uint8Array(), internalRedirect: { uri: ctx.path + index + (ctx.query ? `?${ctx.query}` : ""), fast: true } };
      }
    }
  }
  if (config.modules.has("autoindex_module") && r.dir.options.has("Indexes")) {
    const html = autoindexPage(fs, dirPath, ctx.path, serverSignature(ctx));
    return { status: 200, headers: [], body: new TextEncoder().encode(html), contentType: withDefaultCharset(config, "text/html;charset=UTF-8") };
  }
  const list = r.dir.directoryIndex.join(",");
  ctx.log("autoindex", "error", `AH01276: Cannot serve directory ${dirPath.replace(/\/?$/, "/")}: No matching DirectoryIndex (${list || "none"}) found, and server-generated directory index forbidden by Options directive`);
  return errorResponse(ctx, 403);
}
