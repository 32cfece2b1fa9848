import { normalizePath, type Vfs } from "../vfs.ts";
import type { ConfigNode } from "./config-parser.ts";
import { argCountError, directiveInfo } from "./directives.ts";
import { parseOptions } from "./options.ts";
import type { Section, ServerConfig } from "./server-config.ts";

type Fail = (n: ConfigNode, msg: string) => Error;

const SECTION_KINDS: Record<string, Section["kind"]> = {
  directory: "Directory",
  directorymatch: "DirectoryMatch",
  files: "Files",
  filesmatch: "FilesMatch",
  location: "Location",
  locationmatch: "LocationMatch",
};

/** Phase two, like ap_process_config_tree: each directive is checked and takes effect, in order. */
export function applyDirectives(fs: Vfs, cfg: ServerConfig, tree: ConfigNode[], fail: Fail, warnings: string[]): void {
  const resolve = (p: string) => (p.startsWith("/") ? normalizePath(p) : normalizePath(p, cfg.serverRoot));
  for (const n of tree) {
    if (n.children) {
      cfg.sections.push(toSection(n, fail, resolve));
      continue;
    }
    check(n, fail);
    const a = n.args;
    const info = directiveInfo(n.name)!;
    if (!info.effect) cfg.withoutEffect.push({ name: info.name, line: n.line });
    switch (info.name) {
      case "Listen": {
        const m = /^(?:\[?([^\]]*)\]?:)?(\d+)$/.exec(a[0]!);
        if (!m) throw fail(n, `Invalid address or port`);
        cfg.listen.push({ addr: m[1] || undefined, port: Number(m[2]) });
        break;
      }
      case "ServerName": cfg.serverName = a[0]; break;
      case "ServerAdmin": cfg.serverAdmin = a[0]!; break;
      case "ServerSignature": {
        const v = a[0]!.toLowerCase();
        if (v === "on") cfg.serverSignature = "On";
        else if (v === "off") cfg.serverSignature = "Off";
        else if (v === "email") cfg.serverSignature = "EMail";
        else throw fail(n, "ServerSignature: use one of: off | on | email");
        break;
      }
      case "ServerTokens": cfg.serverTokens = a[0]!; break;
      case "DocumentRoot": {
        const root = resolve(a[0]!);
        if (fs.stat(root)?.type !== "dir") throw fail(n, `DocumentRoot '${a[0]}' is not a directory, or is not readable`);
        cfg.documentRoot = root;
        break;
      }
      case "Timeout": cfg.timeoutSec = Number.parseInt(a[0]!, 10) || 0; break;
      case "CGIScriptTimeout":
      case "CGIDScriptTimeout": cfg.cgiScriptTimeoutSec = Number.parseInt(a[0]!, 10) || 0; break;
      case "ErrorLog": cfg.errorLog = a[0]!; break;
      case "LogLevel": cfg.logLevel = a[0] ?? "warn"; break;
      case "LogFormat": cfg.logFormats.set(a[1] ?? "\u0000default", a[0]!); break;
      case "CustomLog": {
        const fmt = cfg.logFormats.get(a[1]!) ?? a[1]!;
        cfg.customLogs.push({ path: a[0]!, format: fmt });
        break;
      }
      case "User": cfg.user = a[0]!; break;
      case "Group": cfg.group = a[0]!; break;
      case "AddDefaultCharset": {
        const v = a[0]!;
        cfg.addDefaultCharset = v.toLowerCase() === "off" ? null : v.toLowerCase() === "on" ? "iso-8859-1" : v;
        break;
      }
      case "Alias":
      case "ScriptAlias":
      case "AliasMatch":
      case "ScriptAliasMatch":
        if (a.length < 2) throw fail(n, `${info.name} takes 1-2 arguments, ${info.help}`);
        cfg.aliases.push({ kind: info.name, from: a[0]!, to: a[1]! });
        break;
      case "ProxyPass": {
        if (a.length < 2) throw fail(n, "ProxyPass needs a path when not defined in a location");
        const params: Record<string, string> = {};
        for (const p of a.slice(2)) {
          const [k, v = ""] = p.split("=");
          params[k!] = v;
        }
        cfg.proxyPass.push({ path: a[0]!, url: a[1]!, params, line: n.line });
        break;
      }
      case "FastCgiServer":
      case "FastCgiExternalServer":
      case "FastCgiConfig":
      case "FcgidMaxRequestsPerProcess":
      case "FcgidIOTimeout":
      case "ProxyFCGIBackendType":
        cfg.fastcgi.push(n);
        break;
      case "Options":
        parseOptions(a, (msg) => fail(n, msg));
        cfg.serverDirectives.push(n);
        break;
      default:
        cfg.serverDirectives.push(n);
    }
  }
  if (!cfg.listen.length) cfg.listen.push({ port: 80 });
  void warnings;
}

function check(n: ConfigNode, fail: Fail): void {
  const info = directiveInfo(n.name)!;
  const err = argCountError(info.name, info, n.args.length);
  if (err) throw fail(n, err);
}

function toSection(n: ConfigNode, fail: Fail, resolve: (p: string) => string): Section {
  const kind = SECTION_KINDS[n.name.toLowerCase()];
  if (!kind) throw fail(n, `<${n.name}> is not allowed here`);
  let arg = n.args[0] ?? "";
  let regex: RegExp | undefined;
  const isMatch = kind.endsWith("Match") || arg === "~";
  if (arg === "~") arg = n.args[1] ?? "";
  if (!arg) throw fail(n, `<${n.name}> directive requires additional arguments`);
  if (isMatch) {
    try {
      regex = new RegExp(arg);
    } catch {
      throw fail(n, `Regex could not be compiled`);
    }
  } else if (kind === "Directory") {
    arg = resolve(arg);
  }
  const section: Section = { kind: isMatch && !kind.endsWith("Match") ? (`${kind}Match` as Section["kind"]) : kind, arg, regex, directives: [], nested: [] };
  for (const c of n.children ?? []) {
    if (c.children) {
      section.nested.push(toSection(c, fail, resolve));
      continue;
    }
    check(c, fail);
    if (directiveInfo(c.name)!.name === "Options") parseOptions(c.args, (msg) => fail(c, msg));
    section.directives.push(c);
  }
  return section;
}
