import { describe, expect, it } from "vitest";
import { apacheErrorPage } from "./apache-error-page.ts";
import { escapeErrorLogItem } from "./error-log.ts";
import { PROBE_SERVER, bytesOf, probes, readReferenceJson, scriptStdout, type ProbeScriptCase } from "./fixtures/reference.ts";
import { parseHttpDate } from "./http-date.ts";
import type { HeaderField } from "./http-message.ts";
import { MAX_HEADER_LINE, scanScriptHeaders } from "./script-header-lines.ts";
import { bodyText, parseScriptOutput, type ScriptOutcome } from "./script-response.ts";
import { serverSignature } from "./server-signature.ts";
import { apacheStatusLine } from "./status-reasons.ts";

const SCRIPT = "/tmp/probe/cgi-bin/raw.py";
const NOW = Date.UTC(2026, 10, 25, 4, 0, 0);
const line = ([n, v]: HeaderField): string => `${n}: ${v}`;

/** The captured header lines minus what the server adds around the script's (Server, framing, "close"). */
function scriptPart(headers: string[]): string[] {
  return headers
    .filter((h) => !/^(Server|Transfer-Encoding|Content-Length): /.test(h) && h !== "Connection: close")
    .map((h) => h.replace(/^(Connection: .*), close$/, "$1"));
}

/** What the client got, rebuilt from our outcome the way the server layer will. */
function wire(outcome: ScriptOutcome, stdout: Uint8Array): { statusLine: string; headers: string[]; body?: string; bodyLength?: number } {
  const page = (status: number, recursiveError?: number, location?: string) =>
    apacheErrorPage({
      status,
      method: "GET",
      location,
      serverAdmin: PROBE_SERVER.serverAdmin,
      signature: serverSignature({ ...PROBE_SERVER, mode: "On" }),
      recursiveError,
    });
  switch (outcome.kind) {
    case "response": {
      const headers = outcome.headers.map(line);
      if (outcome.contentType === undefined) headers.push("Content-Type: text/x-python"); // mod_mime's type for .py
      const bare = outcome.status === 204 || outcome.status === 304;
      return {
        statusLine: `${outcome.status} ${outcome.reason}`,
        headers: bare ? headers.filter((h) => !h.startsWith("Content-Type:")) : headers,
        body: bare ? "" : bodyText(stdout, outcome),
      };
    }
    case "redirect": {
      const body = page(302, undefined, outcome.location).body;
      return { statusLine: "302 Found", headers: [...outcome.headers.map(line), "Content-Type: text/html; charset=iso-8859-1"], body, bodyLength: body.length };
    }
    case "error": {
      const body = page(outcome.status, outcome.recursiveError).body;
      return { statusLine: apacheStatusLine(outcome.status), headers: ["Content-Type: text/html; charset=iso-8859-1"], body, bodyLength: body.length };
    }
    default:
      throw new Error(`no wire form for ${outcome.kind}`);
  }
}

describe("script output against the live Apache 2.4.71 (fixtures/apache-2.4.71-probes.json)", () => {
  const cases = probes.scriptCases.filter((c) => c.name !== "loc local");
  it("has the cases", () => expect(cases.length).toBeGreaterThan(50));
  for (const c of cases) {
    it(c.name, () => {
      const stdout = scriptStdout(c);
      const futureLm = c.name === "lm future" ? parseHttpDate(c.headers.find((h) => h.startsWith("Last-Modified"))?.slice(15) ?? "") : undefined;
      const outcome = parseScriptOutput(stdout, { scriptFilename: c.script, stdout: "eof", nowMs: futureLm ?? NOW });
      const got = wire(outcome, stdout);
      expect(got.statusLine).toBe(c.statusLine);
      expect(got.headers).toEqual(scriptPart(c.headers));
      if (c.body !== undefined) expect(got.body).toBe(c.body);
      if (c.bodyLength !== undefined) expect(got.bodyLength).toBe(c.bodyLength);
      const logs = outcome.kind === "incomplete" ? [] : outcome.logs;
      // The error log shows messages escaped.
      expect(logs.map((l) => ({ ...l, message: escapeErrorLogItem(l.message) }))).toEqual(c.log);
    });
  }

  it("loc local: redirects internally and carries the script's other headers", () => {
    const c = probes.scriptCases.find((x) => x.name === "loc local") as ProbeScriptCase;
    const outcome = parseScriptOutput(scriptStdout(c), { scriptFilename: SCRIPT, stdout: "eof" });
    expect(outcome).toMatchObject({ kind: "internal-redirect", location: "/index.html" });
    if (outcome.kind !== "internal-redirect") return;
    // index.html's own headers follow the carried ones.
    expect(scriptPart(c.headers).slice(0, outcome.carryHeaders.length)).toEqual(outcome.carryHeaders.map(line));
    expect(outcome.carryHeaders.map(line)).toEqual(["X-Keep: k", "Set-Cookie: s=1"]);
  });
});

