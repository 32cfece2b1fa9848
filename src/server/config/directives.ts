/**
 * Directives the emulated httpd knows: which module defines each (so a
 * directive of an unloaded module is an "Invalid command", as in Apache),
 * how many arguments it takes, its help text as Apache prints it, and
 * whether the emulator acts on it.
 */
export type ArgSpec = "TAKE1" | "TAKE2" | "TAKE12" | "TAKE23" | "TAKE123" | "ITERATE" | "ITERATE2" | "FLAG" | "RAW" | "NOARGS";

export interface DirectiveInfo {
  module: string; // "core" or a module name such as alias_module
  args: ArgSpec;
  help: string;
  /** false: accepted so real configs load, but without effect in the emulator. */
  effect: boolean;
}

const d = (module: string, args: ArgSpec, help: string, effect = true): DirectiveInfo => ({ module, args, help, effect });

const TABLE: Record<string, DirectiveInfo> = {
  // core
  ServerRoot: d("core", "TAKE1", "Common directory of server-related files (logs, confs, etc.)"),
  Listen: d("core", "TAKE12", "A port number or a numeric IP address and a port number, and an optional protocol"),
  ServerName: d("core", "TAKE1", "The hostname and port of the server"),
  ServerAlias: d("core", "RAW", "A name or names alternately used to access the server", false),
  ServerAdmin: d("core", "TAKE1", "The email address of the server administrator"),
  ServerSignature: d("core", "TAKE1", "En-/disable server signature (on|off|email)"),
  ServerTokens: d("core", "TAKE1", "Tokens to send in the Server response header"),
  DocumentRoot: d("core", "TAKE1", "Root directory of the document tree"),
  Options: d("core", "RAW", "Set a number of attributes for a given directory"),
  AllowOverride: d("core", "RAW", "Controls what groups of directives can be configured by per-directory config files"),
  AcceptPathInfo: d("core", "TAKE1", "Set to on or off for PATH_INFO to be accepted by handlers, or default for the per-handler preference"),
  SetHandler: d("core", "TAKE1", "a handler name that overrides any other configured handler"),
  Timeout: d("core", "TAKE1", "Timeout duration (sec)"),
  KeepAlive: d("core", "TAKE1", "Whether persistent connections should be On or Off", false),
  KeepAliveTimeout: d("core", "TAKE1", "Keep-Alive timeout duration (sec)", false),
  MaxKeepAliveRequests: d("core", "TAKE1", "Maximum number of Keep-Alive requests per connection, or 0 for infinite", false),
  ErrorLog: d("core", "TAKE1", "The filename of the error log"),
  LogLevel: d("core", "RAW", "Level of verbosity in error logging"),
  Include: d("core", "TAKE1", "Name(s) of the config file(s) to be included; fails if the wildcard does not match at least one file"),
  IncludeOptional: d("core", "TAKE1", "Name or pattern of the config file(s) to be included; ignored if the file does not exist or the pattern does not match any files"),
  AddDefaultCharset: d("core", "TAKE1", "The name of the default charset to add to any Content-Type without one or 'Off' to disable"),
  EnableSendfile: d("core", "TAKE1", "Controls whether sendfile may be used to transmit files", false),
  EnableMMAP: d("core", "TAKE1", "Controls whether memory-mapping may be used to read files", false),
  HostnameLookups: d("core", "RAW", "\"on\" to enable, \"off\" to disable reverse DNS lookups, or \"double\" to enable double-reverse DNS lookups", false),
  UseCanonicalName: d("core", "TAKE1", "How to work out the ServerName : Port when constructing URLs", false),
  ErrorDocument: d("core", "TAKE2", "Change responses for HTTP errors", false),
  FileETag: d("core", "RAW", "One or more of 'None', 'All', 'INode', 'MTime', 'Size', 'Digest'", false),
  LimitRequestBody: d("core", "TAKE1", "Limit (in bytes) on maximum size of request message body", false),
  TraceEnable: d("core", "TAKE1", "'on' (default), 'off' or 'extended' to trace request body content", false),
  PidFile: d("core", "TAKE1", "A file for logging the server process ID", false),
  DefaultRuntimeDir: d("core", "TAKE1", "The location of the directory Apache changes to before dumping core", false),
  Mutex: d("core", "RAW", "mutex (or \"default\") and mechanism", false),
  CGIPassAuth: d("core", "FLAG", "Controls whether HTTP authorization headers, normally hidden, will be passed to scripts"),
  // MPMs
  StartServers: d("mpm_prefork_module", "TAKE1", "Number of child processes launched at server startup", false),
  MinSpareServers: d("mpm_prefork_module", "TAKE1", "Minimum number of idle children, to handle request spikes", false),
  MaxSpareServers: d("mpm_prefork_module", "TAKE1", "Maximum number of idle children", false),
  MaxRequestWorkers: d("mpm_prefork_module", "TAKE1", "Maximum number of children alive at the same time", false),
  ServerLimit: d("mpm_prefork_module", "TAKE1", "Maximum value of MaxRequestWorkers for this run of Apache", false),
  MaxConnectionsPerChild: d("mpm_prefork_module", "TAKE1", "Maximum number of connections a particular child serves before dying.", false),
  // unixd
  User: d("unixd_module", "TAKE1", "Effective user id for this server"),
  Group: d("unixd_module", "TAKE1", "Effective group id for this server"),
  // authz_core / authn
  Require: d("authz_core_module", "RAW", "specifies authorization directives which one must pass (or not) for a request to suceeed"),
  AuthType: d("authn_core_module", "TAKE1", "an HTTP authorization type (e.g., \"Basic\")", false),
  AuthName: d("authn_core_module", "TAKE1", "the authentication realm (e.g. \"Members Only\")", false),
  // log_config
  LogFormat: d("log_config_module", "TAKE12", "a log format string (see docs) and an optional format name"),
  CustomLog: d("log_config_module", "TAKE23", "a file name, a custom log format string or format name, and an optional \"env=\" or \"expr=\" clause (see docs)"),
  TransferLog: d("log_config_module", "TAKE1", "the filename of the access log", false),
  // mime
  TypesConfig: d("mime_module", "TAKE1", "the MIME types config file"),
  AddType: d("mime_module", "ITERATE2", "a mime type followed by one or more file extensions"),
  AddHandler: d("mime_module", "ITERATE2", "a handler name followed by one or more file extensions"),
  RemoveHandler: d("mime_module", "ITERATE", "one or more file extensions"),
  AddCharset: d("mime_module", "ITERATE2", "a charset (e.g., iso-2022-jp), followed by one or more file extensions", false),
  AddEncoding: d("mime_module", "ITERATE2", "an encoding (e.g., gzip), followed by one or more file extensions", false),
  AddOutputFilter: d("mime_module", "ITERATE2", "output filter name followed by one or more content extensions", false),
  MIMEMagicFile: d("mime_magic_module", "TAKE1", "Path to MIME Magic file (in file(1) format)", false),
  // dir / autoindex
  DirectoryIndex: d("dir_module", "RAW", "a list of file names"),
  IndexOptions: d("autoindex_module", "RAW", "one or more index options [+|-][]", false),
  IndexIgnore: d("autoindex_module", "ITERATE", "one or more file extensions", false),
  // alias
  Alias: d("alias_module", "TAKE12", "a fake path and a real path"),
  ScriptAlias: d("alias_module", "TAKE12", "a fake path and a real path"),
  AliasMatch: d("alias_module", "TAKE2", "a regular expression and a filename"),
  ScriptAliasMatch: d("alias_module", "TAKE2", "a regular expression and a filename"),
  Redirect: d("alias_module", "TAKE123", "an optional status, then document to be redirected and destination URL"),
  // env
  SetEnv: d("env_module", "TAKE12", "an environment variable name and optional value to pass to CGI."),
  PassEnv: d("env_module", "ITERATE", "a list of environment variables to pass to CGI."),
  UnsetEnv: d("env_module", "ITERATE", "a list of variables to remove from the CGI environment.", false),
  // misc modules found in stock configs
  SetEnvIf: d("setenvif_module", "RAW", "A header-name, regex and a list of variables.", false),
  BrowserMatch: d("setenvif_module", "RAW", "A browser regex and a list of variables.", false),
  Header: d("headers_module", "RAW", "an optional condition, an action, header and value followed by optional env clause", false),
  RequestHeader: d("headers_module", "RAW", "an action, header and value followed by optional env clause", false),
  RewriteEngine: d("rewrite_module", "FLAG", "On or Off to enable or disable (default) the whole rewriting engine", false),
  RewriteRule: d("rewrite_module", "RAW", "an URL-applied regexp-pattern and a substitution URL", false),
  RewriteCond: d("rewrite_module", "RAW", "an input string and a to be applied regexp-pattern", false),
  Action: d("actions_module", "TAKE23", "a media type followed by a script name", false),
  // mod_cgi / mod_cgid
  ScriptLog: d("cgi_module", "TAKE1", "the name of a log for script debugging info", false),
  ScriptLogLength: d("cgi_module", "TAKE1", "the maximum length (in bytes) of the script debug log", false),
  ScriptLogBuffer: d("cgi_module", "TAKE1", "the maximum size (in bytes) to record of a POST request", false),
  CGIScriptTimeout: d("cgi_module", "TAKE1", "The amount of time to wait between successful reads from the CGI script, in seconds."),
  ScriptSock: d("cgid_module", "TAKE1", "the name of the socket to use for communication with the cgi daemon.", false),
  CGIDScriptTimeout: d("cgid_module", "TAKE1", "The amount of time to wait between successful reads from the CGI script, in seconds."),
  // mod_proxy / mod_proxy_fcgi
  ProxyPass: d("proxy_module", "RAW", "a virtual path and a URL"),
  ProxyPassMatch: d("proxy_module", "RAW", "a virtual path and a URL", false),
  ProxyTimeout: d("proxy_module", "TAKE1", "Set the timeout (in seconds) for a proxied connection. This overrides the server timeout", false),
  ProxyFCGIBackendType: d("proxy_fcgi_module", "TAKE1", "Specify the type of FastCGI server: 'Generic', 'FPM'"),
  // mod_fastcgi (the article's module)
  FastCgiServer: d("fastcgi_module", "RAW", "a fastcgi application followed by its options"),
  FastCgiExternalServer: d("fastcgi_module", "RAW", "a fastcgi application followed by its options"),
  FastCgiConfig: d("fastcgi_module", "RAW", "a list of options for dynamic fastcgi applications"),
  FastCgiIpcDir: d("fastcgi_module", "TAKE1", "a fastcgi socket file directory", false),
  FastCgiWrapper: d("fastcgi_module", "TAKE1", "the name of the wrapper program", false),
  FastCgiAuthorizer: d("fastcgi_module", "TAKE12", "a fastcgi-script path (absolute or relative to ServerRoot) followed by an optional -compat"),
  FastCgiAuthenticator: d("fastcgi_module", "TAKE12", "a fastcgi-script path (absolute or relative to ServerRoot) followed by an optional -compat", false),
  FastCgiAccessChecker: d("fastcgi_module", "TAKE12", "a fastcgi-script path (absolute or relative to ServerRoot) followed by an optional -compat", false),
  FastCgiFilter: d("fastcgi_module", "RAW", "CGI Lab extension: a fastcgi-script that filters files of the given extensions"),
  // mod_fcgid
  FcgidWrapper: d("fcgid_module", "RAW", "The CGI wrapper file an optional URL suffix and an optional 'virtual' keyword", false),
  FcgidMaxRequestsPerProcess: d("fcgid_module", "TAKE1", "Max requests handled by each fastcgi application"),
  FcgidMaxProcesses: d("fcgid_module", "TAKE1", "Max total process count", false),
  FcgidIOTimeout: d("fcgid_module", "TAKE1", "Communication timeout to fastcgi server"),
  FcgidConnectTimeout: d("fcgid_module", "TAKE1", "Connect timeout to fastcgi server", false),
  FcgidIdleTimeout: d("fcgid_module", "TAKE1", "an idle fastcgi application will be killed after FcgidIdleTimeout", false),
  FcgidInitialEnv: d("fcgid_module", "TAKE12", "an environment variable name and optional value to pass to FastCGI.", false),
  FcgidAuthorizer: d("fcgid_module", "TAKE1", "a absolute authorizer file path"),
};

