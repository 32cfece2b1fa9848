import { join } from "node:path";
import type { HttpRequest } from "../protocol/http-message.ts";
import type { ConnectionRunner, ProcessRunner } from "../runtime/process.ts";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import type { Exchange } from "../server/exchange.ts";
import { Httpd } from "../server/httpd.ts";
import { applyDiskLabels, diskSelinuxEnforcing, overlayDisk, writeLogs } from "./disk-root.ts";
import { installExternalConnector } from "./external-fastcgi.ts";

/** The emulator core put together for Node: the server, a Python runner, and optionally a disk root. */
export interface NodeEngine {
  httpd: Httpd;
  request(req: HttpRequest): Promise<Exchange>;
  dispose(): Promise<void>;
}

export interface NodeEngineOptions {
  root?: string;
  runner: ProcessRunner;
  connections?: ConnectionRunner;
  /** Let mod_proxy_fcgi / FastCgiExternalServer reach real applications on 127.0.0.1 (default true). */
  externalFastCgi?: boolean;
}

export function createNodeEngine(opts: NodeEngineOptions): NodeEngine {
  const fs = createDefaultFs();
  if (opts.root) {
    overlayDisk(fs, opts.root);
    applyDiskLabels(fs, opts.root);
  }
  const httpd = new Httpd({ fs, runner: opts.runner, connections: opts.connections });
  if (opts.root) httpd.selinuxEnforcing = diskSelinuxEnforcing(opts.root);
  if (opts.externalFastCgi !== false) installExternalConnector(httpd);
  const root = opts.root;
  if (root) {
    // The server's own start-up lines go to the real log files too.
    writeLogs(root, [{ path: "var/log/httpd/error_log", lines: fs.readText("/var/log/httpd/error_log").split("\n").filter(Boolean) }]);
  }
  return {
    httpd,
    async request(req) {
      if (root) {
        // Scripts, modes and labels are read again for every request, as a real server reads the disk.
        overlayDisk(fs, root);
        applyDiskLabels(fs, root);
        httpd.selinuxEnforcing = diskSelinuxEnforcing(root);
      }
      const ex = await httpd.handle(req);
      if (root) {
        writeLogs(root, [
          { path: join("var/log/httpd", "error_log"), lines: ex.errorLog },
          { path: join("var/log/httpd", "access_log"), lines: ex.accessLog },
          { path: join("var/log/audit", "audit.log"), lines: ex.auditLog },
        ]);
      }
      return ex;
    },
    async dispose() {
      await opts.runner.dispose();
    },
  };
}
