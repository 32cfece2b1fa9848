import { formatHttpDate as httpDate } from "../protocol/http-date.ts";
import { formatErrorLogLine } from "../protocol/error-log.ts";
import { internalRedirectRequest } from "../protocol/cgi-environment.ts";
import { headerValue, type HeaderField, type HttpRequest } from "../protocol/http-message.ts";
import { reasonPhrase } from "../protocol/status-reasons.ts";
import { resolveRequestPath } from "../protocol/url-path.ts";
import type { ConnectionRunner, ProcessRunner } from "../runtime/process.ts";
import { loadServerConfig, type ServerConfig } from "./config/server-config.ts";
import { errorResponse } from "./error-response.ts";
import type { Exchange } from "./exchange.ts";
import { appendLog, formatAccessLogLine, levelEnabled, type LogLevel } from "./logs.ts";
import type { HandlerResponse, RequestContext, ServerServices } from "./request-context.ts";
import { processRequest } from "./request-pipeline.ts";
import { attachFastCgi } from "./fastcgi/index.ts";
import { normalizePath, type Vfs } from "./vfs.ts";

export interface HttpdOptions {
  fs: Vfs;
  runner: ProcessRunner;
  connections?: ConnectionRunner;
  clock?: () => number;
}

export interface ApachectlResult {
  ok: boolean;
  output: string;
}

export const SERVER_SOFTWARE = "Apache/2.4.71 (Fedora Linux)";
const MAX_INTERNAL_REDIRECTS = 10;

/** The emulated Apache httpd: one configuration in force, a process table, and logs in the filesystem. */
export class Httpd {
  readonly fs: Vfs;
  readonly runner: ProcessRunner;
  readonly connections?: ConnectionRunner;
  readonly clock: () => number;
  /** SELinux mode of the machine (getenforce / setenforce). */
  selinuxEnforcing = true;
  /** The configuration in force; stays the last good one when a restart fails. */
  config: ServerConfig | null = null;
  running = false;
  private mainPid = 1187;
  private pidCounter = 1200;
  private children = [1190, 1191, 1192, 1193, 1194];
  private nextChild = 0;
  private exchangeId = 0;
  /** Modules (mod_fastcgi's process manager) that want to hear about restarts. */
  readonly lifecycle = new Set<(event: "stop" | "start") => void>();

  constructor(opts: HttpdOptions) {
    this.fs = opts.fs;
    this.runner = opts.runner;
    this.connections = opts.connections;
    this.clock = opts.clock ?? (() => Date.now());
    // mod_fastcgi / mod_fcgid / mod_proxy_fcgi: process manager, emulated network, pipeline handler.
    attachFastCgi(this);
    this.start();
  }

  nextPid(): number {
    return ++this.pidCounter;
  }

  private serverLog(module: string, level: LogLevel, message: string): void {
    const cfg = this.config;
    if (!cfg) return;
    if (!levelEnabled(cfg.logLevel, level)) return;
    appendLog(this.fs, this.logPath(cfg.errorLog), [formatErrorLogLine({ timeMs: this.clock(), module, level: level as "error", pid: this.mainPid, message })]);
  }

  logPath(p: string): string {
    return this.fs.realpath(p.startsWith("/") ? p : normalizePath(p, this.config?.serverRoot ?? "/etc/httpd"));
  }

  /** `httpd -t`. */
  configtest(): ApachectlResult {
    const r = loadServerConfig(this.fs);
    if (!r.ok) return { ok: false, output: r.output };
    return { ok: true, output: [...r.warnings, "Syntax OK"].join("\n") };
  }

  private start(): ApachectlResult {
    const r = loadServerConfig(this.fs);
    if (!r.ok) return { ok: false, output: r.output };
    this.config = r.config;
    this.running = true;
    this.mainPid += 7;
    this.children = this.children.map((_, i) => this.mainPid + 1 + i);
    this.serverLog("mpm_prefork", "notice", `AH00163: ${SERVER_SOFTWARE} configured -- resuming normal operations`);
    this.serverLog("core", "notice", "AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'");
    for (const l of this.lifecycle) l("start");
    return { ok: true, output: r.warnings.join("\n") };
  }

  private stop(graceful: boolean): void {
    if (!this.running) return;
    this.serverLog("mpm_prefork", "notice", graceful ? "AH00170: caught SIGWINCH, shutting down gracefully" : "AH00169: caught SIGTERM, shutting down");
    for (const l of this.lifecycle) l("stop");
    this.running = false;
  }