interface PeerScriptCapture {
  status_line: string;
  headers: string[];
  body: string;
  error_log: string[];
}

describe("the article's scripts (peers/apache-cgi/scripts)", () => {
  const peer = (file: string) => readReferenceJson<PeerScriptCapture>(`peers/apache-cgi/scripts/${file}`);
  const parse = (stdout: string, script: string) =>
    parseScriptOutput(bytesOf(stdout), { scriptFilename: `/srv/peers/cgi-bin/${script}`, stdout: "eof" });
  const loggedMessages = (c: PeerScriptCapture) => c.error_log.map((l) => l.replace(/^(\[[^\]]*\] ){4}/, ""));

  it("b hello.py: 200 with the script's body", () => {
    const c = peer("b_hello.json");
    const out = parse("Content-Type: text/plain\n\nHello, World!\n", "hello.py");
    expect(out).toMatchObject({ kind: "response", status: 200, reason: "OK", headers: [["Content-Type", "text/plain"]], bodyOffset: 26 });
    expect(c.status_line).toBe("HTTP/1.1 200 OK");
    expect(c.body).toBe("Hello, World!\n");
  });

  it("c article.py (no blank line): 500 and the exact log line", () => {
    const c = peer("c_article_noblank.json");
    const out = parse("Content-Type: text/plain;charset=utf-8\nThis is a test\n", "article.py");
    expect(out.kind).toBe("error");
    if (out.kind !== "error") return;
    expect(out.status).toBe(500);
    expect(out.logs.map((l) => `[${l.module}:${l.level}] ${l.message}`)).toEqual(
      c.error_log.map((l) => l.replace(/^\[[^\]]*\] (\[[^\]]*\]) \[[^\]]*\] \[[^\]]*\] /, "$1 ")),
    );
    expect(loggedMessages(c)).toEqual(["malformed header from script 'article.py': Bad header: This is a test"]);
  });

  it("d status404.py and d2 status404_bare.py: the script's 404, typed by mod_mime when it gives no type", () => {
    const d = parse("Status: 404 Not Found\nContent-Type: text/plain\n\ncustom not-found body from script\n", "status404.py");
    expect(d).toMatchObject({ kind: "response", status: 404, reason: "Not Found", contentType: "text/plain" });
    expect(peer("d_status404.json").headers).toContain("Content-Type: text/plain");
    const d2 = parse("Status: 404 Not Found\n\n", "status404_bare.py");
    expect(d2).toMatchObject({ kind: "response", status: 404, headers: [] });
    expect(d2.kind === "response" && d2.contentType).toBeUndefined();
    expect(peer("d2_status404_bare.json").headers).toContain("Content-Type: text/x-python");
  });

  it("e location_local.py: internal redirect; f location_abs.py: 302 with the script body dropped", () => {
    expect(parse("Location: /index.html\n\n", "location_local.py")).toMatchObject({ kind: "internal-redirect", location: "/index.html", carryHeaders: [] });
    const f = parse("Location: http://example.com/\n\n", "location_abs.py");
    expect(f).toEqual({ kind: "redirect", status: 302, location: "http://example.com/", headers: [["Location", "http://example.com/"]], logs: [] });
    expect(peer("f_location_abs.json").headers).toContain("Location: http://example.com/");
  });

  it("j empty.py and k ct_noblank.py: the two end-of-output messages", () => {
    const j = parse("", "empty.py");
    expect(j).toEqual({ kind: "error", status: 500, logs: [{ module: "cgi", level: "error", message: "End of script output before headers: empty.py" }] });
    expect(loggedMessages(peer("j_empty.json"))).toEqual(["End of script output before headers: empty.py"]);
    const k = parse("Content-Type: text/plain\n", "ct_noblank.py");
    expect(k).toEqual({ kind: "error", status: 500, logs: [{ module: "cgi", level: "error", message: "Premature end of script headers: ct_noblank.py" }] });
    expect(loggedMessages(peer("k_ct_noblank.json"))).toEqual(["Premature end of script headers: ct_noblank.py"]);
  });
});

