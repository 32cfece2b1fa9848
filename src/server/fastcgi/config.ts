/**
 * The FastCGI modules' server-level directives, read from the raw nodes
 * ServerConfig.fastcgi keeps (mod_fastcgi fcgi_config.c option names).
 */
import type { ServerConfig } from "../config/server-config.ts";
import { normalizePath } from "../vfs.ts";

export interface StaticServer {
  path: string;
  processes: number;
  idleTimeoutSec: number;
  /** -port n: listens on 127.0.0.1:n (reachable through the emulated network too). */
  port?: number;
  env: [string, string][];
}

export interface ExternalServer {
  path: string;
  host?: { host: string; port: number };
  socket?: string;
  idleTimeoutSec: number;
}

export interface FastCgiSettings {
  statics: StaticServer[];
  externals: ExternalServer[];
  /** FastCgiConfig: options for dynamic applications. */
  dynamic: { idleTimeoutSec: number; env: [string, string][] };
  fcgid: { ioTimeoutSec: number; maxRequestsPerProcess: number };
  proxyBackendType: "FPM" | "GENERIC";
  /** Problems found, as "line N: message". */
  problems: string[];
}

/** mod_fastcgi FCGI_DEFAULT_IDLE_TIMEOUT. */
export const DEFAULT_IDLE_TIMEOUT = 30;
/** mod_fcgid DEFAULT_IPC_COMM_TIMEOUT. */
export const DEFAULT_FCGID_IO_TIMEOUT = 40;

function parseEnv(v: string | undefined, into: [string, string][]): void {
  if (!v) return;
  const eq = v.indexOf("=");
  into.push(eq < 0 ? [v, ""] : [v.slice(0, eq), v.slice(eq + 1)]);
}

const cache = new WeakMap<ServerConfig, Readonly<FastCgiSettings>>();

/**
 * The settings of a loaded configuration. Read once per configuration (a
 * loaded ServerConfig does not change; a restart loads a new one), not on
 * every request: callers must treat the result as read-only.
 */
export function readFastCgiSettings(cfg: ServerConfig): Readonly<FastCgiSettings> {
  let s = cache.get(cfg);
  if (!s) {
    s = parseFastCgiSettings(cfg);
    cache.set(cfg, s);
  }
  return s;
}

function parseFastCgiSettings(cfg: ServerConfig): FastCgiSettings {
  const out: FastCgiSettings = {
    statics: [],
    externals: [],
    dynamic: { idleTimeoutSec: DEFAULT_IDLE_TIMEOUT, env: [] },
    fcgid: { ioTimeoutSec: DEFAULT_FCGID_IO_TIMEOUT, maxRequestsPerProcess: 0 },
    proxyBackendType: "FPM",
    problems: [],
  };
  const abs = (p: string) => (p.startsWith("/") ? normalizePath(p) : normalizePath(p, cfg.serverRoot));
  for (const n of cfg.fastcgi) {
    const a = n.args;
    const opts = new Map<string, string | undefined>();
    const env: [string, string][] = [];
    const start = n.name.toLowerCase() === "fastcgiconfig" ? 0 : 1;
    for (let i = start; i < a.length; i++) {
      const o = a[i]!.toLowerCase();
      if (!o.startsWith("-")) continue;
      const flag = o === "-pass-header" || o === "-flush" || o === "-nph";
      const v = flag && o !== "-pass-header" ? undefined : a[++i];
      if (o === "-initial-env") parseEnv(v, env);
      else opts.set(o, v);
    }
    const num = (k: string, d: number) => {
      const v = Number.parseInt(opts.get(k) ?? "", 10);
      return Number.isFinite(v) && v > 0 ? v : d;
    };
    switch (n.name.toLowerCase()) {
      case "fastcgiserver": {
        const port = opts.has("-port") ? Number.parseInt(opts.get("-port") ?? "", 10) : undefined;
        out.statics.push({ path: abs(a[0] ?? ""), processes: num("-processes", 1), idleTimeoutSec: num("-idle-timeout", DEFAULT_IDLE_TIMEOUT), ...(port ? { port } : {}), env });
        break;
      }
      case "fastcgiexternalserver": {
        const host = opts.get("-host");
        let parsed: ExternalServer["host"];
        if (host) {
          const m = /^(.*):(\d+)$/.exec(host);
          if (m) parsed = { host: m[1]!, port: Number(m[2]) };
          else out.problems.push(`line ${n.line}: -host needs host:port`);
        }
        out.externals.push({ path: abs(a[0] ?? ""), ...(parsed ? { host: parsed } : {}), ...(opts.get("-socket") ? { socket: opts.get("-socket")! } : {}), idleTimeoutSec: num("-idle-timeout", DEFAULT_IDLE_TIMEOUT) });
        break;
      }
      case "fastcgiconfig":
        out.dynamic = { idleTimeoutSec: num("-idle-timeout", DEFAULT_IDLE_TIMEOUT), env };
        break;
      case "fcgidiotimeout":
        out.fcgid.ioTimeoutSec = Number.parseInt(a[0] ?? "", 10) || DEFAULT_FCGID_IO_TIMEOUT;
        break;
      case "fcgidmaxrequestsperprocess":
        out.fcgid.maxRequestsPerProcess = Number.parseInt(a[0] ?? "", 10) || 0;
        break;
      case "proxyfcgibackendtype":
        out.proxyBackendType = (a[0] ?? "").toUpperCase() === "GENERIC" ? "GENERIC" : "FPM";
        break;
    }
  }
  return out;
}
