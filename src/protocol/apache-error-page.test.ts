import { describe, expect, it } from "vitest";
import { apacheErrorPage, ERROR_PAGE_CONTENT_TYPE } from "./apache-error-page.ts";
import { PROBE_SERVER, probes, readReferenceJson } from "./fixtures/reference.ts";
import { serverSignature, type ServerSignatureMode } from "./server-signature.ts";

interface PeerScriptCapture {
  status_line: string;
  headers: string[];
  body: string;
}

const signature = (mode: ServerSignatureMode, port: number = PROBE_SERVER.port) => serverSignature({ ...PROBE_SERVER, port, mode });

describe("Apache's pages, against the live server", () => {
  it("matches every status page the probe server sent (Redirect <code> /e/<code>)", () => {
    const codes = Object.keys(probes.errorPages).filter((k) => /^\d+$/.test(k));
    expect(codes.length).toBe(48);
    for (const code of codes) {
      const captured = probes.errorPages[code];
      const page = apacheErrorPage({
        status: Number(code),
        method: "GET",
        location: "http://example.com/t?a=1&b=<x>",
        serverAdmin: PROBE_SERVER.serverAdmin,
        signature: signature("On"),
      });
      expect([code, page.statusLine]).toEqual([code, captured.statusLine]);
      expect([code, page.body]).toEqual([code, captured.body]);
      const type = captured.headers.find((h) => h.startsWith("Content-Type: "))?.slice(14);
      expect([code, page.contentType]).toEqual([code, type]);
    }
  });

  it("answers codes it has no text for as a 500 page", () => {
    const page = apacheErrorPage({ status: 418, method: "GET", serverAdmin: "webmaster@localhost", signature: "" });
    expect(page.status).toBe(500);
    expect(probes.errorPages["418"].statusLine).toBe("500 Internal Server Error");
  });

  it("follows ServerSignature Off and EMail", () => {
    for (const [prefix, mode] of [["n", "Off"], ["m", "EMail"]] as const) {
      for (const code of ["302", "404", "500"]) {
        const captured = probes.errorPages[`${prefix}${code}`];
        const page = apacheErrorPage({ status: Number(code), method: "GET", location: "http://example.com/", serverAdmin: PROBE_SERVER.serverAdmin, signature: signature(mode) });
        expect([prefix + code, page.body]).toEqual([prefix + code, captured.body]);
      }
    }
  });

  it("quotes the method on 405", () => {
    const captured = probes.errorPages["405post"];
    const page = apacheErrorPage({ status: 405, method: "POST", serverAdmin: PROBE_SERVER.serverAdmin, signature: signature("On") });
    expect(page.body).toBe(captured.body);
  });

  it("reproduces article.py's 500 (649 bytes) and location_abs.py's 302 from peers/apache-cgi", () => {
    const c = readReferenceJson<PeerScriptCapture>("peers/apache-cgi/scripts/c_article_noblank.json");
    const sig = signature("On", 8081);
    const e500 = apacheErrorPage({ status: 500, method: "GET", serverAdmin: "webmaster@localhost", signature: sig });
    expect(e500.body).toBe(c.body);
    expect(e500.body.length).toBe(649);
    expect(c.headers).toContain(`Content-Type: ${ERROR_PAGE_CONTENT_TYPE}`);
    const f = readReferenceJson<PeerScriptCapture>("peers/apache-cgi/scripts/f_location_abs.json");
    const e302 = apacheErrorPage({ status: 302, method: "GET", location: "http://example.com/", serverAdmin: "webmaster@localhost", signature: sig });
    expect(`HTTP/1.1 ${e302.statusLine}`).toBe(f.status_line);
    expect(e302.body).toBe(f.body);
  });

  it("adds the recursive-error paragraph (a bad header on a 302), 765 bytes as captured", () => {
    const captured = probes.scriptCases.find((c) => c.name === "invalid on 302");
    const page = apacheErrorPage({ status: 500, method: "GET", serverAdmin: PROBE_SERVER.serverAdmin, signature: signature("On"), recursiveError: 302 });
    expect(page.body).toContain("<p>Additionally, a 302 Found\nerror was encountered while trying to use an ErrorDocument to handle the request.</p>\n<hr>");
    expect(page.body.length).toBe(captured?.bodyLength);
  });

  it("quotes an Expect header on 417, escaped", () => {
    const page = apacheErrorPage({ status: 417, method: "GET", expect: "fo<o>", serverAdmin: "a", signature: "" });
    expect(page.body).toContain("The client sent<pre>\n    Expect: fo&lt;o&gt;\n</pre>\n</p><p>Only the 100-continue expectation is supported.</p>\n</body></html>\n");
  });

  it("adds error notes where Apache does", () => {
    const page = apacheErrorPage({ status: 502, method: "GET", errorNotes: "<em>x</em>", serverAdmin: "a", signature: "" });
    expect(page.body).toContain("response from an upstream server.<br />\r\n<em>x</em></p>\n");
  });

  it("keeps a module's own reason as the title only for the same code", () => {
    const same = apacheErrorPage({ status: 502, method: "GET", statusLine: "502 Proxy Error", serverAdmin: "a", signature: "" });
    expect(same.body).toContain("<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>");
    const other = apacheErrorPage({ status: 302, method: "GET", statusLine: "200 Fine", location: "/x", serverAdmin: "a", signature: "" });
    expect(other.body).toContain("<title>302 Found</title>");
  });

  it("sends no body for 304", () => {
    expect(apacheErrorPage({ status: 304, method: "GET", serverAdmin: "a", signature: "" })).toEqual({ status: 304, statusLine: "304 Not Modified", body: "" });
  });
});
