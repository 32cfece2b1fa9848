/**
 * The three Apache FastCGI modules over one process manager and one
 * emulated network:
 *
 * - mod_fastcgi (the article's): handler `fastcgi-script`; FastCgiServer
 *   (static, started with httpd), FastCgiExternalServer (started elsewhere),
 *   anything else dynamic (started on first request; ExecCGI needed);
 *   FastCgiAuthorizer; CGI Lab's FastCgiFilter. Records as mod_fastcgi
 *   frames them (MOD_FASTCGI profile), request id 1, one request per
 *   connection.
 * - mod_fcgid: handler `fcgid-script`, FcgidAuthorizer (MOD_FCGID profile).
 * - mod_proxy_fcgi: `ProxyPass /app/ fcgi://host:port/` (APACHE_PROXY_FCGI).
 *
 * Every record that crosses is captured into ctx.fastcgi. Log texts are from
 * the modules' sources (see process-manager.ts for the process manager's);
 * the request-side ones:
 *   mod_fastcgi.c: FastCGI: server "%s" stderr: %s
 *                  FastCGI: incomplete headers (%d bytes) received from server "%s"
 *                  FastCGI: comm with (dynamic) server "%s" aborted: (first read) idle timeout (%d sec)
 *                  FastCGI: comm with server "%s" aborted: idle timeout (%d sec)
 *                  FastCGI: comm with server "%s" aborted: error parsing headers: %s
 *                  FastCGI: "ExecCGI Option" is off in this directory: %s
 *                  FastCGI: stat() of "%s" failed
 *                  FastCGI: failed to connect to server "%s": connect() failed
 *                  FastCGI: authorization failed for user "%s": %s
 *   fcgid_bucket.c / fcgid_proc_unix.c / mod_fcgid.c:
 *                  mod_fcgid: stderr: %s   (warn, server-level: no client field)
 *                  mod_fcgid: error reading data from FastCGI server
 *                  mod_fcgid: error reading data, FastCGI server closed connection
 *                  mod_fcgid: read data timeout in %d seconds
 *                  mod_fcgid: user %s authorization failed, status %d, URI %s
 *   util_script.c (core): End of script output before headers: %s, ...
 *   proxy_util.c / mod_proxy_fcgi.c:
 *                  AH00957: %s: attempt to connect to %pI (%s) failed
 *                  AH00959: ap_proxy_connect_backend disabling worker for (%s) for %ds
 *                  AH00940: %s: disabled connection for (%s)       (reconstructed)
 *                  AH01079: failed to make connection to backend: %s
 *                  AH01071: Got error '%s'
 */
import {
  APACHE_PROXY_FCGI,
  buildRequest,
  type BuiltRecord,
  concatBytes,
  encodeRecord,
  RecordType,
  type ClientProfile,
  FCGI_DATA_LAST_MOD,
  FCGI_DATA_LENGTH,
  MOD_FASTCGI,
  MOD_FCGID,
  ProtocolStatus,
  requestOptionsFor,
  Role,
} from "../../protocol/fastcgi/index.ts";
import type { AppConnection } from "../../runtime/process.ts";
import { cgiEnvironment } from "../cgi-handler.ts";
import { errorResponse } from "../error-response.ts";
import type { FastCgiCapture } from "../exchange.ts";
import type { LogLevel } from "../logs.ts";
import { handlerFor, mimeTypeFor, withDefaultCharset } from "../mime.ts";
import type { HandlerResponse, RequestContext } from "../request-context.ts";
import type { Resolved } from "../request-pipeline.ts";
import { basename, normalizePath, type Vfs } from "../vfs.ts";
import { ClientConnection, type RequestOutcome, stderrLogLines } from "./client.ts";
import { type FastCgiSettings, readFastCgiSettings } from "./config.ts";
import { findHeaderEnd, parseFastCgiHeaders, type ParsedHeaders, scanScriptHeaders } from "./headers.ts";
import { parseScriptOutput } from "../../protocol/script-response.ts";
import { EmulatedNetwork } from "./network.ts";
import { type AppClass, type AppInstance, type AppSpec, ProcessManager } from "./process-manager.ts";
import type { ServerConfig } from "../config/server-config.ts";
import type { ConnectionRunner } from "../../runtime/process.ts";

/** What the module needs of httpd (index.ts adapts Httpd to it). */
export interface HttpdHost {
  fs: Vfs;
  readonly config: ServerConfig | null;
  readonly running: boolean;
  connections?: ConnectionRunner;
  clock: () => number;
  nextPid(): number;
  lifecycle: Set<(event: "stop" | "start") => void>;
  /** Writes a server-level error_log entry (outside any request), if LogLevel lets it through. */
  errorLog(module: string, level: LogLevel, pid: number, message: string): void;
  /** Writes a raw line to the error_log (an application's own output). */
  rawErrorLog(line: string): void;
}

type Role3 = FastCgiCapture["role"];
const ROLE_NUM: Record<Role3, number> = { RESPONDER: Role.RESPONDER, AUTHORIZER: Role.AUTHORIZER, FILTER: Role.FILTER };

interface Talk {
  outcome: RequestOutcome | null;
  capture: FastCgiCapture;
  inst?: AppInstance;
  /** The app was gone before it could serve: mod_fastcgi's idle timeout / mod_fcgid's reset. */
  neverServed?: boolean;
}

