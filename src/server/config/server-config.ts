import { normalizePath, type Vfs } from "../vfs.ts";
import { parseConfig, type ConfigNode } from "./config-parser.ts";
import { argCountError, directiveInfo, SECTIONS } from "./directives.ts";
import { exportedModule, moduleByIdentifier } from "./modules.ts";

export interface AliasRule {
  kind: "Alias" | "ScriptAlias" | "AliasMatch" | "ScriptAliasMatch";
  /** URL prefix, or a regular expression for the *Match forms. */
  from: string;
  to: string;
}

export interface ProxyPassRule {
  path: string;
  url: string;
  params: Record<string, string>;
  line: number;
}

/** A configuration section with the directives inside it, <IfModule> already resolved. */
export interface Section {
  kind: "Directory" | "DirectoryMatch" | "Files" | "FilesMatch" | "Location" | "LocationMatch";
  arg: string;
  regex?: RegExp;
  directives: ConfigNode[];
  /** Sections nested in this one (<Files> inside <Directory>). */
  nested: Section[];
}

export interface LogSpec {
  path: string;
  format: string;
}

export interface ServerConfig {
  file: string;
  serverRoot: string;
  modules: Set<string>;
  listen: { addr?: string; port: number }[];
  serverName?: string;
  serverAdmin: string;
  serverSignature: "On" | "Off" | "EMail";
  serverTokens: string;
  documentRoot: string;
  timeoutSec: number;
  cgiScriptTimeoutSec?: number;
  errorLog: string;
  logLevel: string;
  logFormats: Map<string, string>;
  customLogs: LogSpec[];
  user: string;
  group: string;
  addDefaultCharset: string | null;
  aliases: AliasRule[];
  proxyPass: ProxyPassRule[];
  /** Server-level directives that also act per directory (Options, AddHandler, … outside any section). */
  serverDirectives: ConfigNode[];
  sections: Section[];
  /** Directives whose modules take them but that have no effect in the emulator, with their lines. */
  withoutEffect: { name: string; line: number }[];
  /** Raw top-level FastCGI directives, read by the FastCGI modules. */
  fastcgi: ConfigNode[];
}

export type ConfigResult = { ok: true; config: ServerConfig; warnings: string[] } | { ok: false; output: string };

const PROGRAM = "httpd";

interface Ctx {
  fs: Vfs;
  file: string;
  modules: Set<string>;
  serverRoot: string;
  cfg: ServerConfig;
  warnings: string[];
}

class ConfigError extends Error {
  constructor(readonly output: string) {
    super(output);
  }
}

const readError = (file: string, line: number, msg: string) =>
  new ConfigError(`${PROGRAM}: Syntax error on line ${line} of ${file}: ${msg}`);
const directiveError = (n: ConfigNode, msg: string) =>
  new ConfigError(`AH00526: Syntax error on line ${n.line} of ${n.file}:\n${msg}`);

function resolve(ctx: Ctx, p: string): string {
  return p.startsWith("/") ? normalizePath(p) : normalizePath(p, ctx.serverRoot);
}

/** Phase one, like ap_build_config: sections, LoadModule, <IfModule>, Include, unknown commands. */
function readTree(ctx: Ctx, nodes: ConfigNode[]): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const n of nodes) {
    const lower = n.name.toLowerCase();
    if (n.children) {
      if (!(lower in SECTIONS)) {
        throw directiveError(n, `Invalid command '<${n.name}', perhaps misspelled or defined by a module not included in the server configuration`);
      }
      if (lower === "ifmodule") {
        const arg = n.args[0] ?? "";
        if (!arg) throw readError(n.file, n.line, "<IfModule> directive requires additional arguments");
        const negate = arg.startsWith("!");
        const info = moduleByIdentifier(negate ? arg.slice(1) : arg);
        const loaded = info !== undefined && ctx.modules.has(info.name);
        if (loaded !== negate) out.push(...readTree(ctx, n.children));
        continue;
      }
      if (lower === "ifdefine") {
        const negate = (n.args[0] ?? "").startsWith("!");
        if (negate) out.push(...readTree(ctx, n.children));
        continue;
      }
      out.push({ ...n, children: readTree(ctx, n.children) });
      continue;
    }
    if (lower === "loadmodule") {
      loadModule(ctx, n);
      continue;
    }
    if (lower === "include" || lower === "includeoptional") {
      out.push(...include(ctx, n, lower === "includeoptional"));
      continue;
    }
    if (lower === "serverroot" && n.args[0]) ctx.serverRoot = normalizePath(n.args[0]);
    const info = directiveInfo(n.name);
    if (!info || (info.module !== "core" && !ctx.modules.has(info.module))) {
      throw directiveError(n, `Invalid command '${n.name}', perhaps misspelled or defined by a module not included in the server configuration`);
    }
    out.push(n);
  }
  return out;
}

