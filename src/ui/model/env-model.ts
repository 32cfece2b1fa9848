/** Groups and explains the CGI meta-variables an exchange handed to the script. */

export type EnvGroup = "request" | "server" | "http" | "other";

export const GROUP_TITLE: Record<EnvGroup, string> = {
  request: "Request",
  server: "Server",
  http: "HTTP headers (HTTP_*)",
  other: "Other",
};

/** One line each, as RFC 3875 and Apache's mod_cgi define them. */
export const EXPLAIN: Record<string, string> = {
  GATEWAY_INTERFACE: "The CGI version the server speaks: CGI/1.1 (RFC 3875).",
  REQUEST_METHOD: "The HTTP method: GET, POST, HEAD…",
  QUERY_STRING: "Everything after '?' in the URL, still URL-encoded; empty if there is none.",
  SCRIPT_NAME: "The URL path that selected this script.",
  SCRIPT_FILENAME: "The script's file on disk (an Apache extension).",
  PATH_INFO: "Extra path after the script's name in the URL, decoded.",
  PATH_TRANSLATED: "PATH_INFO mapped onto the document root as a file path.",
  REQUEST_URI: "The request-target exactly as the client sent it (an Apache extension).",
  CONTENT_TYPE: "The media type of the request body (e.g. application/x-www-form-urlencoded).",
  CONTENT_LENGTH: "How many bytes of body the script may read from stdin.",
  SERVER_PROTOCOL: "The protocol of the request line: HTTP/1.1 or HTTP/1.0.",
  REQUEST_SCHEME: "http or https (an Apache extension).",
  REMOTE_ADDR: "The client's IP address.",
  REMOTE_PORT: "The client's TCP port (an Apache extension).",
  REMOTE_HOST: "The client's host name, when the server looks it up.",
  REMOTE_USER: "The user name, when the request was authenticated.",
  REMOTE_IDENT: "The identity from an ident lookup (almost never set).",
  AUTH_TYPE: "The authentication scheme used, e.g. Basic.",
  SERVER_NAME: "The server's host name, from ServerName or the Host header.",
  SERVER_PORT: "The port the request came in on.",
  SERVER_ADDR: "The server's IP address (an Apache extension).",
  SERVER_SOFTWARE: "The server's name and version.",
  SERVER_SIGNATURE: "The footer Apache adds to its own pages (ServerSignature).",
  SERVER_ADMIN: "The ServerAdmin address from httpd.conf.",
  DOCUMENT_ROOT: "The DocumentRoot this request was mapped under.",
  CONTEXT_PREFIX: "The URL prefix of the Alias/ScriptAlias that matched.",
  CONTEXT_DOCUMENT_ROOT: "The directory that prefix maps to.",
  PATH: "The program search path Apache gives every CGI process.",
  UNIQUE_ID: "A per-request id from mod_unique_id.",
  HTTP_HOST: "The Host header: which site the client asked for.",
  HTTP_USER_AGENT: "The User-Agent header: the client's software.",
  HTTP_ACCEPT: "The Accept header: media types the client prefers.",
  HTTP_COOKIE: "The Cookie header: cookies the client sends back.",
  HTTP_REFERER: "The Referer header: the page the request came from.",
  HTTP_CONTENT_TYPE: "Never set: Content-Type is passed as CONTENT_TYPE.",
  REDIRECT_STATUS: "Set after an internal redirect: the original status.",
  REDIRECT_URL: "Set after an internal redirect: the original URL path.",
  REDIRECT_QUERY_STRING: "Set after an internal redirect: the original query.",
};

const REQUEST_VARS = new Set([
  "GATEWAY_INTERFACE", "REQUEST_METHOD", "QUERY_STRING", "SCRIPT_NAME", "SCRIPT_FILENAME", "PATH_INFO",
  "PATH_TRANSLATED", "REQUEST_URI", "CONTENT_TYPE", "CONTENT_LENGTH", "SERVER_PROTOCOL", "REQUEST_SCHEME",
  "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_HOST", "REMOTE_USER", "REMOTE_IDENT", "AUTH_TYPE",
]);

export function groupOf(name: string): EnvGroup {
  if (name.startsWith("HTTP_")) return "http";
  if (REQUEST_VARS.has(name)) return "request";
  if (name.startsWith("SERVER_") || name.startsWith("CONTEXT_") || name === "DOCUMENT_ROOT") return "server";
  return "other";
}

export function explain(name: string): string | undefined {
  if (EXPLAIN[name]) return EXPLAIN[name];
  if (name.startsWith("HTTP_")) return `The request's ${headerNameOf(name)} header.`;
  if (name.startsWith("REDIRECT_")) return `${name.slice(9)} of the request before an internal redirect.`;
  return undefined;
}

/** `HTTP_ACCEPT_LANGUAGE` → `Accept-Language`. */
export function headerNameOf(variable: string): string {
  return variable
    .slice(5)
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("-");
}

export type Change = "same" | "changed" | "new";

export interface EnvRow {
  name: string;
  value: string;
  change: Change;
  /** The value in the previous request, when it changed. */
  before?: string;
}

export interface EnvSection {
  group: EnvGroup;
  rows: EnvRow[];
}

/**
 * Sections in a fixed order, variables in the order the server set them.
 * `previous` is the environment of the request before, if any: without one
 * nothing is marked.
 */
export function sectionEnv(env: readonly [string, string][], previous?: readonly [string, string][]): EnvSection[] {
  const before = previous ? new Map(previous) : null;
  const groups: Record<EnvGroup, EnvRow[]> = { request: [], server: [], http: [], other: [] };
  for (const [name, value] of env) {
    let change: Change = "same";
    let was: string | undefined;
    if (before) {
      if (!before.has(name)) change = "new";
      else if (before.get(name) !== value) {
        change = "changed";
        was = before.get(name);
      }
    }
    groups[groupOf(name)].push({ name, value, change, ...(was !== undefined ? { before: was } : {}) });
  }
  return (["request", "server", "http", "other"] as const).filter((g) => groups[g].length).map((group) => ({ group, rows: groups[group] }));
}

/** Variables set before and gone now. */
export function removedSince(env: readonly [string, string][], previous?: readonly [string, string][]): string[] {
  if (!previous) return [];
  const now = new Set(env.map(([n]) => n));
  return previous.map(([n]) => n).filter((n) => !now.has(n));
}
