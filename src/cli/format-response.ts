import { collectStream } from "../runtime/process.ts";
import type { Exchange } from "../server/exchange.ts";

const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");

/** The response as `curl -i` prints it: status line, headers, blank line, body. */
export function curlStyle(ex: Exchange): Uint8Array {
  const r = ex.response;
  if (r.status === 0) return r.body;
  const head = [`HTTP/1.1 ${r.status} ${r.reason}`, ...r.headers.map(([k, v]) => `${k}: ${v}`), "", ""].join("\r\n");
  const h = Buffer.from(head, "latin1");
  return new Uint8Array(Buffer.concat([h, Buffer.from(r.body)]));
}

/** The `request --json` object: the response and every byte that crossed a boundary. */
export function jsonReport(ex: Exchange): object {
  const cgi = ex.cgi;
  return {
    status: ex.response.status,
    reason: ex.response.reason,
    headers: ex.response.headers,
    body_base64: b64(ex.response.body),
    handler: ex.handler,
    environment: cgi ? Object.fromEntries(cgi.env) : ex.fastcgi?.[0] ? Object.fromEntries(ex.fastcgi[0].env) : null,
    exchange: {
      cgi: cgi
        ? {
            script: cgi.script,
            argv: cgi.argv,
            cwd: cgi.cwd,
            env: cgi.env,
            stdin_base64: b64(cgi.stdin),
            stdout_base64: b64(collectStream(cgi.chunks, "stdout")),
            stderr_base64: b64(collectStream(cgi.chunks, "stderr")),
            chunks: cgi.chunks.map((c) => ({ stream: c.stream, t: c.t, base64: b64(c.bytes) })),
            exit_status: cgi.end,
            not_started: cgi.notStarted ?? null,
            body_offset: cgi.bodyOffset,
          }
        : null,
      fastcgi: (ex.fastcgi ?? []).map((f) => ({
        module: f.module,
        application: f.application,
        role: f.role,
        pid: f.pid,
        records: f.records.map((r) => ({ direction: r.direction, t: r.t, base64: b64(r.bytes) })),
      })),
      redirects: ex.redirects,
      timeline: ex.timeline,
    },
    error_log: ex.errorLog,
    access_log: ex.accessLog,
    audit_log: ex.auditLog,
  };
}
