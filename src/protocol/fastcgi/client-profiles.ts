/**
 * How each web-server-side FastCGI client frames a request. All of them use
 * request id 1, one request per connection, no multiplexing and no
 * GET_VALUES (conformance E); they differ in padding and record sizes.
 *
 * Which params each one sends, and in what order, is the server's business
 * (the CGI environment builder); `paramsOrder` records what the captures in
 * /work/shared/reference/peers/fcgi-captures/ showed, for that builder.
 */
import { Role } from "./constants.ts";
import type { NameValueInput } from "./name-value-pairs.ts";
import type { PaddingPolicy } from "./record.ts";
import type { ParamsLayout, RequestBuildOptions } from "./request-builder.ts";

export interface ClientProfile {
  name: string;
  label: string;
  /** BEGIN_REQUEST flags when the peer's reuse option is off (the default). */
  keepConn: boolean;
  padding: PaddingPolicy;
  stdinPadding: PaddingPolicy;
  paramsLayout: ParamsLayout;
  paramsRecordMax: number;
  stdinRecordMax: number;
  paramsOrder: string;
  /** Where the numbers come from. */
  source: string;
}

/**
 * Apache mod_proxy_fcgi (2.4.71). Byte-for-byte against apache_get, apache_post,
 * apache_post_100k (12×8192 + 1696 STDIN), apache_post_chunked and
 * apache_headers. paddingLength always 0. PARAMS: whole pairs packed into
 * records of at most 16 KiB (util_fcgi.c); a pair that alone exceeds that
 * is dropped with AH02536. STDIN: one record per 8192-byte read.
 * KEEP_CONN only with `enablereuse=on`.
 */
export const APACHE_PROXY_FCGI: ClientProfile = {
  name: "APACHE_PROXY_FCGI",
  label: "Apache mod_proxy_fcgi",
  keepConn: false,
  padding: "none",
  stdinPadding: "none",
  paramsLayout: "whole-pairs",
  paramsRecordMax: 16 * 1024,
  stdinRecordMax: 8192,
  paramsOrder:
    "HTTP_* request headers first (no HTTP_AUTHORIZATION), then PATH, SERVER_SIGNATURE, SERVER_SOFTWARE, SERVER_NAME, SERVER_ADDR, SERVER_PORT, REMOTE_ADDR, DOCUMENT_ROOT, REQUEST_SCHEME, CONTEXT_PREFIX, CONTEXT_DOCUMENT_ROOT, SERVER_ADMIN, SCRIPT_FILENAME=proxy:fcgi://host:port/path, REMOTE_PORT, GATEWAY_INTERFACE, SERVER_PROTOCOL, REQUEST_METHOD, QUERY_STRING, REQUEST_URI, SCRIPT_NAME; CONTENT_TYPE/CONTENT_LENGTH come right after the HTTP_* headers",
  source: "peers/fcgi-captures/apache_*.hex; httpd server/util_fcgi.c, modules/proxy/mod_proxy_fcgi.c",
};

/**
 * nginx 1.22 `fastcgi_pass`. Byte-for-byte against nginx_get, nginx_conf_get,
 * nginx_post, nginx_post_100k (3×32768 + 1696 STDIN), nginx_post_chunked and
 * nginx_headers. Pads every non-empty record to 8; terminators unpadded.
 * PARAMS: one record, and a request whose params exceed 65535 bytes fails
 * ("fastcgi request record is too big"). STDIN: 32 KiB records per body
 * buffer. KEEP_CONN only with `fastcgi_keep_conn on`.
 */
export const NGINX: ClientProfile = {
  name: "NGINX",
  label: "nginx",
  keepConn: false,
  padding: "align8",
  stdinPadding: "align8",
  paramsLayout: "single",
  paramsRecordMax: 65535,
  stdinRecordMax: 32768,
  paramsOrder:
    "fastcgi_params order (QUERY_STRING, REQUEST_METHOD, CONTENT_TYPE, CONTENT_LENGTH, SCRIPT_NAME, REQUEST_URI, DOCUMENT_URI, DOCUMENT_ROOT, SERVER_PROTOCOL, REQUEST_SCHEME, GATEWAY_INTERFACE, SERVER_SOFTWARE, REMOTE_ADDR, REMOTE_PORT, REMOTE_USER, SERVER_ADDR, SERVER_PORT, SERVER_NAME, REDIRECT_STATUS, then Debian's HTTP_HOST), then location fastcgi_param lines (SCRIPT_FILENAME), then HTTP_* headers",
  source: "peers/fcgi-captures/nginx_*.hex; ngx_http_fastcgi_module.c create_request",
};

