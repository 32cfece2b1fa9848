import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RecordType } from "../protocol/fastcgi/constants.ts";
import { encodeRecord } from "../protocol/fastcgi/record.ts";
import { encodeNameValuePairs } from "../protocol/fastcgi/name-value-pairs.ts";
import type { Exchange } from "../server/exchange.ts";
import { EnvironmentPane } from "./environment-pane.tsx";
import { ProtocolPane } from "./protocol-pane.tsx";
import { ResponsePane } from "./response-pane.tsx";

const enc = (s: string) => new TextEncoder().encode(s);

function exchange(partial: Partial<Exchange>): Exchange {
  return {
    id: 1,
    request: { method: "GET", target: "/x", version: "HTTP/1.1", headers: [], body: new Uint8Array(), remoteAddr: "1.2.3.4", remotePort: 1, localAddr: "5.6.7.8", localPort: 80 },
    response: { status: 200, reason: "OK", headers: [["Content-Type", "text/plain"]], body: enc("hi\n") },
    handler: "cgi-script",
    redirects: [],
    timeline: [{ t: 0, label: "received" }, { t: 2, label: "sent" }],
    errorLog: [], accessLog: [], auditLog: [],
    durationMs: 2,
    ...partial,
  };
}

describe("inspector panes render real captures", () => {
  it("CGI: streams, boundary and environment", () => {
    const x = exchange({
      cgi: {
        script: "/var/www/cgi-bin/t.py", argv: ["/var/www/cgi-bin/t.py"], cwd: "/var/www/cgi-bin", env: [["QUERY_STRING", "a=1"], ["HTTP_HOST", "localhost"]],
        stdin: new Uint8Array(), chunks: [{ stream: "stdout", bytes: enc("Content-Type: text/plain\n\nhi\n"), t: 1 }, { stream: "stderr", bytes: enc("warn\n"), t: 1.5 }],
        bodyOffset: 26, end: { kind: "exit", code: 0 }, warmStart: true, durationMs: 2,
      },
    });
    const proto = renderToString(createElement(ProtocolPane, { exchange: x }));
    expect(proto).toContain("end of headers");
    expect(proto).toContain("stderr");
    const env = renderToString(createElement(EnvironmentPane, { exchange: x, previous: null }));
    expect(env).toContain("QUERY_STRING");
    expect(env).toContain("HTTP headers");
    expect(renderToString(createElement(ResponsePane, { exchange: x })).replace(/<!-- -->/g, "")).toContain("HTTP/1.1 200 OK");
  });

  it("FastCGI: the record list with decoded fields", () => {
    const records = [
      encodeRecord({ type: RecordType.BEGIN_REQUEST, requestId: 1, content: new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0]) }),
      encodeRecord({ type: RecordType.PARAMS, requestId: 1, content: encodeNameValuePairs([["REQUEST_METHOD", "GET"]]) }),
      encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: enc("Status: 200 OK\r\n\r\nhi") }),
    ].map((bytes, i) => ({ direction: i < 2 ? ("to-app" as const) : ("from-app" as const), bytes, t: i }));
    const x = exchange({ handler: "fcgid-script", fastcgi: [{ module: "fcgid", application: "/var/www/fcgid/a.fcgi", pid: 7, startedProcess: true, role: "RESPONDER", env: [["REQUEST_METHOD", "GET"]], records }] });
    const html = renderToString(createElement(ProtocolPane, { exchange: x }));
    expect(html).toContain("BEGIN_REQUEST id=1 role=RESPONDER");
    expect(html).toContain("PARAMS id=1");
    expect(html).toContain("STDOUT id=1");
  });
});
