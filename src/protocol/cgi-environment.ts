/**
 * The CGI meta-variables and argv Apache 2.4 mod_cgi hands a script, in Apache's
 * order (server/util_script.c: ap_add_common_vars, ap_add_cgi_vars,
 * ap_create_environment; mod_cgi.c: default_build_command). Checked against live
 * environments from Apache/2.4.71: peers/apache-cgi/env_*.json and
 * fixtures/apache-2.4.71-probes.json.
 */
import { AprTable } from "./apr-table.ts";
import { fsDecode, latin1ToBytes } from "./fs-encoding.ts";
import { asciiLower, mergeHeaderFields, type HttpRequest } from "./http-message.ts";
import { escapeHtml } from "./server-signature.ts";
import { splitRequestTarget, unescapeUrl } from "./url-path.ts";

/** What the script's previous request left behind when a `Location: /path` restarted it. */
export interface InternalRedirect {
  /** The environment the previous script got; each variable comes back as REDIRECT_<name>. */
  previousEnv: readonly (readonly [string, string])[];
  /** The previous request's status (REDIRECT_STATUS), 200 for a CGI Location. */
  previousStatus: number;
  /** The previous request's decoded path, r->prev->uri (REDIRECT_URL). */
  previousUri: string;
  /** The previous request's query (REDIRECT_QUERY_STRING); undefined when it had no "?". */
  previousQuery?: string;
  /** The user authenticated on the previous request (REDIRECT_REMOTE_USER, if this one has none). */
  previousUser?: string;
}

export interface CgiEnvironmentInput {
  /** The request as received: REQUEST_URI is its raw target, HTTP_* come from its headers in order. */
  request: HttpRequest;
  serverName: string;
  serverPort: number;
  /** SERVER_SOFTWARE, e.g. "Apache/2.4.71 (Debian)". */
  serverSoftware: string;
  serverAdmin: string;
  /** SERVER_SIGNATURE: serverSignature(facts), "" when ServerSignature is Off. */
  serverSignature: string;
  documentRoot: string;
  requestScheme: string;
  /** "/cgi-bin/" for ScriptAlias /cgi-bin/ ..., "" when no alias matched. */
  contextPrefix: string;
  contextDocumentRoot: string;
  scriptFilename: string;
  scriptName: string;
  /** Decoded PATH_INFO; undefined or "" leaves PATH_INFO and PATH_TRANSLATED unset. */
  pathInfo?: string;
  /** The filename the re-escaped PATH_INFO maps to (escapeUri + the server's alias lookup). */
  pathTranslated?: string;
  /** The server's own PATH (Apache's fallback is /bin:/usr/bin:/usr/ucb:/usr/bsd:/usr/local/bin). */
  pathEnv: string;
  /** r->args, still escaped. Defaults to the query of request.target; pass the Location's query after a redirect. */
  queryString?: string;
  remoteUser?: string;
  authType?: string;
  /** Only with HostnameLookups On. */
  remoteHost?: string;
  /** Only with IdentityCheck On. */
  remoteIdent?: string;
  redirect?: InternalRedirect;
  /** Variables set before the handler runs (SetEnv, an authorizer's Variable-*), in order. */
  extraVars?: readonly (readonly [string, string])[];
  /** CGIPassAuth On: Authorization and Proxy-Authorization reach the script. */
  cgiPassAuth?: boolean;
}

/** http2env(): "X-Foo" -> "HTTP_X_FOO"; a name with any other non-alphanumeric (even "_" or ".") is dropped. */
export function headerToEnvName(name: string): string | undefined {
  let out = "HTTP_";
  for (const ch of name) {
    if (/[A-Za-z0-9]/.test(ch)) out += ch.toUpperCase();
    else if (ch === "-") out += "_";
    else return undefined;
  }
  return out;
}

/** ap_create_environment(): a leading digit and anything not alphanumeric or "_" become "_". */
export function sanitizeEnvName(name: string): string {
  return name.replace(/^[0-9]/, "_").replace(/[^A-Za-z0-9_]/g, "_");
}