describe("streams that have not ended", () => {
  it("waits while the headers are open, and reports how far they got", () => {
    const bytes = bytesOf("Content-Type: text/plain\nX-A: 1");
    expect(parseScriptOutput(bytes, { scriptFilename: SCRIPT, stdout: "open" })).toEqual({ kind: "incomplete", headerBytes: bytes.length });
    expect(scanScriptHeaders(bytes)).toEqual({ complete: false, headerBytes: bytes.length });
    expect(scanScriptHeaders(bytesOf("A: b\r\n\r\nbody"))).toEqual({ complete: true, headerBytes: 8, bodyOffset: 8 });
  });

  it("answers 504 with both of Apache's lines on a timeout before the blank line", () => {
    const out = parseScriptOutput(bytesOf("X-A: 1\n"), { scriptFilename: "/tmp/probe/cgi-bin/slow.py", stdout: "timeout" });
    expect(out).toEqual({ kind: "error", status: 504, logs: probes.timeout.log });
    expect(probes.timeout.statusLine).toBe("504 Gateway Timeout");
  });

  it("does not wait for more once a line is already bad or too long", () => {
    expect(parseScriptOutput(bytesOf("oops\nX-A: 1"), { scriptFilename: SCRIPT, stdout: "open" }).kind).toBe("error");
    const long = bytesOf(`X-L: ${"a".repeat(MAX_HEADER_LINE)}`);
    expect(parseScriptOutput(long, { scriptFilename: SCRIPT, stdout: "open" })).toMatchObject({ kind: "error", status: 500 });
    const fits = bytesOf(`X-L: ${"a".repeat(MAX_HEADER_LINE - 6)}`);
    expect(parseScriptOutput(fits, { scriptFilename: SCRIPT, stdout: "open" }).kind).toBe("incomplete");
  });

  it("parses a complete header block even while the body is still coming", () => {
    const out = parseScriptOutput(bytesOf("Content-Type: text/plain\n\npart"), { scriptFilename: SCRIPT, stdout: "open" });
    expect(out).toMatchObject({ kind: "response", bodyOffset: 26 });
  });
});

describe("rules spelled out", () => {
  const parse = (text: string) => parseScriptOutput(bytesOf(text), { scriptFilename: SCRIPT, stdout: "eof" });
  it("keeps the Content-Length of a script only when ap_trust_cgilike_cl is set", () => {
    const text = "Content-Length: 3\nContent-Type: text/plain\n\nabc";
    expect(parse(text)).toMatchObject({ headers: [["Content-Type", "text/plain"]] });
    const trusted = parseScriptOutput(bytesOf(text), { scriptFilename: SCRIPT, stdout: "eof", trustContentLength: true });
    expect(trusted).toMatchObject({ headers: [["Content-Length", "3"], ["Content-Type", "text/plain"]] });
  });

  it("drops a Transfer-Encoding from the script silently (no 502)", () => {
    expect(parse("Transfer-Encoding: chunked\n\nbody")).toMatchObject({ kind: "response", status: 200, headers: [], logs: [] });
  });

  it("sends no Content-Type at all for an empty one", () => {
    expect(parse("Content-Type:\n\nx")).toMatchObject({ kind: "response", contentType: "", headers: [] });
  });

  it("keeps the script's body for an explicit 3xx", () => {
    const out = parse("Status: 301\nLocation: http://e.com/\n\nscript body");
    expect(out).toMatchObject({ kind: "response", status: 301, reason: "Moved Permanently", headers: [["Location", "http://e.com/"]] });
  });

  it("reports whether the status came from the script (conditional GETs need to know)", () => {
    expect(parse("X: 1\n\n")).toMatchObject({ statusFromScript: false, requestStatus: 200 });
    expect(parse("Status: 200\n\n")).toMatchObject({ statusFromScript: true });
  });
});
