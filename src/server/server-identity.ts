import { headerValue } from "../protocol/http-message.ts";
import { serverSignature as signatureFor } from "../protocol/server-signature.ts";
import type { RequestContext } from "./request-context.ts";

/** SERVER_NAME and SERVER_PORT as Apache derives them with UseCanonicalName Off: from Host, else ServerName. */
export function serverNameAndPort(ctx: RequestContext): { name: string; port: number } {
  const host = headerValue(ctx.req.headers, "Host");
  if (host) {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim());
    if (m) return { name: m[1]!.toLowerCase(), port: m[2] ? Number(m[2]) : ctx.req.localPort };
  }
  const sn = ctx.server.config.serverName ?? "localhost";
  const [name, port] = sn.split(":");
  return { name: name!, port: port ? Number(port) : ctx.req.localPort };
}

/** The <address> line of error pages and SERVER_SIGNATURE, per ServerSignature. */
export function serverSignature(ctx: RequestContext): string {
  const cfg = ctx.server.config;
  const { name, port } = serverNameAndPort(ctx);
  return signatureFor({ mode: cfg.serverSignature, banner: ctx.server.serverSoftware, serverName: name, port, serverAdmin: cfg.serverAdmin });
}