function loadModule(ctx: Ctx, n: ConfigNode): void {
  const [name, file] = n.args;
  if (!name || !file || n.args.length !== 2) {
    throw directiveError(n, "LoadModule takes two arguments, a module name and the name of a shared object file to load it from");
  }
  if (ctx.modules.has(name)) {
    ctx.warnings.push(`[so:warn] AH01574: module ${name} is already loaded, skipping`);
    return;
  }
  const path = resolve(ctx, file);
  const st = ctx.fs.stat(path);
  if (!st || st.type !== "file") {
    // ap_server_root_relative joins strings: the message keeps a trailing slash.
    const shown = file.startsWith("/") ? file : `${ctx.serverRoot}/${file}`;
    throw readError(n.file, n.line, `Cannot load ${file} into server: ${shown}: cannot open shared object file: No such file or directory`);
  }
  if (exportedModule(ctx.fs.readText(path)) !== name) {
    throw readError(n.file, n.line, `Can't locate API module structure \`${name}' in file ${path}: ${path}: undefined symbol: ${name}`);
  }
  ctx.modules.add(name);
}

function include(ctx: Ctx, n: ConfigNode, optional: boolean): ConfigNode[] {
  const pattern = resolve(ctx, n.args[0] ?? "");
  const star = pattern.lastIndexOf("/");
  const dir = pattern.slice(0, star) || "/";
  const glob = new RegExp("^" + pattern.slice(star + 1).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
  const files = ctx.fs.stat(dir)?.type === "dir" ? ctx.fs.list(dir).filter((f) => glob.test(f)).map((f) => `${dir}/${f}`) : [];
  if (files.length === 0 && !optional) {
    if (!/[*?]/.test(pattern)) {
      throw readError(n.file, n.line, `Could not open configuration file ${pattern}: No such file or directory`);
    }
    throw readError(n.file, n.line, `No matches for the wildcard '${pattern.slice(star + 1)}' in '${dir}', failing`);
  }
  const out: ConfigNode[] = [];
  for (const f of files) {
    const parsed = parseConfig(ctx.fs.readText(f), f);
    if (parsed.error) throw readError(parsed.error.file, parsed.error.line, parsed.error.message);
    const saved = ctx.file;
    ctx.file = f;
    out.push(...readTree(ctx, parsed.nodes));
    ctx.file = saved;
  }
  return out;
}

export function defaultConfig(file: string): ServerConfig {
  return {
    file,
    serverRoot: "/etc/httpd",
    modules: new Set(),
    listen: [],
    serverAdmin: "[no address given]",
    serverSignature: "Off",
    serverTokens: "Full",
    documentRoot: "/usr/local/apache2/htdocs",
    timeoutSec: 60,
    errorLog: "logs/error_log",
    logLevel: "warn",
    logFormats: new Map([["common", '%h %l %u %t "%r" %>s %b']]),
    customLogs: [],
    user: "apache",
    group: "apache",
    addDefaultCharset: null,
    aliases: [],
    proxyPass: [],
    serverDirectives: [],
    sections: [],
    withoutEffect: [],
    fastcgi: [],
  };
}

export { applyDirectives } from "./apply-directives.ts";
import { applyDirectives } from "./apply-directives.ts";

/** Reads httpd.conf from the filesystem as `httpd -t` would; the first error stops it, as in Apache. */
export function loadServerConfig(fs: Vfs, file = "/etc/httpd/conf/httpd.conf"): ConfigResult {
  if (!fs.stat(file)) {
    return { ok: false, output: `${PROGRAM}: Could not open configuration file ${file}: No such file or directory` };
  }
  const cfg = defaultConfig(file);
  const ctx: Ctx = { fs, file, modules: cfg.modules, serverRoot: cfg.serverRoot, cfg, warnings: [] };
  try {
    const parsed = parseConfig(fs.readText(file), file);
    let tree: ConfigNode[];
    try {
      tree = readTree(ctx, parsed.nodes);
    } catch (e) {
      // A structure error earlier in the file than the first bad command wins, as Apache reads top to bottom.
      if (parsed.error && e instanceof ConfigError) {
        const m = /line (\d+)/.exec(e.output);
        if (m && Number(m[1]) > parsed.error.line) throw readError(parsed.error.file, parsed.error.line, parsed.error.message);
      }
      throw e;
    }
    if (parsed.error) throw readError(parsed.error.file, parsed.error.line, parsed.error.message);
    cfg.serverRoot = ctx.serverRoot;
    applyDirectives(fs, cfg, tree, (n, msg) => directiveError(n, msg), ctx.warnings);
    // After the syntax pass, httpd opens the error log: its directory must exist (AH02291).
    const logDir = fs.realpath(resolve(ctx, cfg.errorLog).replace(/\/[^/]*$/, "") || "/");
    if (fs.stat(logDir)?.type !== "dir") {
      return { ok: false, output: `(2)No such file or directory: AH02291: Cannot access directory '${logDir}/' for main error log\nAH00014: Configuration check failed` };
    }
    return { ok: true, config: cfg, warnings: ctx.warnings };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, output: e.output };
    throw e;
  }
}

/** Checks a directive's argument count, returning Apache's message when it is wrong. */
export function checkArgs(n: ConfigNode): string | undefined {
  const info = directiveInfo(n.name);
  return info ? argCountError(directiveInfo(n.name)!.name, info, n.args.length) : undefined;
}