export class FastCgiModule {
  readonly network = new EmulatedNetwork();
  readonly pm: ProcessManager;
  /** mod_proxy workers in error state: address → when they may be retried (ms, httpd clock). */
  private readonly disabledWorkers = new Map<string, number>();
  /** The request being served, so process-manager lines also show in its exchange. */
  private current: RequestContext[] = [];

  constructor(readonly httpd: HttpdHost) {
    this.pm = new ProcessManager({
      fs: httpd.fs,
      config: () => httpd.config,
      connections: () => httpd.connections,
      nextPid: () => httpd.nextPid(),
      now: () => httpd.clock(),
      log: (module, level, message, pid) => this.serverLog(module, level, message, pid),
      raw: (line) => this.rawLog(line),
    });
    httpd.lifecycle.add((event) => this.onLifecycle(event));
    if (httpd.running) this.onLifecycle("start");
  }

  // ---------------------------------------------------------------- logging

  private serverLog(module: string, level: LogLevel, message: string, pid?: number): void {
    const ctx = this.current[this.current.length - 1];
    if (ctx) {
      ctx.log(module, level, message, { noClient: true, ...(pid !== undefined ? { pid } : {}) });
      return;
    }
    this.httpd.errorLog(module, level, pid ?? this.pm.pmPid ?? 0, message);
  }

  private rawLog(line: string): void {
    const ctx = this.current[this.current.length - 1];
    if (ctx) {
      ctx.errorLog.push(line);
      return;
    }
    this.httpd.rawErrorLog(line);
  }

  // -------------------------------------------------------------- lifecycle

  settings(): FastCgiSettings | null {
    return this.httpd.config ? readFastCgiSettings(this.httpd.config) : null;
  }

  private onLifecycle(event: "stop" | "start"): void {
    if (event === "stop") {
      // Everything httpd started dies with it; applications on other hosts stay.
      this.pm.shutdown((c) => c.spec.module === "network");
      this.pm.pmPid = null;
      this.disabledWorkers.clear();
      return;
    }
    const cfg = this.httpd.config;
    if (!cfg?.modules.has("fastcgi_module")) return;
    this.pm.pmPid = this.httpd.nextPid();
    this.serverLog("fastcgi", "notice", `FastCGI: process manager initialized (pid ${this.pm.pmPid})`, this.pm.pmPid);
    for (const s of readFastCgiSettings(cfg).statics) this.pm.fill(this.staticClass(s));
  }

  private staticClass(s: FastCgiSettings["statics"][number]): AppClass {
    const spec: AppSpec = { module: "fastcgi", kind: "static", script: s.path, env: s.env, processes: s.processes, idleTimeoutSec: s.idleTimeoutSec, ...(s.port ? { listen: { host: "127.0.0.1", port: s.port } } : {}) };
    const c = this.pm.classFor(`fastcgi:${s.path}`, spec);
    if (s.port && !this.network.listenerAt("127.0.0.1", s.port)) {
      this.network.listen("127.0.0.1", s.port, {
        application: s.path,
        pid: () => this.pm.live(c).find((i) => i.state === "serving")?.pid ?? null,
        connect: () => {
          const inst = this.pm.live(c).find((i) => i.state === "serving");
          return inst?.proc?.connect() ?? null;
        },
      });
    }
    return c;
  }

  // ---------------------------------------------------------------- entry

  /** The ExtraHandler: returns null to decline. */
  async handle(ctx: RequestContext, r: Resolved): Promise<HandlerResponse | null> {
    const mods = ctx.server.config.modules;
    this.current.push(ctx);
    try {
      if (r.handler === "proxy-early") {
        if (!mods.has("proxy_module") || !mods.has("proxy_fcgi_module")) return null;
        return await this.proxyFcgi(ctx);
      }
      if (r.dir.authorizer) {
        const mod = r.dir.authorizer.module === "fastcgi" ? "fastcgi_module" : "fcgid_module";
        if (mods.has(mod)) {
          const denied = await this.authorize(ctx, r);
          if (denied) return denied;
        }
      }
      const file = r.walk.type === "file" ? r.walk.filename : null;
      if (file && r.dir.filter && mods.has("fastcgi_module")) {
        const ext = basename(file).split(".").slice(1).map((e) => e.toLowerCase());
        if (ext.some((e) => r.dir.filter!.extensions.includes(e))) return await this.filter(ctx, r, file);
      }
      const handler = this.effectiveHandler(ctx, r);
      if (handler === "fastcgi-script" && mods.has("fastcgi_module")) return await this.modFastcgi(ctx, r);
      if (handler === "fcgid-script" && mods.has("fcgid_module")) return await this.modFcgid(ctx, r);
      return null;
    } finally {
      this.current.splice(this.current.lastIndexOf(ctx), 1);
    }
  }

