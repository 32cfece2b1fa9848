/**
 * FastCGI on the web-server side: mod_fastcgi, mod_fcgid and mod_proxy_fcgi
 * over one process manager and one emulated network.
 *
 * Wiring: `attachFastCgi(httpd)` (called by Httpd's constructor) makes the
 * per-server module, subscribes it to Httpd.lifecycle (static applications
 * start with httpd; every application httpd started dies on stop/restart)
 * and registers the pipeline handler once. Handlers find their server's
 * module through the request's filesystem (ctx.server.fs), which is one per
 * Httpd.
 *
 * APIs for the UI, the CLI and the lessons:
 * - fastcgiFor(httpd).network        the emulated network (listeners, resolver)
 * - startNetworkApp(m, {address, script})   run an app on e.g. appserver:9000
 * - fastcgiFor(httpd).multiplexDemo(target, paths)   n requests on one connection
 * - fastcgiFor(httpd).pm.snapshot()  the FastCGI processes, for a process list
 */
import type { HandlerResponse, RequestContext } from "../request-context.ts";
import { registerHandler, type Resolved } from "../request-pipeline.ts";
import type { Vfs } from "../vfs.ts";
import type { ServerConfig } from "../config/server-config.ts";
import type { ConnectionRunner } from "../../runtime/process.ts";
import { formatErrorLogLine } from "../../protocol/error-log.ts";
import { appendLog, levelEnabled } from "../logs.ts";
import { FastCgiModule, type HttpdHost } from "./module.ts";

export { FastCgiModule, type HttpdHost, type MultiplexResult } from "./module.ts";
export { EmulatedNetwork, APPSERVER_HOST, APPSERVER_ADDR, type NetworkListener } from "./network.ts";
export { startNetworkApp, type NetworkApp, type NetworkAppOptions } from "./app-server.ts";
export { ProcessManager, type AppInstance, type AppSpec } from "./process-manager.ts";
export * as fastcgiExamples from "./examples.ts";

const modules = new WeakMap<Vfs, FastCgiModule>();
let registered = false;

async function handler(ctx: RequestContext, r: Resolved): Promise<HandlerResponse | null> {
  const m = modules.get(ctx.server.fs);
  return m ? m.handle(ctx, r) : null;
}

/** What attachFastCgi needs of Httpd. */
export interface HttpdLike {
  fs: Vfs;
  config: ServerConfig | null;
  running: boolean;
  connections?: ConnectionRunner;
  clock: () => number;
  nextPid(): number;
  logPath(p: string): string;
  lifecycle: Set<(event: "stop" | "start") => void>;
}

/** Adapts Httpd to what the module needs: error_log writes go to the configured ErrorLog file. */
export function hostFor(httpd: HttpdLike): HttpdHost {
  const errorLogFile = () => (httpd.config ? httpd.logPath(httpd.config.errorLog) : null);
  return {
    fs: httpd.fs,
    get config() { return httpd.config; },
    get running() { return httpd.running; },
    get connections() { return httpd.connections; },
    clock: httpd.clock,
    nextPid: () => httpd.nextPid(),
    lifecycle: httpd.lifecycle,
    errorLog: (module, level, pid, message) => {
      const file = errorLogFile();
      if (!file || !levelEnabled(httpd.config!.logLevel, level)) return;
      appendLog(httpd.fs, file, [formatErrorLogLine({ timeMs: httpd.clock(), module, level: level as "error", pid, message })]);
    },
    rawErrorLog: (line) => {
      const file = errorLogFile();
      if (file) appendLog(httpd.fs, file, [line]);
    },
  };
}

/** Creates (once) the FastCGI modules of an httpd and registers the pipeline handler. */
export function attachFastCgi(httpd: HttpdLike | HttpdHost): FastCgiModule {
  if (!registered) {
    registerHandler(handler);
    registered = true;
  }
  const host = "errorLog" in httpd ? httpd : hostFor(httpd);
  const m = new FastCgiModule(host);
  modules.set(httpd.fs, m);
  return m;
}

/** The FastCGI modules of an httpd (or of the filesystem it serves), if attached. */
export function fastcgiFor(target: { fs: Vfs } | Vfs): FastCgiModule | undefined {
  return modules.get("fs" in target ? target.fs : target);
}
