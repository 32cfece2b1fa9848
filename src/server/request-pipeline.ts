import { headerValue } from "../protocol/http-message.ts";
import { dirConfigFor, type DirConfig } from "./config/per-dir-config.ts";
import { errorResponse } from "./error-response.ts";
import { handlerFor } from "./mime.ts";
import type { HandlerResponse, RequestContext } from "./request-context.ts";
import { selinuxAllows, unixAllows } from "./selinux.ts";
import { translateName, walkPath, type Translation, type WalkResult } from "./translate.ts";
import { runCgi } from "./cgi-handler.ts";
import { serveStatic } from "./static-handler.ts";
import { dirname } from "./vfs.ts";

/** Everything the handlers need to know about where a request landed. */
export interface Resolved {
  translation: Translation;
  walk: WalkResult;
  dir: DirConfig;
  handler: string;
}

/** A handler for FastCGI requests, plugged in by the FastCGI modules. */
export type ExtraHandler = (ctx: RequestContext, r: Resolved) => Promise<HandlerResponse | null>;

const extraHandlers: ExtraHandler[] = [];

/** Registers a content handler (mod_fastcgi, mod_fcgid, mod_proxy_fcgi); it returns null to decline. */
export function registerHandler(h: ExtraHandler): void {
  extraHandlers.push(h);
}

/** The request cycle of Apache's core: translate, walk, check access, pick a handler, run it. */
export async function processRequest(ctx: RequestContext): Promise<{ response: HandlerResponse; handler: string }> {
  const cfg = ctx.server.config;
  // mod_proxy's translate hook runs before mod_alias: ProxyPass wins. Without ProxyPass it has
  // nothing to do, and the translation and merge it is handed are not worth making per request.
  for (const h of cfg.proxyPass.length ? extraHandlers : []) {
    const early = await h(ctx, { translation: translateName(cfg, ctx.path), walk: { filename: "", pathInfo: "", type: "none" }, dir: dirConfigFor(cfg, null, ctx.path), handler: "proxy-early" });
    if (early) return { response: early, handler: "proxy:fcgi" };
  }
  const translation = translateName(cfg, ctx.path);
  const walk = walkPath(ctx.server.fs, translation.filename);
  const dir = dirConfigFor(cfg, walk.type === "none" ? translation.filename : walk.filename, ctx.path, walk.type === "dir");
  // SetHandler, then mod_mime's AddHandler, then ScriptAlias's forced cgi-script (core_override_type's order).
  let handler = dir.setHandler ?? (walk.type === "file" ? handlerFor(dir, walk.filename) : undefined) ?? (translation.scriptAliased ? "cgi-script" : undefined) ?? "default-handler";
  const resolved: Resolved = { translation, walk, dir, handler };

  const denied = checkAccess(ctx, resolved);
  if (denied) return { response: denied, handler };

  for (const h of extraHandlers) {
    const res = await h(ctx, resolved);
    if (res) return { response: res, handler };
  }
  if (handler === "cgi-script" && (cfg.modules.has("cgi_module") || cfg.modules.has("cgid_module"))) {
    return { response: await runCgi(ctx, resolved), handler };
  }
  // Nothing claims an unknown handler (e.g. cgi-script without mod_cgi): core's default handler serves the file.
  handler = "default-handler";
  return { response: serveStatic(ctx, resolved), handler };
}

/** Authorization (Require) and the filesystem checks core does during the directory walk. */
function checkAccess(ctx: RequestContext, r: Resolved): HandlerResponse | null {
  const { fs, config } = ctx.server;
  const target = r.walk.type === "none" ? r.translation.filename : r.walk.filename;
  const req = r.dir.require;
  if (config.modules.has("authz_core_module") && req && req[0]?.toLowerCase() === "all" && req[1]?.toLowerCase() === "denied") {
    ctx.log("authz_core", "error", `AH01630: client denied by server configuration: ${target}`);
    return errorResponse(ctx, 403);
  }
  // Search permission (Unix and SELinux) on every directory up to the file.
  const parts = (r.walk.type === "dir" ? r.walk.filename : dirname(r.walk.filename)).split("/").filter(Boolean);
  let p = "";
  for (const part of parts) {
    p += "/" + part;
    const st = fs.stat(p);
    if (!st) break;
    if (!unixAllows(st, config.user, config.group, "x") || !selinuxAllows(ctx, st, "getattr")) return searchDenied(ctx, target);
  }
  if (r.walk.type !== "none") {
    const st = fs.stat(r.walk.filename)!;
    if (!selinuxAllows(ctx, st, "getattr")) return searchDenied(ctx, target);
  }
  return null;
}

function searchDenied(ctx: RequestContext, filename: string): HandlerResponse {
  ctx.log("core", "error", `AH00035: access to ${ctx.path} denied (filesystem path '${filename}') because search permissions are missing on a component of the path`);
  return errorResponse(ctx, 403);
}

export function requestHeader(ctx: RequestContext, name: string): string | undefined {
  return headerValue(ctx.req.headers, name);
}