  /**
   * mod_mime's AddHandler wins over ScriptAlias's cgi-script (mod_mime's
   * type checker sets r->handler after mod_alias); SetHandler wins over
   * both; mod_fastcgi's fixup claims any file that is a configured
   * FastCgiServer or FastCgiExternalServer.
   */
  private effectiveHandler(ctx: RequestContext, r: Resolved): string {
    if (r.dir.setHandler) return r.dir.setHandler.toLowerCase();
    const target = r.walk.type === "none" ? r.translation.filename : r.walk.filename;
    if (ctx.server.config.modules.has("fastcgi_module")) {
      const s = readFastCgiSettings(ctx.server.config);
      if (s.statics.some((x) => x.path === target) || s.externals.some((x) => x.path === target || target.startsWith(x.path + "/"))) return "fastcgi-script";
    }
    if (r.walk.type === "file") return handlerFor(r.dir, r.walk.filename)?.toLowerCase() ?? r.handler;
    return r.handler;
  }

  // ------------------------------------------------------------- talking

  /** Connects to a process of `c` (starting it if needed) and runs one request. */
  private async talkToClass(ctx: RequestContext, c: AppClass, module: "fastcgi" | "fcgid", profile: ClientProfile, role: Role3, env: [string, string][], stdin: Uint8Array, data?: Uint8Array): Promise<Talk> {
    const capture: FastCgiCapture = { module, application: c.spec.script, pid: null, startedProcess: false, role, env, records: [] };
    ctx.fastcgi.push(capture);
    // A dynamic/fcgid app that exits instead of serving: the PM starts it once more before the request gives up.
    for (let attempt = 0; attempt < 2; attempt++) {
      const { inst, started } = this.pm.pick(c);
      capture.pid = inst.pid;
      capture.startedProcess ||= started;
      if (started) ctx.mark(`process manager started ${c.spec.script} (pid ${inst.pid})`);
      const state = await inst.ready;
      if (state !== "serving" || !inst.proc) {
        ctx.mark(`${c.spec.script} (pid ${inst.pid}) exited instead of serving`);
        if (module === "fcgid" || attempt === 1 || c.spec.kind === "static" && c.bad) return { outcome: null, capture, inst, neverServed: true };
        continue;
      }
      const conn = inst.proc.connect();
      return { ...(await this.exchange(ctx, conn, capture, profile, role, env, stdin, data, c.spec.idleTimeoutSec)), inst };
    }
    return { outcome: null, capture, neverServed: true };
  }

  private async exchange(ctx: RequestContext, conn: AppConnection, capture: FastCgiCapture, profile: ClientProfile, role: Role3, env: [string, string][], stdin: Uint8Array, data: Uint8Array | undefined, timeoutSec: number, keepConn = false): Promise<Talk> {
    const client = new ClientConnection(conn, [capture.records]);
    const built = buildRequest(requestOptionsFor(profile, { params: env, stdin, role: ROLE_NUM[role], keepConn, ...(data ? { data } : {}) }));
    if (!built.ok) {
      client.close();
      throw new Error(built.error);
    }
    client.expect(1);
    ctx.mark(`${profile.label}: ${built.records.length} records (${built.bytes.length} bytes) sent`);
    client.send(built.bytes);
    const outcome = await client.wait(1, timeoutSec * 1000);
    client.close();
    ctx.mark(outcome.stop === "end-request" ? `END_REQUEST received (appStatus ${outcome.end?.appStatus}, protocolStatus ${outcome.end?.protocolStatus})` : `connection ended: ${outcome.stop}`);
    return { outcome, capture };
  }

  // ------------------------------------------------------------ mod_fastcgi

  /** The application class mod_fastcgi uses for a path: static, external or dynamic. */
  private fastcgiTarget(path: string): { kind: "static"; c: AppClass; idle: number } | { kind: "external"; host?: { host: string; port: number }; idle: number } | { kind: "dynamic"; c: AppClass; idle: number } {
    const s = this.settings()!;
    const st = s.statics.find((x) => x.path === path);
    if (st) return { kind: "static", c: this.staticClass(st), idle: st.idleTimeoutSec };
    const ext = s.externals.find((x) => x.path === path || path.startsWith(x.path + "/"));
    if (ext) return { kind: "external", ...(ext.host ? { host: ext.host } : {}), idle: ext.idleTimeoutSec };
    const spec: AppSpec = { module: "fastcgi", kind: "dynamic", script: path, env: s.dynamic.env, processes: 1, idleTimeoutSec: s.dynamic.idleTimeoutSec };
    return { kind: "dynamic", c: this.pm.classFor(`fastcgi:${path}`, spec), idle: s.dynamic.idleTimeoutSec };
  }

