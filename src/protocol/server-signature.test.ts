import { describe, expect, it } from "vitest";
import { PROBE_SERVER, probes, readReferenceJson } from "./fixtures/reference.ts";
import { escapeHtml, serverSignature } from "./server-signature.ts";

describe("serverSignature", () => {
  it("gives the captured SERVER_SIGNATURE (peers/apache-cgi/env_get.json)", () => {
    const env = readReferenceJson<{ cgi: { environ: Record<string, string> } }>("peers/apache-cgi/env_get.json").cgi.environ;
    const sig = serverSignature({ mode: "On", banner: "Apache/2.4.71 (Debian)", serverName: "127.0.0.1", port: 8081, serverAdmin: "webmaster@localhost" });
    expect(sig).toBe(env.SERVER_SIGNATURE);
  });

  it("matches the probe server with ServerSignature Off and EMail", () => {
    const value = (name: string) => probes.envCases[name].env.find(([k]) => k === "SERVER_SIGNATURE")?.[1];
    expect(serverSignature({ ...PROBE_SERVER, mode: "Off" }, "<hr>\n")).toBe(value("nosig"));
    expect(serverSignature({ ...PROBE_SERVER, mode: "EMail" })).toBe(value("mailsig"));
  });

  it("links a URL admin without mailto: and escapes names", () => {
    const sig = serverSignature({ mode: "EMail", banner: "B", serverName: "a<b", port: 80, serverAdmin: "http://x/?a&b" }, "<hr>\n");
    expect(sig).toBe('<hr>\n<address>B Server at <a href="http://x/?a&amp;b">a&lt;b</a> Port 80</address>\n');
  });

  it("escapes the four characters ap_escape_html does, and no others", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;'");
  });
});