const BY_LOWER = new Map(Object.entries(TABLE).map(([k, v]) => [k.toLowerCase(), { name: k, ...v }]));

export function directiveInfo(name: string): (DirectiveInfo & { name: string }) | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Apache's text for a wrong argument count (`cmd_parms` checks in config.c). */
export function argCountError(name: string, info: DirectiveInfo, count: number): string | undefined {
  const bad = (ok: boolean, msg: string) => (ok ? undefined : msg);
  switch (info.args) {
    case "TAKE1": return bad(count === 1, `${name} takes one argument, ${info.help}`);
    case "TAKE2": return bad(count === 2, `${name} takes two arguments, ${info.help}`);
    case "TAKE12": return bad(count === 1 || count === 2, `${name} takes 1-2 arguments, ${info.help}`);
    case "TAKE23": return bad(count === 2 || count === 3, `${name} takes two or three arguments, ${info.help}`);
    case "TAKE123": return bad(count >= 1 && count <= 3, `${name} takes one, two or three arguments, ${info.help}`);
    case "ITERATE": return bad(count >= 1, `${name} requires at least one argument, ${info.help}`);
    case "ITERATE2": return bad(count >= 2, `${name} requires at least two arguments, ${info.help}`);
    case "FLAG": return bad(count === 1, `${name} takes one argument, ${info.help}`);
    case "NOARGS": return bad(count === 0, `${name} takes no arguments`);
    case "RAW": return undefined;
  }
}

/** Section names the parser accepts, with the module that defines each. */
export const SECTIONS: Record<string, string> = {
  directory: "core",
  directorymatch: "core",
  files: "core",
  filesmatch: "core",
  location: "core",
  locationmatch: "core",
  ifmodule: "core",
  ifdefine: "core",
  virtualhost: "core",
  limit: "core",
  limitexcept: "core",
  requireall: "authz_core_module",
  requireany: "authz_core_module",
  requirenone: "authz_core_module",
};
