import { describe, expect, it } from "vitest";
import { probes } from "./fixtures/reference.ts";
import { fsDecode } from "./fs-encoding.ts";
import { escapeUri, normalizePath, resolveRequestPath, splitRequestTarget, unescapeUrl } from "./url-path.ts";

describe("splitRequestTarget", () => {
  it("keeps the query raw and tells an absent query from an empty one", () => {
    expect(splitRequestTarget("/cgi-bin/env.py/extra/path?a=1&b=two%20words")).toEqual({
      path: "/cgi-bin/env.py/extra/path",
      query: "a=1&b=two%20words",
    });
    expect(splitRequestTarget("/x?")).toEqual({ path: "/x", query: "" });
    expect(splitRequestTarget("/x").query).toBeUndefined();
    expect(splitRequestTarget("http://h:8/a?b#c")).toEqual({ path: "/a", query: "b", fragment: "c" });
  });
});

describe("normalizePath (ap_normalize_path)", () => {
  const norm = (p: string) => normalizePath(p, { decodeUnreserved: true, mergeSlashes: true, notAboveRoot: true });
  it("removes dot segments and merges slashes", () => {
    expect(norm("//cgi-bin/../cgi-bin///env.py/x/../y/./z//w")).toEqual({ path: "/cgi-bin/env.py/y/z/w", valid: true });
    expect(norm("/a/b/..")).toEqual({ path: "/a/", valid: true });
    expect(norm("/a/.")).toEqual({ path: "/a/", valid: true });
  });

  it("decodes unreserved escapes only, and sees %2e%2e as ..", () => {
    expect(norm("/a%41%2e%7e%25%2F")).toEqual({ path: "/aA.~%25%2F", valid: true });
    expect(norm("/a/%2e%2e/b")).toEqual({ path: "/b", valid: true });
    expect(norm("/a/.%2E/b")).toEqual({ path: "/b", valid: true });
  });

  it("fails on bad escapes and on going above the root", () => {
    expect(norm("/a%zz").valid).toBe(false);
    expect(norm("/a%2").valid).toBe(false);
    expect(norm("/../x").valid).toBe(false);
    expect(normalizePath("relative").valid).toBe(false);
  });
});

describe("unescapeUrl", () => {
  it("flags %2F and %00 but still decodes them, and keeps bad escapes", () => {
    expect(unescapeUrl("/a%2Fb%zz", { forbidSlash: true })).toEqual({ value: "/a/b%zz", badEscape: true, badPath: true });
    expect(unescapeUrl("%00").badPath).toBe(true);
    expect(unescapeUrl("a%2Fb", { keepEncodedSlash: true }).value).toBe("a%2Fb");
  });
});

describe("resolveRequestPath against the live server", () => {
  it("answers each probed URL with Apache's status and log line", () => {
    for (const [target, captured] of Object.entries(probes.urlCases)) {
      const resolved = resolveRequestPath(target);
      const status = resolved.ok ? 200 : resolved.status;
      // 200s and a 404/403 found later by the file walk start out fine here.
      const capturedStatus = Number(captured.statusLine.slice(0, 3));
      if (resolved.ok) {
        expect([target, capturedStatus === 200 || captured.log.some((l) => l.message.startsWith("AH0281"))]).toEqual([target, true]);
        const pathInfo = captured.env.PATH_INFO;
        if (pathInfo !== undefined) expect(resolved.uri.endsWith(pathInfo)).toBe(true);
      } else {
        expect([target, status]).toEqual([target, capturedStatus]);
        const logged = captured.log.map((l) => l.message);
        if (logged.length > 0) expect(resolved.log?.message).toBe(logged[0]);
      }
    }
  });

  it("logs AH10244 with the whole target and AH00026 at info (seen with LogLevel info)", () => {
    expect(resolveRequestPath("/cgi-bin/env.py/%zz?a=%zz")).toEqual({
      ok: false,
      status: 400,
      log: { module: "core", level: "error", message: "AH10244: invalid URI path (/cgi-bin/env.py/%zz?a=%zz)" },
    });
    expect(resolveRequestPath("/x%00y")).toEqual({
      ok: false,
      status: 404,
      log: { module: "core", level: "info", message: "AH00026: found %2f (encoded '/') in URI path (/x%00y), returning 404" },
    });
    expect(resolveRequestPath("/cgi-bin/env.py#frag")).toEqual({ ok: false, status: 400 });
  });

  it("decodes to text as a UTF-8 system would, and keeps the raw query", () => {
    const resolved = resolveRequestPath("/cgi-bin/env.py/a%20b/%C3%A9/x%3Fy/p%25q%41?q");
    expect(resolved).toMatchObject({ ok: true, uri: "/cgi-bin/env.py/a b/é/x?y/p%qA", query: "q" });
    const bad = resolveRequestPath("/a%FFb");
    expect(bad.ok && bad.uri).toBe("/a\udcffb");
  });

  it("honours AllowEncodedSlashes", () => {
    expect(resolveRequestPath("/a%2Fb", { allowEncodedSlashes: "On" })).toMatchObject({ ok: true, uri: "/a/b" });
    expect(resolveRequestPath("/a%2Fb", { allowEncodedSlashes: "NoDecode" })).toMatchObject({ ok: true, uri: "/a%2Fb" });
    expect(resolveRequestPath("/a%2F..%2Fb", { allowEncodedSlashes: "On" })).toMatchObject({ ok: true, uri: "/b" });
    expect(resolveRequestPath("/a%00", { allowEncodedSlashes: "On" })).toEqual({ ok: false, status: 404 });
  });
});

describe("escapeUri (ap_escape_uri)", () => {
  it("escapes like the Location mod_dir sent for an odd directory name", () => {
    const name = fsDecode(Uint8Array.from([...'d !"#$%&\'()*+,-.:;<=>?@[\\]^_`{|}~'].map((c) => c.charCodeAt(0)).concat([0xc3, 0xa9, 0x01, 0x7f])));
    expect(escapeUri(`/${name}`)).toBe("/d%20!%22%23$%25&'()*+,-.:;%3c=%3e%3f@%5b%5c%5d%5e_%60%7b%7c%7d~%c3%a9%01%7f");
  });

  it("round-trips PATH_INFO through the decoder", () => {
    const pathInfo = "/sp ace/q?/h#/pl+us/~/\\/&";
    const escaped = escapeUri(pathInfo);
    expect(escaped).toBe("/sp%20ace/q%3f/h%23/pl+us/~/%5c/&");
    expect(resolveRequestPath(escaped)).toMatchObject({ ok: true, uri: pathInfo });
  });
});