  /** apachectl: a failed configtest keeps the running server on its last good configuration, as Apache does. */
  async apachectl(command: string): Promise<ApachectlResult> {
    switch (command) {
      case "configtest":
      case "-t":
        return this.configtest();
      case "start":
        if (this.running) return { ok: true, output: "httpd (pid " + this.mainPid + ") already running" };
        return this.start();
      case "stop":
        this.stop(false);
        return { ok: true, output: "" };
      case "graceful-stop":
        this.stop(true);
        return { ok: true, output: "" };
      case "restart":
      case "graceful": {
        const test = this.configtest();
        if (!test.ok) {
          return { ok: false, output: `${test.output}\n${this.running ? "Action '" + command + "' failed.\nThe Apache error log may have more information." : ""}`.trim() };
        }
        if (command === "graceful" && this.running) this.serverLog("mpm_prefork", "notice", "AH00171: Graceful restart requested, doing restart");
        else this.stop(false);
        return this.start();
      }
      case "status":
        return { ok: true, output: this.running ? `httpd (pid ${this.mainPid}) is running` : "httpd is not running" };
      default:
        return { ok: false, output: `Usage: apachectl start|stop|restart|graceful|graceful-stop|configtest|status` };
    }
  }

  /** Serves one request and returns everything that happened on the way. */
  async handle(req: HttpRequest): Promise<Exchange> {
    const id = ++this.exchangeId;
    const t0 = this.clock();
    const perf0 = performance.now();
    if (!this.running || !this.config) {
      return {
        id, request: req, handler: "none", redirects: [], timeline: [{ t: 0, label: "connection refused: httpd is not running" }],
        response: { status: 0, reason: "Connection refused", headers: [], body: new TextEncoder().encode("curl: (7) Failed to connect: Connection refused\n") },
        errorLog: [], accessLog: [], auditLog: [], durationMs: 0,
      };
    }
    const config = this.config;
    const childPid = this.children[this.nextChild++ % this.children.length]!;
    const errorLog: string[] = [];
    const auditLog: string[] = [];
    const timeline: Exchange["timeline"] = [];
    const services: ServerServices = {
      fs: this.fs, config, runner: this.runner, connections: this.connections, clock: this.clock,
      selinuxEnforcing: this.selinuxEnforcing, serverSoftware: SERVER_SOFTWARE, nextPid: () => this.nextPid(),
    };
    const makeCtx = (target: string, method: string): RequestContext | HandlerResponse => {
      const ctx: RequestContext = {
        server: services, req, path: "/", query: "", rawTarget: target, method, childPid, t0, errorLog, auditLog, timeline, fastcgi: [],
        log: (module, level, message, opts) => {
          if (!levelEnabled(config.logLevel, level)) return;
          const client = opts?.noClient ? undefined : `${req.remoteAddr}:${req.remotePort}`;
          errorLog.push(formatErrorLogLine({ timeMs: this.clock(), module, level: level as "error", pid: opts?.pid ?? childPid, client, message }));
        },
        audit: (line) => auditLog.push(line),
        mark: (label) => timeline.push({ t: Math.round((performance.now() - perf0) * 1000) / 1000, label }),
      };
      const resolved = resolveRequestPath(target);
      if (!resolved.ok) {
        ctx.path = target.split("?")[0]!;
        if (resolved.log) ctx.log(resolved.log.module, resolved.log.level, resolved.log.message);
        return errorResponse(ctx, resolved.status);
      }
      ctx.path = resolved.uri;
      ctx.query = resolved.query ?? "";
      ctx.hasQuery = resolved.query !== undefined;
      return ctx;
    };

    timeline.push({ t: 0, label: `${req.method} ${req.target} received` });
    let ctxOrError = makeCtx(req.target, req.method);
    let ctx: RequestContext | undefined;
    let response: HandlerResponse;
    let handler = "core";
    const redirects: Exchange["redirects"] = [];
    let firstCtx: RequestContext | undefined;
    for (;;) {
      if ("server" in ctxOrError) {
        ctx = ctxOrError;
        firstCtx ??= ctx;
        try {
          const out = await processRequest(ctx);
          response = out.response;
          handler = out.handler;
        } catch (e) {
          ctx.log("core", "error", `cgi-lab: internal error: ${(e as Error).message}`);
          response = errorResponse(ctx, 500);
        }
      } else {
        response = ctxOrError;
      }
      const next = response.internalRedirect;
      if (!next || !ctx) break;
      if (redirects.length >= MAX_INTERNAL_REDIRECTS) {
        ctx.log("core", "error", "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.");
        response = errorResponse(ctx, 500);
        break;
      }
      redirects.push({ from: ctx.path + (ctx.query ? `?${ctx.query}` : ""), to: next.uri });
      timeline.push({ t: Math.round((performance.now() - perf0) * 1000) / 1000, label: `internal redirect to ${next.uri}` });
      const prev = ctx;
      const carried = response.headers;
      // A script's Location redirect turns the request into a GET without a body.
      ctxOrError = makeCtx(next.uri, next.fast ? prev.method : "GET");
      if ("server" in ctxOrError) {
        ctxOrError.rawTarget = prev.rawTarget;
        ctxOrError.cgi = undefined;
        if (!next.fast) {
          ctxOrError.req = internalRedirectRequest(req);
          ctxOrError.redirect = {
            previousEnv: prev.cgi?.env ?? [],
            previousStatus: 200,
            previousUri: prev.path,
            previousQuery: prev.hasQuery ? prev.query : undefined,
          };
          ctxOrError.carriedHeaders = carried;
        }
      }
    }
    const finalCtx = ctx ?? firstCtx;
    const exchange = this.finish(id, req, response, handler, finalCtx, firstCtx, redirects, errorLog, auditLog, timeline, t0, perf0);
    this.appendLogs(exchange);
    return exchange;
  }