function commonVars(input: CgiEnvironmentInput): AprTable {
  const e = new AprTable();
  const { request } = input;
  for (const [name, value] of mergeHeaderFields(request.headers)) {
    const lower = asciiLower(name);
    if (lower === "content-type") e.add("CONTENT_TYPE", value);
    else if (lower === "content-length") e.add("CONTENT_LENGTH", value);
    // httpoxy: a client must not be able to set HTTP_PROXY.
    else if (lower === "proxy") continue;
    else if ((lower === "authorization" || lower === "proxy-authorization") && !input.cgiPassAuth) continue;
    else {
      const envName = headerToEnvName(name);
      if (envName !== undefined) e.add(envName, value);
    }
  }
  e.add("PATH", input.pathEnv);
  e.add("SERVER_SIGNATURE", input.serverSignature);
  e.add("SERVER_SOFTWARE", input.serverSoftware);
  e.add("SERVER_NAME", escapeHtml(input.serverName));
  e.add("SERVER_ADDR", request.localAddr);
  e.add("SERVER_PORT", String(input.serverPort));
  if (input.remoteHost !== undefined) e.add("REMOTE_HOST", input.remoteHost);
  e.add("REMOTE_ADDR", request.remoteAddr);
  e.add("DOCUMENT_ROOT", input.documentRoot);
  e.set("REQUEST_SCHEME", input.requestScheme);
  e.add("CONTEXT_PREFIX", input.contextPrefix);
  e.add("CONTEXT_DOCUMENT_ROOT", input.contextDocumentRoot);
  e.add("SERVER_ADMIN", input.serverAdmin);
  e.add("SCRIPT_FILENAME", input.scriptFilename);
  e.add("REMOTE_PORT", String(request.remotePort));
  if (input.remoteUser !== undefined) e.add("REMOTE_USER", input.remoteUser);
  else if (input.redirect?.previousUser !== undefined) e.add("REDIRECT_REMOTE_USER", input.redirect.previousUser);
  if (input.authType !== undefined) e.add("AUTH_TYPE", input.authType);
  if (input.remoteIdent !== undefined) e.add("REMOTE_IDENT", input.remoteIdent);
  if (input.redirect) {
    e.add("REDIRECT_URL", input.redirect.previousUri);
    if (input.redirect.previousQuery !== undefined) e.add("REDIRECT_QUERY_STRING", input.redirect.previousQuery);
  }
  return e;
}

/**
 * The environment exactly as mod_cgi passes it, in order: REDIRECT_* (after an
 * internal redirect), extra variables, the HTTP_ and CONTENT_ variables in request
 * order, the server variables (A4), then the CGI/1.1 ones.
 */
export function buildCgiEnvironment(input: CgiEnvironmentInput): [string, string][] {
  const env = new AprTable();
  if (input.redirect) {
    for (const [k, v] of input.redirect.previousEnv) env.set(`REDIRECT_${k}`, v);
    env.set("REDIRECT_STATUS", String(input.redirect.previousStatus));
  }
  for (const [k, v] of input.extraVars ?? []) env.set(k, v);
  // ap_add_common_vars overlays its table, so a SetEnv of the same name loses.
  env.overlapSet(commonVars(input));
  const query = input.queryString ?? splitRequestTarget(input.request.target).query;
  env.set("GATEWAY_INTERFACE", "CGI/1.1");
  env.set("SERVER_PROTOCOL", input.request.version);
  env.set("REQUEST_METHOD", input.request.method);
  env.set("QUERY_STRING", query ?? "");
  env.set("REQUEST_URI", input.request.target);
  env.set("SCRIPT_NAME", input.scriptName);
  if (input.pathInfo) {
    env.set("PATH_INFO", input.pathInfo);
    if (input.pathTranslated !== undefined) env.set("PATH_TRANSLATED", input.pathTranslated);
  }
  return env.toArray().map(([k, v]) => [sanitizeEnvName(k), v]);
}

/**
 * The request Apache runs after a script's `Location: /path`: the same request
 * turned into a GET, its body already consumed and Content-Length gone
 * (cgi_handle_response). REQUEST_URI still shows the original target.
 */
export function internalRedirectRequest(request: HttpRequest): HttpRequest {
  return {
    ...request,
    method: "GET",
    headers: request.headers.filter(([n]) => asciiLower(n) !== "content-length"),
    body: new Uint8Array(0),
  };
}

/**
 * ap_find_path_info(): where PATH_INFO starts in the decoded URI, so that
 * SCRIPT_NAME is uri.slice(0, result). Runs of "/" in the URI match one "/".
 */
export function findPathInfoStart(uri: string, pathInfo: string): number {
  let lu = uri.length;
  let lp = pathInfo.length;
  // A port of C's `while (lu-- && lp-- && uri[lu] == path_info[lp])`.
  for (;;) {
    if (lu-- === 0) break;
    if (lp-- === 0) break;
    if (uri[lu] !== pathInfo[lp]) break;
    if (pathInfo[lp] === "/") while (lu > 0 && uri[lu - 1] === "/") lu--;
  }
  if (lu === -1) lu = 0;
  while (lu < uri.length && uri[lu] !== "/") lu++;
  return lu;
}

/** _POSIX_ARG_MAX, which Apache uses as APACHE_ARG_MAX. */
const APACHE_ARG_MAX = 4096;

/** ap_escape_shell_cmd: a backslash before each of these (Unix set). */
const SHELL_SPECIALS = "&;`'\"|*?~<>^()[]{}$\\\n";

/**
 * argv for the script (default_build_command): argv[0] is SCRIPT_FILENAME; an
 * ISINDEX-style query (non-empty, no "=") adds its "+"-separated words, each
 * URL-decoded (a %00 ends the word) and then shell-escaped, as Apache does.
 */
export function cgiArgv(scriptFilename: string, queryString: string | undefined): string[] {
  const argv = [scriptFilename];
  if (!queryString || queryString.includes("=")) return argv;
  const words = queryString.split("+").slice(0, APACHE_ARG_MAX - 2);
  for (const word of words) {
    const decoded = unescapeUrl(word).value.split("\0", 1)[0];
    let escaped = "";
    for (const ch of decoded) escaped += SHELL_SPECIALS.includes(ch) ? `\\${ch}` : ch;
    argv.push(fsDecode(latin1ToBytes(escaped)));
  }
  return argv;
}