  /** One mod_fastcgi request (do_work) for any role; returns the response or the error already logged. */
  private async fastcgiDoWork(ctx: RequestContext, path: string, role: Role3, env: [string, string][], stdin: Uint8Array, data?: Uint8Array): Promise<{ ok: true; stdout: Uint8Array; talk: Talk } | { ok: false; response: HandlerResponse }> {
    const target = this.fastcgiTarget(path);
    let talk: Talk;
    if (target.kind === "external") {
      const capture: FastCgiCapture = { module: "fastcgi", application: path, pid: null, startedProcess: false, role, env, records: [] };
      ctx.fastcgi.push(capture);
      const res = target.host ? await this.network.open(target.host.host, target.host.port) : null;
      if (!res || !res.ok) {
        ctx.log("fastcgi", "error", `${res ? res.errno : "(2)No such file or directory"}: FastCGI: failed to connect to server "${path}": connect() failed`);
        return { ok: false, response: errorResponse(ctx, 500) };
      }
      capture.pid = res.listener.pid();
      talk = await this.exchange(ctx, res.conn, capture, MOD_FASTCGI, role, env, stdin, data, target.idle);
    } else {
      talk = await this.talkToClass(ctx, target.c, "fastcgi", MOD_FASTCGI, role, env, stdin, data);
    }
    const o = talk.outcome;
    if (o) {
      for (const line of stderrLogLines(o.stderrRecords)) ctx.log("fastcgi", "error", `FastCGI: server "${path}" stderr: ${line}`);
    }
    if (!o || o.stop === "timeout") {
      // A server that never answers: the request waits out -idle-timeout (emulated: no real wait when the app is gone).
      if (!o) ctx.mark(`waited ${target.idle} s for the application (emulated)`);
      ctx.log("fastcgi", "error", target.kind === "dynamic"
        ? `FastCGI: comm with (dynamic) server "${path}" aborted: (first read) idle timeout (${target.idle} sec)`
        : `FastCGI: comm with server "${path}" aborted: idle timeout (${target.idle} sec)`);
      ctx.log("fastcgi", "error", `FastCGI: incomplete headers (${o?.stdout.length ?? 0} bytes) received from server "${path}"`);
      return { ok: false, response: errorResponse(ctx, 500) };
    }
    if (talk.inst) talk.inst.requests++;
    return { ok: true, stdout: o.stdout, talk };
  }

  /** Turns a responder's (or filter's) STDOUT into the response, as content_handler + process_headers do. */
  private fastcgiRespond(ctx: RequestContext, r: Resolved, path: string, stdout: Uint8Array, typeFrom: string): HandlerResponse {
    const h = parseFastCgiHeaders(stdout, true);
    if (h.kind === "incomplete") {
      ctx.log("fastcgi", "error", `FastCGI: incomplete headers (${h.bytes} bytes) received from server "${path}"`);
      return errorResponse(ctx, 500);
    }
    if (h.kind === "error") {
      ctx.log("fastcgi", "error", `FastCGI: comm with server "${path}" aborted: error parsing headers: ${h.message}`);
      return errorResponse(ctx, 500);
    }
    return this.respond(ctx, r, h.parsed, stdout, typeFrom, true);
  }

  private respond(ctx: RequestContext, r: Resolved, p: ParsedHeaders, stdout: Uint8Array, typeFrom: string, locationLogic: boolean): HandlerResponse {
    const { fs, config } = ctx.server;
    if (locationLogic && p.location !== undefined && p.status === 200) {
      if (p.location.startsWith("/")) return { status: 200, headers: p.headers, body: new Uint8Array(), internalRedirect: { uri: p.location, fast: false } };
      return errorResponse(ctx, 302, { location: p.location, headers: p.headers });
    }
    const headers = p.location !== undefined ? [...p.headers, ["Location", p.location] as [string, string]] : p.headers;
    const type = p.contentType ?? mimeTypeFor(fs, config, r.dir, typeFrom);
    return { status: p.status, ...(p.reason ? { reason: p.reason } : {}), headers, body: stdout.subarray(p.bodyOffset), ...(type ? { contentType: withDefaultCharset(config, type) } : {}), streamed: true };
  }

  private async modFastcgi(ctx: RequestContext, r: Resolved): Promise<HandlerResponse> {
    const path = r.walk.type === "none" ? r.translation.filename : r.walk.filename;
    const target = this.fastcgiTarget(path);
    if (target.kind === "dynamic") {
      // create_fcgi_request: a dynamic application must exist...
      if (r.walk.type !== "file") {
        ctx.log("fastcgi", "error", `(2)No such file or directory: FastCGI: stat() of "${path}" failed`);
        return errorResponse(ctx, 404);
      }
      // ...and content_handler: ExecCGI, unless ScriptAliased.
      if (!r.dir.options.has("ExecCGI") && !r.translation.scriptAliased) {
        ctx.log("fastcgi", "error", `FastCGI: "ExecCGI Option" is off in this directory: ${ctx.path}`);
        return errorResponse(ctx, 403);
      }
    }
    const env = cgiEnvironment(ctx, r, path);
    const work = await this.fastcgiDoWork(ctx, path, "RESPONDER", env, ctx.req.body);
    if (!work.ok) return work.response;
    return this.fastcgiRespond(ctx, r, path, work.stdout, path);
  }

  // --------------------------------------------------------------- Filter

  /** CGI Lab's FastCgiFilter: the FILTER role, with the requested file as the DATA stream (conformance D12). */
  private async filter(ctx: RequestContext, r: Resolved, file: string): Promise<HandlerResponse> {
    const app = this.serverRootPath(ctx, r.dir.filter!.path);
    const st = ctx.server.fs.stat(file)!;
    const bytes = ctx.server.fs.readFile(file);
    const env = [...cgiEnvironment(ctx, r, file), [FCGI_DATA_LAST_MOD, String(Math.floor(st.mtimeMs / 1000))], [FCGI_DATA_LENGTH, String(bytes.length)]] as [string, string][];
    ctx.mark(`FastCgiFilter ${app} filters ${file} (${bytes.length} bytes)`);
    const work = await this.fastcgiDoWork(ctx, app, "FILTER", env, ctx.req.body, bytes);
    if (!work.ok) return work.response;
    return this.fastcgiRespond(ctx, r, app, work.stdout, file);
  }

