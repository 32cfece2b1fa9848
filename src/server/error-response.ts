import { apacheErrorPage } from "../protocol/apache-error-page.ts";
import type { HeaderField } from "../protocol/http-message.ts";
import type { HandlerResponse, RequestContext } from "./request-context.ts";
import { serverSignature } from "./server-identity.ts";

/** Statuses after which Apache closes the connection (ap_status_drops_connection). */
const DROPS = new Set([400, 408, 411, 413, 414, 500, 503, 501]);

/** Apache's canned error response for a status, with its HTML body. */
export function errorResponse(ctx: RequestContext, status: number, opts: { location?: string; headers?: HeaderField[] } = {}): HandlerResponse {
  const body = apacheErrorPage({
    status,
    method: ctx.method,
    uri: ctx.path,
    serverAdmin: ctx.server.config.serverAdmin,
    signature: serverSignature(ctx),
    location: opts.location,
  });
  const headers: HeaderField[] = [...(opts.headers ?? [])];
  if (opts.location) headers.push(["Location", opts.location]);
  if (status === 405) headers.unshift(["Allow", "GET,POST,OPTIONS,HEAD"]);
  return {
    status,
    headers,
    body: new TextEncoder().encode(body),
    contentType: "text/html; charset=iso-8859-1",
    close: DROPS.has(status),
  };
}
