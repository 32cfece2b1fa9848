/**
 * The modules of the emulated httpd: what LoadModule can load, the names
 * <IfModule> accepts, and whether the emulator implements the module or only
 * accepts it so Fedora's stock configuration loads.
 */
export interface ModuleInfo {
  /** The name LoadModule uses, e.g. `cgi_module`. */
  name: string;
  /** The shared object file name, e.g. `mod_cgi.so`. */
  file: string;
  /** The source file <IfModule> also accepts, e.g. `mod_cgi.c`. */
  source: string;
  implemented: boolean;
}

const m = (short: string, implemented: boolean, file = `mod_${short}.so`, source = `mod_${short}.c`): ModuleInfo => ({
  name: `${short}_module`,
  file,
  source,
  implemented,
});

export const MODULES: ModuleInfo[] = [
  m("mpm_prefork", false, "mod_mpm_prefork.so", "prefork.c"),
  m("mpm_event", false, "mod_mpm_event.so", "event.c"),
  m("mpm_worker", false, "mod_mpm_worker.so", "worker.c"),
  m("authz_core", true),
  m("authz_host", false),
  m("authz_user", false),
  m("authn_core", false),
  m("authn_file", false),
  m("auth_basic", false),
  m("access_compat", false),
  m("log_config", true),
  m("logio", false),
  m("mime", true),
  m("mime_magic", false),
  m("dir", true),
  m("alias", true),
  m("autoindex", true),
  m("unixd", false),
  m("systemd", false),
  m("env", true),
  m("setenvif", false),
  m("headers", false),
  m("rewrite", false),
  m("status", false),
  m("actions", false),
  m("negotiation", false),
  m("include", false),
  m("cgi", true),
  m("cgid", true),
  m("proxy", true),
  m("proxy_http", false),
  m("proxy_fcgi", true),
  m("authnz_fcgi", false),
  m("fcgid", true),
  // mod_fastcgi is not shipped with Fedora: the article builds it from source.
  m("fastcgi", true),
];

export function moduleByName(name: string): ModuleInfo | undefined {
  return MODULES.find((x) => x.name === name);
}

/** <IfModule> takes either the module name or its source file name. */
export function moduleByIdentifier(id: string): ModuleInfo | undefined {
  return MODULES.find((x) => x.name === id || x.source === id);
}

/** Bytes of the stand-in shared object a module's file holds in the virtual filesystem. */
export function moduleFileContent(info: ModuleInfo): string {
  return `\x7fELF CGI Lab stand-in for ${info.file}: exports ${info.name}\n`;
}

/** Which module a stand-in file exports, read back from its content. */
export function exportedModule(content: string): string | undefined {
  return /exports (\w+)/.exec(content)?.[1];
}