  // ----------------------------------------------------------- Authorizer

  private serverRootPath(ctx: RequestContext, p: string): string {
    return p.startsWith("/") ? normalizePath(p) : normalizePath(p, ctx.server.config.serverRoot);
  }

  /**
   * FastCgiAuthorizer / FcgidAuthorizer (check_user_authorization,
   * mod_fcgid_authorizer). Returns the denial, or null with the Variable-*
   * headers added to the request's environment.
   */
  private async authorize(ctx: RequestContext, r: Resolved): Promise<HandlerResponse | null> {
    const auth = r.dir.authorizer!;
    const path = this.serverRootPath(ctx, auth.path);
    const target = r.walk.type === "none" ? r.translation.filename : r.walk.filename;
    const drop = new Set(["CONTENT_LENGTH", "PATH_INFO", "PATH_TRANSLATED", "SCRIPT_NAME"]);
    let env = cgiEnvironment(ctx, r, target).filter(([k]) => !drop.has(k));
    ctx.mark(`${auth.module === "fastcgi" ? "FastCgiAuthorizer" : "FcgidAuthorizer"} ${path} (AUTHORIZER role)`);
    let stdout: Uint8Array;
    if (auth.module === "fastcgi") {
      env = [["FCGI_APACHE_ROLE", "AUTHORIZER"], ...env];
      const work = await this.fastcgiDoWork(ctx, path, "AUTHORIZER", env, new Uint8Array());
      if (!work.ok) {
        ctx.log("fastcgi", "error", `FastCGI: authorization failed for user "(null)": ${ctx.path}`);
        return work.response;
      }
      stdout = work.stdout;
      const h = parseFastCgiHeaders(stdout, false);
      if (h.kind !== "ok") {
        ctx.log("fastcgi", "error", h.kind === "incomplete" ? `FastCGI: incomplete headers (${h.bytes} bytes) received from server "${path}"` : `FastCGI: comm with server "${path}" aborted: error parsing headers: ${h.message}`);
        ctx.log("fastcgi", "error", `FastCGI: authorization failed for user "(null)": ${ctx.path}`);
        return errorResponse(ctx, 500);
      }
      if (h.parsed.status === 200) {
        // Without -compat every header is passed on, "Variable-" stripped (post_process_auth_passed_header).
        for (const [name, value] of h.parsed.headers) r.dir.setEnv.push([envName(name.replace(/^variable-/i, "")), value]);
        ctx.mark(`authorizer allowed access (${h.parsed.headers.length} header(s) into the environment)`);
        return null;
      }
      ctx.log("fastcgi", "error", `FastCGI: authorization failed for user "(null)": ${ctx.path}`);
      return errorResponse(ctx, 401, { headers: h.parsed.headers });
    }
    // mod_fcgid
    env = this.fcgidEnv([...env, ["FCGI_APACHE_ROLE", "AUTHORIZER"]]);
    const c = this.fcgidClass(path);
    const talk = await this.talkToClass(ctx, c, "fcgid", MOD_FCGID, "AUTHORIZER", env, new Uint8Array());
    const res = this.fcgidRead(ctx, talk, path);
    if (!res.ok) {
      ctx.log("fcgid", "warn", `mod_fcgid: user (null) authorization failed, respond ${res.response.status}, URI ${ctx.path}`);
      return res.response;
    }
    const p = res.parsed;
    if (p.status === 200 && p.location === undefined) {
      for (const [name, value] of p.headers) if (/^variable-/i.test(name)) r.dir.setEnv.push([envName(name.slice(9)), value]);
      ctx.mark("authorizer allowed access");
      return null;
    }
    ctx.log("fcgid", "warn", p.status !== 200 ? `mod_fcgid: user (null) authorization failed, status ${p.status}, URI ${ctx.path}` : `mod_fcgid: user (null) authorization failed, redirected is not allowed`);
    return errorResponse(ctx, 401, { headers: p.headers });
  }

  // ------------------------------------------------------------- mod_fcgid

  private fcgidClass(path: string): AppClass {
    const s = this.settings()!;
    return this.pm.classFor(`fcgid:${path}`, { module: "fcgid", kind: "fcgid", script: path, env: [], processes: 1, idleTimeoutSec: s.fcgid.ioTimeoutSec });
  }

  /** mod_fcgid drops hop-by-hop headers and forces HTTP_CONNECTION=close (mod_fcgid.c). */
  private fcgidEnv(env: [string, string][]): [string, string][] {
    const drop = new Set(["HTTP_KEEP_ALIVE", "HTTP_TE", "HTTP_TRAILER", "HTTP_TRANSFER_ENCODING", "HTTP_UPGRADE"]);
    const out = env.filter(([k]) => !drop.has(k));
    const i = out.findIndex(([k]) => k === "HTTP_CONNECTION");
    if (i >= 0) out[i] = ["HTTP_CONNECTION", "close"];
    else out.push(["HTTP_CONNECTION", "close"]);
    return out;
  }

