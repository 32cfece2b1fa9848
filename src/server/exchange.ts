import type { HttpRequest, HttpResponse } from "../protocol/http-message.ts";
import type { ProcessEnd, StreamChunk } from "../runtime/process.ts";

/** What crossed the mod_cgi boundary for one script run, captured as it passed. */
export interface CgiCapture {
  /** Absolute path of the script (SCRIPT_FILENAME). */
  script: string;
  argv: string[];
  cwd: string;
  /** The environment exactly as handed to the process, in order. */
  env: [string, string][];
  /** The bytes written to the script's stdin. */
  stdin: Uint8Array;
  /** stdout and stderr writes in the order they happened. */
  chunks: StreamChunk[];
  /** Offset in the concatenated stdout where the body starts (after the blank line), if headers ended. */
  bodyOffset: number | null;
  end: ProcessEnd | null;
  /** Set when the script was never started (denied, exec failure, module missing). */
  notStarted?: string;
  warmStart: boolean;
  durationMs: number;
}

export type RecordDirection = "to-app" | "from-app";

/** One FastCGI record exactly as it crossed the connection. */
export interface CapturedRecord {
  direction: RecordDirection;
  /** The whole record: header, content and padding. */
  bytes: Uint8Array;
  /** ms since the exchange started. */
  t: number;
}

export interface FastCgiCapture {
  /** Which Apache module spoke to the application. */
  module: "fastcgi" | "fcgid" | "proxy_fcgi" | "authnz_fcgi";
  /** Where the application lives: a script path or host:port. */
  application: string;
  pid: number | null;
  /** Whether this request started the application process. */
  startedProcess: boolean;
  role: "RESPONDER" | "AUTHORIZER" | "FILTER";
  env: [string, string][];
  records: CapturedRecord[];
}

export interface TimelineEvent {
  /** ms since the request arrived. */
  t: number;
  label: string;
}

/** Everything the emulator knows about one request, for the panes and the tests. */
export interface Exchange {
  id: number;
  request: HttpRequest;
  response: HttpResponse;
  /** Which handler produced the response, e.g. "cgi-script", "default-handler", "fastcgi-script". */
  handler: string;
  cgi?: CgiCapture;
  fastcgi?: FastCgiCapture[];
  /** Internal redirects (Location: /path) followed, oldest first. */
  redirects: { from: string; to: string }[];
  timeline: TimelineEvent[];
  /** Lines this request added to each log. */
  errorLog: string[];
  accessLog: string[];
  auditLog: string[];
  durationMs: number;
}