  private finish(
    id: number, req: HttpRequest, res: HandlerResponse, handler: string, ctx: RequestContext | undefined, first: RequestContext | undefined,
    redirects: Exchange["redirects"], errorLog: string[], auditLog: string[], timeline: Exchange["timeline"], t0: number, perf0: number,
  ): Exchange {
    const config = this.config!;
    const status = res.status;
    const reason = res.reason ?? reasonPhrase(status) ?? "";
    let headers: HeaderField[];
    let body = req.method === "HEAD" ? new Uint8Array() : res.body;
    if (res.raw) {
      headers = [];
    } else {
      const carried = ctx?.carriedHeaders ?? [];
      headers = [["Date", httpDate(this.clock())], ["Server", config.serverTokens.toLowerCase() === "prod" ? "Apache" : SERVER_SOFTWARE], ...carried, ...res.headers];
      if (status !== 304 && status !== 204 && !res.unframed) {
        // A Content-Length from the script or application is kept (Apache then needs no chunking).
        const hasLength = headers.some(([k]) => k.toLowerCase() === "content-length");
        if (!hasLength && res.streamed && req.version === "HTTP/1.1") headers.push(["Transfer-Encoding", "chunked"]);
        else if (!hasLength) headers.push(["Content-Length", String(res.body.length)]);
      }
      if (res.close) headers.push(["Connection", "close"]);
      if (res.contentType && status !== 304) headers.push(["Content-Type", res.contentType]);
    }
    const durationMs = performance.now() - perf0;
    timeline.push({ t: Math.round(durationMs * 1000) / 1000, label: `${status} ${reason} sent` });
    const accessLog: string[] = [];
    const headerBytes = headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + 19 + reason.length;
    for (const spec of config.customLogs) {
      accessLog.push(formatAccessLogLine(spec.format, {
        remoteHost: req.remoteAddr,
        timeMs: t0,
        requestLine: `${req.method} ${req.target} ${req.version}`,
        status,
        bodyBytes: body.length,
        totalBytes: body.length + headerBytes,
        headers: (n) => headerValue(req.headers, n),
        durationUs: Math.round(durationMs * 1000),
      }));
    }
    return {
      id, request: req, handler,
      response: { status, reason, headers, body: res.raw ?? body },
      cgi: ctx?.cgi ?? first?.cgi,
      fastcgi: ctx?.fastcgi.length ? ctx.fastcgi : first?.fastcgi.length ? first.fastcgi : undefined,
      redirects, timeline, errorLog, accessLog, auditLog, durationMs,
    };
  }

  private appendLogs(ex: Exchange): void {
    const cfg = this.config!;
    // Most requests have no error_log or audit lines: don't resolve those paths for nothing.
    if (ex.errorLog.length) appendLog(this.fs, this.logPath(cfg.errorLog), ex.errorLog);
    cfg.customLogs.forEach((spec, i) => {
      const line = ex.accessLog[i];
      if (line !== undefined) appendLog(this.fs, this.logPath(spec.path), [line]);
    });
    if (ex.auditLog.length) appendLog(this.fs, "/var/log/audit/audit.log", ex.auditLog);
  }
}