  /** Reads what came back through mod_fcgid's bucket and httpd's header scanner. */
  private fcgidRead(ctx: RequestContext, talk: Talk, path: string): { ok: true; parsed: ParsedHeaders; stdout: Uint8Array } | { ok: false; response: HandlerResponse } {
    const o = talk.outcome;
    const name = basename(path);
    const client = `${ctx.req.remoteAddr}:${ctx.req.remotePort}`;
    const release = () => {
      if (talk.inst) this.pm.setDieWhy(talk.inst, "communication error");
    };
    if (o) for (const line of stderrLogLines(o.stderrRecords)) ctx.log("fcgid", "warn", `mod_fcgid: stderr: ${line}`, { noClient: true });
    if (!o || (o.stop !== "end-request" && o.stdout.length === 0)) {
      release();
      if (o?.stop === "timeout") ctx.log("fcgid", "warn", `mod_fcgid: read data timeout in ${talk.inst?.spec.idleTimeoutSec ?? 40} seconds`);
      else if (o?.stop === "app-closed") ctx.log("fcgid", "warn", "mod_fcgid: error reading data, FastCGI server closed connection");
      // The process exited with the connection still in its listen queue: the read gets ECONNRESET.
      else ctx.log("fcgid", "warn", `(104)Connection reset by peer: [client ${client}] mod_fcgid: error reading data from FastCGI server`, { noClient: true });
      ctx.log("core", "error", `End of script output before headers: ${name}`);
      return { ok: false, response: errorResponse(ctx, 500) };
    }
    if (o.stop !== "end-request") {
      release();
      ctx.log("fcgid", "warn", "mod_fcgid: error reading data, FastCGI server closed connection");
    }
    if (talk.inst) {
      talk.inst.requests++;
      const max = this.settings()?.fcgid.maxRequestsPerProcess ?? 0;
      if (max && talk.inst.requests >= max) this.pm.kill(talk.inst, "lifetime");
    }
    const scanned = scanScriptHeaders(o.stdout, name);
    for (const m of scanned.logMessages) ctx.log("core", "error", m);
    if (!scanned.ok) return { ok: false, response: errorResponse(ctx, scanned.status) };
    return { ok: true, parsed: scanned.parsed, stdout: o.stdout };
  }

  private async modFcgid(ctx: RequestContext, r: Resolved): Promise<HandlerResponse> {
    // mod_fcgid's handler: a silent 403 without ExecCGI, a silent 404 for a missing file.
    if (!r.dir.options.has("ExecCGI") && !r.translation.scriptAliased) return errorResponse(ctx, 403);
    if (r.walk.type !== "file") return errorResponse(ctx, r.walk.type === "dir" ? 403 : 404);
    const path = r.walk.filename;
    const env = this.fcgidEnv(cgiEnvironment(ctx, r, path));
    const talk = await this.talkToClass(ctx, this.fcgidClass(path), "fcgid", MOD_FCGID, "RESPONDER", env, ctx.req.body);
    const res = this.fcgidRead(ctx, talk, path);
    if (!res.ok) return res.response;
    return this.respond(ctx, r, res.parsed, res.stdout, path, true);
  }

  // ---------------------------------------------------------- mod_proxy_fcgi

  private async proxyFcgi(ctx: RequestContext): Promise<HandlerResponse | null> {
    const cfg = ctx.server.config;
    let rule: ServerConfig["proxyPass"][number] | undefined;
    for (const p of cfg.proxyPass) {
      if (!ctx.path.startsWith(p.path)) continue;
      if (p.url === "!") return null;
      rule = p;
      break;
    }
    if (!rule) return null;
    const m = /^fcgi:\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?(\/.*)?$/i.exec(rule.url);
    if (!m) return null;
    const host = m[1]!;
    const port = m[2] ? Number(m[2]) : 8000;
    const rest = ctx.path.slice(rule.path.length);
    const urlPath = (m[3] ?? "/") + rest;
    const backendType = readFastCgiSettings(cfg).proxyBackendType;
    const scriptFilename = backendType === "GENERIC" ? urlPath : `proxy:fcgi://${host}:${port}${urlPath}`;
    const addr = this.network.key(host, port);
    const env = cgiEnvironment(ctx, {
      translation: { filename: scriptFilename, scriptAliased: false, contextPrefix: "", contextDocumentRoot: cfg.documentRoot } as unknown as Resolved["translation"],
      walk: { filename: scriptFilename, pathInfo: "", type: "none" } as Resolved["walk"],
      dir: { setEnv: [], cgiPassAuth: false } as unknown as Resolved["dir"],
      handler: "proxy:fcgi",
    }, scriptFilename).filter(([k]) => k !== "PATH_INFO" && k !== "PATH_TRANSLATED");
    dechunkedBody(ctx, env);
    const capture: FastCgiCapture = { module: "proxy_fcgi", application: `${host}:${port}`, pid: null, startedProcess: false, role: "RESPONDER", env, records: [] };
    ctx.fastcgi.push(capture);
    ctx.mark(`ProxyPass ${rule.path} → ${rule.url}`);

    const retry = Number.parseInt(rule.params["retry"] ?? "60", 10);
    const until = this.disabledWorkers.get(addr);
    const now = ctx.server.clock();
    if (until !== undefined && now < until) {
      ctx.log("proxy", "error", `AH00940: FCGI: disabled connection for (${host})`, { noClient: true });
      return errorResponse(ctx, 503);
    }
    const res = await this.network.open(host, port);
    if (!res.ok) {
      const ip = this.network.resolve(host);
      ctx.log("proxy", "error", `${res.errno}: AH00957: FCGI: attempt to connect to ${ip}:${port} (${host}) failed`, { noClient: true });
      if (retry > 0) {
        this.disabledWorkers.set(addr, now + retry * 1000);
        ctx.log("proxy", "error", `AH00959: ap_proxy_connect_backend disabling worker for (${host}) for ${retry}s`, { noClient: true });
      }
      ctx.log("proxy_fcgi", "error", `AH01079: failed to make connection to backend: ${host}`);
      return errorResponse(ctx, 503);
    }
    this.disabledWorkers.delete(addr);
    capture.pid = res.listener.pid();
    const timeout = Number.parseInt(rule.params["timeout"] ?? "", 10) || cfg.timeoutSec;
    const keep = (rule.params["enablereuse"] ?? "").toLowerCase() === "on";
    const talk = await this.exchange(ctx, res.conn, capture, APACHE_PROXY_FCGI, "RESPONDER", env, ctx.req.body, undefined, timeout, keep);
    const o = talk.outcome!;
    for (const rec of o.stderrRecords) ctx.log("proxy_fcgi", "error", `AH01071: Got error '${new TextDecoder().decode(rec).replace(/[\r\n]+$/, "")}'`);
    if (o.stop === "timeout") {
      ctx.log("proxy_fcgi", "error", `(70007)The timeout specified has expired: AH01075: Error dispatching request to ${host}:${port}: `);
      return errorResponse(ctx, 504);
    }
    if (o.stop !== "end-request" && o.stdout.length === 0) {
      ctx.log("proxy_fcgi", "error", `(104)Connection reset by peer: AH01075: Error dispatching request to ${host}:${port}: `);
      return errorResponse(ctx, 503);
    }
    return this.proxyResponse(ctx, o.stdout, scriptFilename);
  }

