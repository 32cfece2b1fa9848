import { apacheErrorPage } from "../protocol/apache-error-page.ts";
import { latin1ToBytes } from "../protocol/fs-encoding.ts";
import type { HeaderField } from "../protocol/http-message.ts";
import { statusDropsConnection } from "../protocol/status-reasons.ts";
import type { HandlerResponse, RequestContext } from "./request-context.ts";
import { serverSignature } from "./server-identity.ts";

/** Apache's canned error response for a status, with its HTML body. */
export function errorResponse(
  ctx: RequestContext,
  status: number,
  opts: { location?: string; headers?: HeaderField[]; recursiveError?: number } = {},
): HandlerResponse {
  const page = apacheErrorPage({
    status,
    method: ctx.method,
    location: opts.location,
    serverAdmin: ctx.server.config.serverAdmin,
    signature: serverSignature(ctx),
    recursiveError: opts.recursiveError,
  });
  const headers: HeaderField[] = [...(opts.headers ?? [])];
  if (opts.location && !headers.some(([n]) => n.toLowerCase() === "location")) headers.push(["Location", opts.location]);
  if (page.status === 405) headers.unshift(["Allow", "GET,POST,OPTIONS,HEAD"]);
  return {
    status: page.status,
    reason: page.statusLine.replace(/^\d+\s*/, ""),
    headers,
    body: latin1ToBytes(page.body),
    contentType: page.contentType,
    close: statusDropsConnection(page.status),
  };
}