/**
 * libfcgi's `cgi-fcgi` bridge. Byte-for-byte against cgifcgi_get and
 * cgifcgi_post. PARAMS goes through an FCGX writer with an 8192-byte
 * buffer: a plain byte stream cut every 8184 bytes (pairs may straddle
 * records), padded to 8. STDIN records are read()s of at most 8184 bytes
 * with padding 0 (cgi-fcgi.c MakeHeader(..., 0)).
 */
export const CGI_FCGI: ClientProfile = {
  name: "CGI_FCGI",
  label: "libfcgi cgi-fcgi",
  keepConn: false,
  padding: "align8",
  stdinPadding: "none",
  paramsLayout: "stream",
  paramsRecordMax: 8184,
  stdinRecordMax: 8184,
  paramsOrder: "exactly its own process environment, in environ order",
  source: "peers/fcgi-captures/cgifcgi_*.hex; fcgi2 cgi-fcgi.c, libfcgi/fcgiapp.c NewStream",
};

/**
 * mod_fcgid (no capture; conformance D1/D5 and fcgid_bridge.c). All params
 * in one PARAMS record (over 65535 bytes → 500), padding 0, flags 0. STDIN:
 * one record per input bucket; 8192 is the usual bucket size, not a limit
 * the module sets.
 */
export const MOD_FCGID: ClientProfile = {
  name: "MOD_FCGID",
  label: "Apache mod_fcgid",
  keepConn: false,
  padding: "none",
  stdinPadding: "none",
  paramsLayout: "single",
  paramsRecordMax: 65535,
  stdinRecordMax: 8192,
  paramsOrder: "ap_create_environment order, as mod_cgi (HTTP_* first, then server vars, then CGI vars)",
  source: "conformance.md D1, D5, C4; mod_fcgid fcgid_bridge.c add_request_body, fcgid_protocol.c",
};

/**
 * mod_fastcgi (no capture; fcgi_protocol.c). One PARAMS record per pair,
 * padding 0, KEEP_CONN never set. STDIN records fill what is free of an
 * 8192-byte buffer after the header, so 8184 is an upper bound.
 */
export const MOD_FASTCGI: ClientProfile = {
  name: "MOD_FASTCGI",
  label: "Apache mod_fastcgi",
  keepConn: false,
  padding: "none",
  stdinPadding: "none",
  paramsLayout: "pair-per-record",
  paramsRecordMax: 65535,
  stdinRecordMax: 8184,
  paramsOrder: "ap_create_environment order, as mod_cgi",
  source: "conformance.md E; mod_fastcgi fcgi_protocol.c fcgi_protocol_queue_env / queue_client_buffer",
};

export const CLIENT_PROFILES: readonly ClientProfile[] = [APACHE_PROXY_FCGI, NGINX, CGI_FCGI, MOD_FCGID, MOD_FASTCGI];

export interface ProfileRequest {
  params: readonly NameValueInput[];
  stdin: Uint8Array;
  data?: Uint8Array;
  /** Default RESPONDER. */
  role?: number;
  /** Default: the profile's default (off). */
  keepConn?: boolean;
  /** Default 1, as every surveyed server uses. */
  requestId?: number;
}

/** Options for buildRequest() framed the way `profile` frames requests. */
export function requestOptionsFor(profile: ClientProfile, request: ProfileRequest): RequestBuildOptions {
  return {
    requestId: request.requestId ?? 1,
    role: request.role ?? Role.RESPONDER,
    keepConn: request.keepConn ?? profile.keepConn,
    params: request.params,
    stdin: request.stdin,
    ...(request.data !== undefined ? { data: request.data } : {}),
    padding: profile.padding,
    stdinPadding: profile.stdinPadding,
    paramsLayout: profile.paramsLayout,
    paramsRecordMax: profile.paramsRecordMax,
    stdinRecordMax: profile.stdinRecordMax,
  };
}