  /**
   * What mod_proxy_fcgi 2.4.71 makes of the application's STDOUT: httpd's
   * script-header scanner (as mod_cgi's, logging as proxy_fcgi), without
   * mod_cgi's Location rules. Checked against the live server
   * (tests/interop/apache-proxy-fcgi.diff.test.ts), quirks included: headers
   * that never end go out as the body of a 200; a malformed line gives a
   * 500 with no body and an empty "Bad header:".
   */
  private proxyResponse(ctx: RequestContext, stdout: Uint8Array, scriptFilename: string): HandlerResponse {
    const cfg = ctx.server.config;
    const name = basename(scriptFilename);
    // r->content_type from mod_mime on r->filename: what goes out when the application names none.
    const fileType = () => {
      const t = mimeTypeFor(ctx.server.fs, cfg, { types: new Map() }, scriptFilename); // no <Directory> applies to a proxied URL
      return t ? { contentType: withDefaultCharset(cfg, t) } : {};
    };
    if (stdout.length > 0 && findHeaderEnd(stdout) < 0) {
      // The end of the headers never came: what was buffered is sent as it is.
      return { status: 200, headers: [], body: stdout, ...fileType(), streamed: true };
    }
    if (stdout.length === 0) {
      ctx.log("proxy_fcgi", "error", `End of script output before headers: ${name}`);
      ctx.log("proxy_fcgi", "error", "AH01070: Error parsing script headers");
      return errorResponse(ctx, 500);
    }
    const parsed = parseScriptOutput(stdout, { scriptFilename, stdout: "eof", module: "proxy_fcgi", locationRules: false, nowMs: ctx.server.clock() });
    if (parsed.kind === "error") {
      const refused = parsed.logs.find((l) => l.module === "http");
      if (refused) {
        // The header check refuses it in the output filter, after the headers were scanned.
        for (const l of parsed.logs) ctx.log(l.module, l.level, l.message);
        ctx.log("proxy_fcgi", "error", "(-102)Unknown error -102: AH01075: Error dispatching request to : (passing brigade to output filters)");
        return { ...errorResponse(ctx, 500), close: true, unframed: true };
      }
      for (const l of parsed.logs) ctx.log(l.module, l.level, l.message.replace(/(Bad header: ).*$/, "$1"));
      ctx.log("proxy_fcgi", "error", "AH01070: Error parsing script headers");
      ctx.log("proxy_fcgi", "error", "(22)Invalid argument: AH01075: Error dispatching request to : ");
      return { status: 500, headers: [], body: new Uint8Array(), ...fileType(), streamed: true };
    }
    if (parsed.kind !== "response") throw new Error(`mod_proxy_fcgi: unexpected ${parsed.kind}`); // no Location rules, never incomplete at eof
    for (const l of parsed.logs) ctx.log(l.module, l.level, l.message);
    const body = stdout.subarray(parsed.bodyOffset);
    const type = parsed.contentType === undefined ? fileType() : parsed.contentType ? { contentType: withDefaultCharset(cfg, parsed.contentType) } : {};
    const headers = parsed.headers.filter(([n]) => n.toLowerCase() !== "content-type");
    return { status: parsed.status, reason: parsed.reason, headers, body, ...type, streamed: true };
  }

  // ------------------------------------------------------------ multiplexing

