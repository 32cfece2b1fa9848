/**
 * TEST-ONLY: drives the FastCGI modules the way httpd's request cycle does
 * (translate, walk, merge per-directory config, proxy-early hook, then the
 * handler), over the default workspace, without the rest of httpd. The
 * end-to-end tests through Httpd.handle() live in httpd-fastcgi.test.ts.
 */
import type { HttpRequest } from "../../../protocol/http-message.ts";
import type { ConnectionRunner, ProcessRunner } from "../../../runtime/process.ts";
import { dirConfigFor } from "../../config/per-dir-config.ts";
import { loadServerConfig, type ServerConfig } from "../../config/server-config.ts";
import { createDefaultFs } from "../../default-workspace/index.ts";
import type { FastCgiCapture } from "../../exchange.ts";
import { handlerFor } from "../../mime.ts";
import type { HandlerResponse, RequestContext } from "../../request-context.ts";
import type { Resolved } from "../../request-pipeline.ts";
import { translateName, walkPath } from "../../translate.ts";
import type { Vfs } from "../../vfs.ts";
import { appendHttpdConf, installModFastcgi } from "../examples.ts";
import { attachFastCgi } from "../index.ts";
import type { FastCgiModule, HttpdHost } from "../module.ts";

export interface LabResponse {
  status: number;
  headers: [string, string][];
  body: string;
  contentType?: string;
  internalRedirect?: string;
  fastcgi: FastCgiCapture[];
  /** Lines this request logged (request lines and process-manager lines). */
  log: string[];
}

export interface Lab {
  fs: Vfs;
  module: FastCgiModule;
  /** Every error_log line so far, server-level and per request, in order. */
  errorLog: string[];
  request(target: string, opts?: { method?: string; headers?: [string, string][]; body?: string }): Promise<LabResponse>;
  restart(): void;
  stop(): void;
}

export function makeLab(opts: { conf: string; runner: ConnectionRunner; setup?: (fs: Vfs) => void }): Lab {
  const fs = createDefaultFs();
  installModFastcgi(fs);
  appendHttpdConf(fs, opts.conf);
  opts.setup?.(fs);
  const load = (): ServerConfig => {
    const r = loadServerConfig(fs);
    if (!r.ok) throw new Error(r.output);
    return r.config;
  };
  let pid = 2000;
  const errorLog: string[] = [];
  const state = { config: load() as ServerConfig | null, running: true };
  const host: HttpdHost = {
    fs,
    get config() { return state.config; },
    get running() { return state.running; },
    connections: opts.runner,
    clock: () => Date.now(),
    nextPid: () => ++pid,
    lifecycle: new Set(),
    errorLog: (module, level, p, message) => {
      if (level === "info" || level === "debug") return;
      errorLog.push(`[${module}:${level}] [pid ${p}] ${message}`);
    },
    rawErrorLog: (line) => errorLog.push(line),
  };
  const module = attachFastCgi(host);
  const fire = (e: "start" | "stop") => { for (const l of host.lifecycle) l(e); };

  async function request(target: string, o: { method?: string; headers?: [string, string][]; body?: string } = {}): Promise<LabResponse> {
    const cfg = state.config!;
    const [path, query = ""] = target.split("?") as [string, string?];
    const req: HttpRequest = {
      method: o.method ?? "GET", target, version: "HTTP/1.1",
      headers: [["Host", "localhost"], ["User-Agent", "curl/8.0"], ["Accept", "*/*"], ...(o.headers ?? [])],
      body: new TextEncoder().encode(o.body ?? ""), remoteAddr: "127.0.0.1", remotePort: 54321, localAddr: "127.0.0.1", localPort: 80,
    };
    const log: string[] = [];
    const ctx: RequestContext = {
      server: { fs, config: cfg, runner: null as unknown as ProcessRunner, connections: opts.runner, clock: () => Date.now(), selinuxEnforcing: false, serverSoftware: "Apache/2.4.71 (Fedora Linux)", nextPid: () => ++pid },
      req, path: decodeURIComponent(path), query, rawTarget: target, method: req.method, childPid: 1190, t0: Date.now(),
      errorLog: log, auditLog: [], timeline: [], fastcgi: [],
      log: (m, level, message, lo) => {
        if (level === "info" || level === "debug") return;
        const client = lo?.noClient ? "" : " [client 127.0.0.1:54321]";
        log.push(`[${m}:${level}] [pid ${lo?.pid ?? 1190}]${client} ${message}`);
      },
      audit: () => {},
      mark: (label) => ctx.timeline.push({ t: 0, label }),
    };
    const finish = (res: HandlerResponse | null): LabResponse => {
      errorLog.push(...log);
      if (!res) return { status: 0, headers: [], body: "(declined)", fastcgi: ctx.fastcgi, log };
      return {
        status: res.status, headers: res.headers as [string, string][], body: new TextDecoder().decode(res.body),
        ...(res.contentType ? { contentType: res.contentType } : {}),
        ...(res.internalRedirect ? { internalRedirect: res.internalRedirect.uri } : {}),
        fastcgi: ctx.fastcgi, log,
      };
    };
    const early = await module.handle(ctx, { translation: translateName(cfg, ctx.path), walk: { filename: "", pathInfo: "", type: "none" }, dir: dirConfigFor(cfg, null, ctx.path), handler: "proxy-early" });
    if (early) return finish(early);
    const translation = translateName(cfg, ctx.path);
    const walk = walkPath(fs, translation.filename);
    const dir = dirConfigFor(cfg, walk.type === "none" ? translation.filename : walk.filename, ctx.path, walk.type === "dir");
    const handler = dir.setHandler ?? (translation.scriptAliased ? "cgi-script" : undefined) ?? (walk.type === "file" ? handlerFor(dir, walk.filename) : undefined) ?? "default-handler";
    const resolved: Resolved = { translation, walk, dir, handler };
    const res = await module.handle(ctx, resolved);
    // What the next handler would see after an authorizer allowed the request.
    if (!res && dir.setEnv.length) return { ...finish(null), body: JSON.stringify(dir.setEnv) };
    return finish(res);
  }

  return {
    fs, module, errorLog, request,
    restart() {
      fire("stop");
      state.config = load();
      fire("start");
    },
    stop() {
      fire("stop");
      state.running = false;
    },
  };
}
