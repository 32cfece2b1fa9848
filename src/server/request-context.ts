import type { HeaderField, HttpRequest } from "../protocol/http-message.ts";
import type { InternalRedirect } from "../protocol/cgi-environment.ts";
import type { ProcessRunner, ConnectionRunner } from "../runtime/process.ts";
import type { ServerConfig } from "./config/server-config.ts";
import type { CgiCapture, FastCgiCapture, TimelineEvent } from "./exchange.ts";
import type { LogLevel } from "./logs.ts";
import type { Vfs } from "./vfs.ts";

/** What a handler produces; the core adds Date, Server, framing and Content-Type. */
export interface HandlerResponse {
  status: number;
  /** A reason phrase from the script's Status line; Apache's own otherwise. */
  reason?: string;
  headers: HeaderField[];
  body: Uint8Array;
  contentType?: string;
  /** Close the connection (Apache does after most errors). */
  close?: boolean;
  /** No Content-Length and no chunking: the body ends when the connection closes (an error page after a failure in the output filters). */
  unframed?: boolean;
  /** Send as is, without the core's headers: nph- scripts. */
  raw?: Uint8Array;
  /** The body is streamed from a script: HTTP/1.1 uses chunked framing, as Apache does. */
  streamed?: boolean;
  /** Serve this URI instead (a script's local Location, or mod_dir's index); `fast` skips REDIRECT_* variables. */
  internalRedirect?: { uri: string; fast: boolean };
}

/** Services of the running server that handlers use. */
export interface ServerServices {
  fs: Vfs;
  config: ServerConfig;
  runner: ProcessRunner;
  connections?: ConnectionRunner;
  clock: () => number;
  selinuxEnforcing: boolean;
  serverSoftware: string;
  /** Allocates a process id for a new child process. */
  nextPid(): number;
}

/** Per-request state: the parsed URL, the log lines and captures it collects. */
export interface RequestContext {
  server: ServerServices;
  req: HttpRequest;
  /** Decoded, normalised URL path and raw query. */
  path: string;
  query: string;
  /** The URI for REQUEST_URI and the request line, as sent. */
  rawTarget: string;
  method: string;
  /** Pid of the httpd child serving this request. */
  childPid: number;
  t0: number;
  /** Whether the target had a "?" (an empty query still counts for REDIRECT_QUERY_STRING). */
  hasQuery?: boolean;
  /** Set when this request is the target of an internal redirect: its REDIRECT_* variables. */
  redirect?: InternalRedirect;
  /** Headers a script set before an internal redirect (Set-Cookie and the like): they stay on the response. */
  carriedHeaders?: HeaderField[];
  /** Variables set before the handler runs (an authorizer's Variable-* headers). */
  extraVars?: [string, string][];
  errorLog: string[];
  auditLog: string[];
  timeline: TimelineEvent[];
  cgi?: CgiCapture;
  fastcgi: FastCgiCapture[];
  log(module: string, level: LogLevel, message: string, opts?: { noClient?: boolean; pid?: number }): void;
  audit(line: string): void;
  mark(label: string): void;
}