  /**
   * Sends `paths.length` requests with ids 1..n on ONE connection, all in one
   * write, KEEP_CONN set (no Apache module does this: conformance E), and
   * captures what comes back. A multiplexing application (flup's
   * WSGIServer(app, multiplexed=True)) answers them interleaved; one that
   * cannot multiplex ends ids 2..n with END_REQUEST{CANT_MPX_CONN}.
   */
  async multiplexDemo(target: { address: string } | { script: string }, paths: string[], opts: { timeoutMs?: number } = {}): Promise<MultiplexResult> {
    let conn: AppConnection | null = null;
    let application: string;
    let pid: number | null = null;
    if ("address" in target) {
      const [host, port] = splitAddress(target.address);
      const res = await this.network.open(host, port);
      if (!res.ok) return { ok: false, error: `${res.errno}: nothing listens on ${target.address}` };
      conn = res.conn;
      pid = res.listener.pid();
      application = target.address;
    } else {
      const s = this.settings();
      const c = this.pm.classFor(`fastcgi:${target.script}`, { module: "fastcgi", kind: "dynamic", script: target.script, env: s?.dynamic.env ?? [], processes: 1, idleTimeoutSec: s?.dynamic.idleTimeoutSec ?? 30 });
      const { inst } = this.pm.pick(c);
      if ((await inst.ready) !== "serving" || !inst.proc) return { ok: false, error: `${target.script} exited instead of serving` };
      conn = inst.proc.connect();
      pid = inst.pid;
      application = target.script;
    }
    const capture: FastCgiCapture = { module: "fastcgi", application, pid, startedProcess: false, role: "RESPONDER", env: [], records: [] };
    const client = new ClientConnection(conn, [capture.records]);
    // Concurrent requests: every BEGIN_REQUEST first, then the PARAMS streams, then the STDIN streams, all in one
    // write, so request 2 begins while request 1 is still active (an application that cannot multiplex refuses it).
    const phases: BuiltRecord[][] = [[], [], []];
    paths.forEach((path, i) => {
      const id = i + 1;
      const [p, q = ""] = path.split("?");
      const env: [string, string][] = [["GATEWAY_INTERFACE", "CGI/1.1"], ["SERVER_PROTOCOL", "HTTP/1.1"], ["REQUEST_METHOD", "GET"], ["QUERY_STRING", q], ["REQUEST_URI", path], ["SCRIPT_NAME", p!], ["SERVER_NAME", "localhost"], ["SERVER_PORT", "80"], ["REMOTE_ADDR", "127.0.0.1"], ["FCGI_REQUEST_ID", String(id)]];
      if (i === 0) capture.env = env;
      const built = buildRequest(requestOptionsFor(MOD_FASTCGI, { params: env, stdin: new Uint8Array(), requestId: id, keepConn: true }));
      if (!built.ok) return;
      for (const rec of built.records) phases[rec.type === RecordType.BEGIN_REQUEST ? 0 : rec.type === RecordType.PARAMS ? 1 : 2]!.push(rec);
      client.expect(id);
    });
    const all = concatBytes(phases.flat().map((rec) => encodeRecord(rec, { padding: rec.paddingLength })));
    client.send(all);
    const outcomes = await Promise.all(paths.map((_, i) => client.wait(i + 1, opts.timeoutMs ?? 30_000)));
    client.close();
    const fromApp = capture.records.filter((r) => r.direction === "from-app").map((r) => (r.bytes[2]! << 8) | r.bytes[3]!).filter((id) => id !== 0);
    let switches = 0;
    for (let i = 1; i < fromApp.length; i++) if (fromApp[i] !== fromApp[i - 1]) switches++;
    const interleaved = switches > new Set(fromApp).size - 1;
    return {
      ok: true,
      capture,
      outcomes,
      interleaved,
      refused: outcomes.filter((o) => o.end?.protocolStatus === ProtocolStatus.CANT_MPX_CONN).map((o) => o.requestId),
      order: fromApp,
    };
  }
}

export type MultiplexResult =
  | { ok: false; error: string }
  | {
      ok: true;
      capture: FastCgiCapture;
      outcomes: RequestOutcome[];
      /** Records of different ids alternate on the wire (more switches than one block per id). */
      interleaved: boolean;
      /** Ids the application ended with CANT_MPX_CONN. */
      refused: number[];
      /** Request id of each record the application sent, in wire order. */
      order: number[];
    };

function splitAddress(a: string): [string, number] {
  const i = a.lastIndexOf(":");
  return [a.slice(0, i), Number(a.slice(i + 1))];
}

/** ap_create_environment: non-alphanumerics in a name become '_'. */
function envName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(\d)/, "_$1");
}

/**
 * mod_proxy_fcgi reads a chunked body whole before sending it (live captures:
 * CONTENT_LENGTH set, Transfer-Encoding dropped), unlike mod_cgi.
 */
function dechunkedBody(ctx: RequestContext, env: [string, string][]): void {
  const te = env.findIndex(([k]) => k === "HTTP_TRANSFER_ENCODING");
  if (te < 0) return;
  env.splice(te, 1);
  if (!env.some(([k]) => k === "CONTENT_LENGTH")) {
    const at = env.findIndex(([k]) => k === "CONTENT_TYPE");
    env.splice(at >= 0 ? at + 1 : 0, 0, ["CONTENT_LENGTH", String(ctx.req.body.length)]);
  }
}
