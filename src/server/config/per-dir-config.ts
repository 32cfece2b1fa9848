import { basename } from "../vfs.ts";
import type { ConfigNode } from "./config-parser.ts";
import { directiveInfo } from "./directives.ts";
import { applyOptions, DEFAULT_OPTIONS, parseOptions, type OptionName } from "./options.ts";
import type { Section, ServerConfig } from "./server-config.ts";

/** The configuration in force for one request, after merging sections as Apache does. */
export interface DirConfig {
  options: Set<OptionName>;
  /** Extension (lowercase, without dot) → handler, from AddHandler. */
  handlers: Map<string, string>;
  /** Extension → MIME type, from AddType. */
  types: Map<string, string>;
  setHandler?: string;
  /** The last Require line that applies. */
  require: string[] | null;
  directoryIndex: string[];
  acceptPathInfo: "on" | "off" | "default";
  cgiPassAuth: boolean;
  setEnv: [string, string][];
  /** FastCGI authorizer script protecting this place (FastCgiAuthorizer / FcgidAuthorizer). */
  authorizer?: { module: "fastcgi" | "fcgid"; path: string };
  /** CGI Lab's FastCgiFilter: a filter application and the extensions it handles. */
  filter?: { path: string; extensions: string[] };
}

function baseConfig(): DirConfig {
  return {
    options: new Set(DEFAULT_OPTIONS),
    handlers: new Map(),
    types: new Map(),
    require: null,
    directoryIndex: ["index.html"],
    acceptPathInfo: "default",
    cgiPassAuth: false,
    setEnv: [],
  };
}

function apply(c: DirConfig, nodes: ConfigNode[]): void {
  for (const n of nodes) {
    const name = directiveInfo(n.name)?.name;
    const a = n.args;
    switch (name) {
      case "Options":
        c.options = applyOptions(c.options, parseOptions(a, (m) => new Error(m)));
        break;
      case "AddHandler":
        for (const ext of a.slice(1)) c.handlers.set(ext.replace(/^\./, "").toLowerCase(), a[0]!.toLowerCase());
        break;
      case "RemoveHandler":
        for (const ext of a) c.handlers.delete(ext.replace(/^\./, "").toLowerCase());
        break;
      case "AddType":
        for (const ext of a.slice(1)) c.types.set(ext.replace(/^\./, "").toLowerCase(), a[0]!);
        break;
      case "SetHandler":
        c.setHandler = a[0]!.toLowerCase() === "none" ? undefined : a[0]!;
        break;
      case "Require":
        c.require = a;
        break;
      case "DirectoryIndex":
        c.directoryIndex = a.length === 1 && a[0]!.toLowerCase() === "disabled" ? [] : a;
        break;
      case "AcceptPathInfo":
        c.acceptPathInfo = (a[0]!.toLowerCase() as DirConfig["acceptPathInfo"]) ?? "default";
        break;
      case "CGIPassAuth":
        c.cgiPassAuth = a[0]!.toLowerCase() === "on";
        break;
      case "SetEnv":
        c.setEnv.push([a[0]!, a[1] ?? ""]);
        break;
      case "FastCgiAuthorizer":
        c.authorizer = { module: "fastcgi", path: a[0]! };
        break;
      case "FcgidAuthorizer":
        c.authorizer = { module: "fcgid", path: a[0]! };
        break;
      case "FastCgiFilter":
        c.filter = { path: a[0]!, extensions: a.slice(1).map((e) => e.replace(/^\./, "").toLowerCase()) };
        break;
    }
  }
}

function dirMatches(section: Section, dir: string): boolean {
  if (section.kind === "Directory") {
    const p = section.arg.replace(/\/+$/, "") || "/";
    return p === "/" || dir === p || dir.startsWith(p + "/");
  }
  return section.regex!.test(dir);
}

function filesMatch(section: Section, file: string): boolean {
  if (section.kind === "Files") {
    const re = new RegExp("^" + section.arg.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
    return re.test(file);
  }
  return section.regex!.test(file);
}

function locationMatches(section: Section, url: string): boolean {
  if (section.kind === "Location") return url === section.arg || url.startsWith(section.arg.endsWith("/") ? section.arg : section.arg + "/") || url.startsWith(section.arg);
  return section.regex!.test(url);
}

/**
 * Merges the configuration for a file (or directory) and the URL that reached it,
 * in Apache's order: server, <Directory> shortest first, <DirectoryMatch>,
 * <Files>/<FilesMatch> (also those inside matching directories), then <Location>.
 */
export function dirConfigFor(cfg: ServerConfig, filePath: string | null, url: string, isDir = false): DirConfig {
  const c = baseConfig();
  apply(c, cfg.serverDirectives);
  const files: Section[] = [];
  if (filePath) {
    const dir = isDir ? filePath : filePath.slice(0, filePath.lastIndexOf("/")) || "/";
    const plain = cfg.sections
      .filter((s) => s.kind === "Directory" && dirMatches(s, dir))
      .sort((x, y) => x.arg.split("/").length - y.arg.split("/").length);
    for (const s of plain) {
      apply(c, s.directives);
      files.push(...s.nested.filter((n) => n.kind === "Files" || n.kind === "FilesMatch"));
    }
    for (const s of cfg.sections.filter((s) => s.kind === "DirectoryMatch" && dirMatches(s, dir))) {
      apply(c, s.directives);
      files.push(...s.nested.filter((n) => n.kind === "Files" || n.kind === "FilesMatch"));
    }
    const name = basename(filePath);
    for (const s of [...cfg.sections.filter((s) => s.kind === "Files" || s.kind === "FilesMatch"), ...files]) {
      if (filesMatch(s, name)) apply(c, s.directives);
    }
  }
  for (const s of cfg.sections.filter((s) => (s.kind === "Location" || s.kind === "LocationMatch") && locationMatches(s, url))) {
    apply(c, s.directives);
  }
  return c;
}
