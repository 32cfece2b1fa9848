import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import { Vfs } from "../server/vfs.ts";
import {
  applyShareState,
  captureShareState,
  createShareLink,
  decodeShareLink,
  describeShareState,
  encodeShareLink,
  hasShareLink,
  MAX_DECOMPRESSED_BYTES,
  MAX_FILES,
  MAX_LINK_CHARS,
  shareLinkUrl,
  type ShareState,
} from "./index.ts";
import { frameFragment } from "./link.ts";
import { applyLinePatch, diffLines } from "./line-patch.ts";
import { baseFs, busyFs, editedFs, GUESTBOOK_PY, REQUEST } from "./test-fixtures.ts";

/** The filesystem as comparable data: everything but mtimes, logs left out. */
function snapshot(fs: Vfs, keepLogs = false) {
  const s = fs.serialize();
  return {
    nodes: s.nodes
      .filter(([p]) => keepLogs || !p.startsWith("/var/log/") || fs.stat(p)?.type === "dir")
      .map(([p, v]) => [p, v.type, v.mode, v.owner, v.group, v.label, Buffer.from(v.data).toString("base64")])
      .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    links: [...(s.links ?? [])].sort(),
  };
}

function link(current: Vfs, base = baseFs(), extra: Partial<Pick<ShareState, "lessonId" | "selinux" | "request">> = {}) {
  const r = createShareLink({ current, base, lessonId: extra.lessonId ?? null, selinux: extra.selinux ?? "enforcing", request: extra.request ?? REQUEST });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

function open(fragment: string, base = baseFs()) {
  const d = decodeShareLink(fragment);
  if (!d.ok) throw new Error(`${d.error.code}: ${d.error.message}`);
  const a = applyShareState(base, d.state);
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return { fs: base, state: d.state };
}

function errorOf(fragment: string) {
  const d = decodeShareLink(fragment);
  expect(d.ok).toBe(false);
  return (d as { ok: false; error: { code: string; message: string } }).error;
}

describe("share link round trip", () => {
  it("a realistic workspace comes back byte for byte, with modes, labels, owners, deletions and binary files", () => {
    const current = busyFs();
    const { fragment } = link(current, baseFs(), { lessonId: "03-permissions", selinux: "permissive" });
    expect(fragment.startsWith("#s=v1.")).toBe(true);
    const { fs, state } = open(fragment);
    expect(snapshot(fs)).toEqual(snapshot(current));
    expect(state.lessonId).toBe("03-permissions");
    expect(state.selinux).toBe("permissive");
    expect(state.request?.method).toBe("POST");
    expect(state.request?.target).toBe("/cgi-bin/guestbook.py");
    expect(state.request?.headers).toEqual(REQUEST.headers);
    expect(new TextDecoder().decode(state.request!.body)).toBe("name=Ada+Lovelace");
    // Logs are not part of a link.
    expect(fs.readText("/var/log/httpd/error_log")).toBe("");
    expect(describeShareState(state)).toEqual(
      expect.arrayContaining([
        "/etc/httpd/conf/httpd.conf: 1 line changed",
        "/var/www/cgi-bin/guestbook.py: 40 lines, mode 755, label httpd_sys_script_exec_t, owner root",
        "/var/www/cgi-bin/env.py: mode 644",
        "/var/www/cgi-bin/form.py: deleted",
        "/var/www/html/img: directory, mode 750, label httpd_sys_content_t, owner root",
      ]),
    );
  });

  it("an unchanged workspace is a short link that changes nothing", () => {
    const { fragment, stats } = link(baseFs(), baseFs(), { request: { method: "GET", target: "/", headers: [], body: new Uint8Array() } });
    expect(stats.chars).toBeLessThan(80);
    const { fs, state } = open(fragment);
    expect(state.files).toEqual([]);
    expect(snapshot(fs)).toEqual(snapshot(baseFs()));
  });

  it("symlinks, and a directory replaced by a file, survive", () => {
    const current = baseFs();
    current.symlink("/var/www/html", "/srv/www");
    current.remove("/var/www/html", { recursive: true });
    current.writeFile("/var/www/html", "now a file\n");
    const { fs } = open(link(current).fragment);
    expect(snapshot(fs)).toEqual(snapshot(current));
  });

  it("a request with a binary body and no request at all both round-trip", () => {
    const bin = { method: "PUT", target: "/cgi-bin/up.py?x=1", version: "HTTP/1.0", headers: [["X-A", "1"]] as [string, string][], body: new Uint8Array([0, 255, 10, 13]) };
    expect(open(link(baseFs(), baseFs(), { request: bin }).fragment).state.request).toEqual(bin);
    const r = createShareLink({ current: baseFs(), base: baseFs(), lessonId: null, selinux: "enforcing", request: null });
    expect(r.ok && decodeShareLink(r.fragment)).toMatchObject({ ok: true, state: { request: null } });
  });

  it("accepts the fragment with or without #, inside a whole URL, and wrapped by a mail program", () => {
    const { fragment } = link(editedFs());
    const url = shareLinkUrl("https://example.org/cgi-lab/?x=1#old", fragment);
    expect(url).toBe(`https://example.org/cgi-lab/?x=1${fragment}`);
    const wrapped = fragment.slice(0, 70) + "\n " + fragment.slice(70, 140) + "\r\n" + fragment.slice(140);
    for (const f of [fragment, fragment.slice(1), url, wrapped]) expect(decodeShareLink(f).ok).toBe(true);
    expect(hasShareLink(fragment)).toBe(true);
    expect(hasShareLink("#lesson=3")).toBe(false);
  });
});

describe("link size", () => {
  it("a 40-line script plus one httpd.conf change fits in under 2,000 characters", () => {
    expect(GUESTBOOK_PY.split("\n").length - 1).toBe(40);
    const { fragment, stats } = link(editedFs());
    const url = shareLinkUrl("https://cgi-lab.example.org/", fragment);
    console.log(`40-line script + 1 conf line: fragment ${stats.chars} chars (JSON ${stats.jsonBytes} B, deflated ${stats.deflatedBytes} B); full URL ${url.length}`);
    expect(stats.chars).toBeLessThan(2000);
    expect(url.length).toBeLessThan(2000);
    // httpd.conf went as a line patch, not as its whole text.
    const { state } = open(fragment);
    const conf = state.files.find((f) => f.path === "/etc/httpd/conf/httpd.conf")!;
    expect(conf.content).toBeUndefined();
    expect(conf.patch?.hunks).toEqual([{ at: expect.any(Number), remove: 1, insert: ["LogLevel debug\n"] }]);
  });

  it("the busy workspace is still small", () => {
    const { stats } = link(busyFs());
    console.log(`busy workspace: fragment ${stats.chars} chars`);
    expect(stats.chars).toBeLessThan(2500);
  });

  it("refuses to make a link over the limit, with a message that says what to do", () => {
    const current = baseFs();
    // Random bytes do not compress: ~30 KB of them exceeds 32 KiB of base64url.
    const noise = crypto.getRandomValues(new Uint8Array(30_000));
    current.writeFile("/var/www/html/noise.bin", noise);
    const r = createShareLink({ current, base: baseFs(), lessonId: null, selinux: "enforcing", request: null });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("TOO_LONG");
      expect(r.error.message).toMatch(/characters long.*at most 32,768.*zip/);
    }
  });
});

describe("bad links: each gets its own error, never an exception", () => {
  const good = link(editedFs()).fragment;
  const data = good.slice("#s=v1.".length);

  it("not a share link", () => {
    expect(errorOf("").code).toBe("NOT_A_SHARE_LINK");
    expect(errorOf("#lesson-3").code).toBe("NOT_A_SHARE_LINK");
  });

  it("malformed prefix", () => {
    expect(errorOf("#s=" + data).code).toBe("MALFORMED");
    expect(errorOf("#s=vX." + data).code).toBe("MALFORMED");
  });

  it("malformed base64: a character outside the alphabet, with its position", () => {
    const e = errorOf("#s=v1." + data.slice(0, 100) + "%" + data.slice(101));
    expect(e.code).toBe("BAD_CHARACTER");
    expect(e.message).toContain(`"%" at position 101 of ${data.length.toLocaleString("en-US")}`);
    expect(errorOf("#s=v1." + data.slice(0, 10) + "+" + data.slice(11)).code).toBe("BAD_CHARACTER");
    expect(errorOf("#s=v1." + data.slice(0, 10) + "\u00e9" + data.slice(11)).code).toBe("BAD_CHARACTER");
  });

  it("truncated: says how many characters are missing", () => {
    const e = errorOf(good.slice(0, good.length - 312));
    expect(e.code).toBe("TRUNCATED");
    expect(e.message).toContain("it ends 312 characters early");
    expect(e.message).toContain(`it has ${(data.length - 312).toLocaleString("en-US")} of the ${data.length.toLocaleString("en-US")}`);
    for (const cut of [1, 2, 3, 4, 5, data.length - 16, data.length - 5]) expect(errorOf(good.slice(0, good.length - cut)).code).toBe("TRUNCATED");
    expect(errorOf("#s=v1.AAAA").code).toBe("TRUNCATED");
  });

  it("extra characters at the end", () => {
    const e = errorOf(good + "abc");
    expect(e.code).toBe("EXTRA_CHARACTERS");
    expect(e.message).toContain('3 extra characters at the end ("abc")');
    expect(errorOf(good + "A").code).toBe("EXTRA_CHARACTERS");
  });

  it("one flipped character, at every position, is caught", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const codes = new Set<string>();
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      const flipped = alphabet[(alphabet.indexOf(c) + 1 + (i % 63)) % 64];
      const d = decodeShareLink("#s=v1." + data.slice(0, i) + flipped + data.slice(i + 1));
      expect(d.ok, `flip at ${i}`).toBe(false);
      if (!d.ok) codes.add(d.error.code);
    }
    expect([...codes]).toEqual(["CORRUPTED"]);
    expect(errorOf("#s=v1." + data.slice(0, 500) + (data[500] === "a" ? "b" : "a") + data.slice(501)).message).toMatch(/checksum does not match/);
  });

  it("wrong version", () => {
    const e = errorOf("#s=v2." + data);
    expect(e.code).toBe("UNSUPPORTED_VERSION");
    expect(e.message).toMatch(/newer CGI Lab \(link format v2\).*Reload/);
    expect(errorOf("#s=v0." + data).code).toBe("UNSUPPORTED_VERSION");
    // A v1 prefix on data whose version byte says 2 (made by hand).
    expect(errorOf(frameFragment(deflateSync(new TextEncoder().encode("{}")), 2, 2).replace("v2.", "v1.")).code).toBe("CORRUPTED");
  });

  it("oversized: refused before any decoding", () => {
    const huge = "#s=v1." + "A".repeat(MAX_LINK_CHARS);
    const e = errorOf(huge);
    expect(e.code).toBe("TOO_LONG");
    expect(e.message).toContain("at most 32,768");
    // Even garbage that long is not looked at.
    expect(errorOf("#" + "%".repeat(MAX_LINK_CHARS + 1)).code).toBe("TOO_LONG");
  });

  it("declares more than 2 MiB: refused before inflating", () => {
    const e = errorOf(frameFragment(deflateSync(new TextEncoder().encode("{}")), MAX_DECOMPRESSED_BYTES + 1));
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/would unpack to 2 MiB; CGI Lab opens at most 2 MiB/);
  });

  it("zip bomb: a small link that inflates to far more than it declares is stopped while inflating", () => {
    const bomb = deflateSync(new Uint8Array(20 * 1024 * 1024), { level: 9 }); // 20 MiB of zeros
    const f = frameFragment(bomb, 1000);
    expect(f.length).toBeLessThan(MAX_LINK_CHARS);
    const t0 = performance.now();
    const e = errorOf(f);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(e.code).toBe("TOO_LARGE");
    expect(e.message).toMatch(/more than the 1 KiB it declares/);
    // Declaring the maximum does not help either.
    expect(errorOf(frameFragment(bomb, MAX_DECOMPRESSED_BYTES)).code).toBe("TOO_LARGE");
  });

  it("too many files", () => {
    const w = { f: Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ p: `/var/www/html/f${i}`, t: "" })) };
    const json = new TextEncoder().encode(JSON.stringify(w));
    const e = errorOf(frameFragment(deflateSync(json, { level: 9 }), json.length));
    expect(e.code).toBe("TOO_MANY_FILES");
    expect(e.message).toContain("changes 501 files");
    const current = baseFs();
    for (let i = 0; i <= MAX_FILES; i++) current.writeFile(`/var/www/html/f${i}.txt`, "");
    const r = createShareLink({ current, base: baseFs(), lessonId: null, selinux: "enforcing", request: null });
    expect(r.ok ? "" : r.error.code).toBe("TOO_MANY_FILES");
  });

  it("right checksum, wrong content: BAD_CONTENT with the reason", () => {
    const frame = (text: string) => {
      const json = new TextEncoder().encode(text);
      return frameFragment(deflateSync(json), json.length);
    };
    expect(errorOf(frame("not json")).code).toBe("BAD_CONTENT");
    expect(errorOf(frame("[1,2]")).code).toBe("BAD_CONTENT");
    expect(errorOf(frame(JSON.stringify({ f: [{ p: "/a/../etc/passwd", t: "x" }] }))).message).toMatch(/not a clean absolute path/);
    expect(errorOf(frame(JSON.stringify({ f: [{ p: "/a", t: "x", m: 99999 }] }))).message).toMatch(/mode is not a whole number/);
    expect(errorOf(frame(JSON.stringify({ r: { m: "GET", u: "/x", h: [["X", "a\r\nInjected: 1"]] } }))).message).toMatch(/request header 1/);
    expect(errorOf(frame(JSON.stringify({ f: [{ p: "/a", L: "bad label" }] }))).message).toMatch(/SELinux label/);
    const bytes = new TextEncoder().encode("{}");
    expect(errorOf(frameFragment(new Uint8Array([0xff, 0xff, 0xff]), bytes.length)).code).toBe("BAD_CONTENT");
    expect(errorOf(frameFragment(deflateSync(bytes), 5)).code).toBe("BAD_CONTENT"); // shorter than declared
  });

  it("never throws, whatever the input", () => {
    let x = 7;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 16);
    for (let i = 0; i < 300; i++) {
      const cut = data.slice(0, rnd() % data.length);
      const junk = Array.from({ length: rnd() % 5 }, () => String.fromCharCode(rnd() % 128)).join("");
      expect(() => decodeShareLink("#s=v1." + cut + junk)).not.toThrow();
    }
  });
});

describe("applying to a base", () => {
  it("is all or nothing: a patch made against another httpd.conf fails with BASE_CHANGED and leaves the Vfs alone", () => {
    const { state } = open(link(editedFs()).fragment);
    const other = baseFs();
    other.writeFile("/etc/httpd/conf/httpd.conf", other.readText("/etc/httpd/conf/httpd.conf") + "# a later edit of the lesson\n");
    const before = snapshot(other);
    const a = applyShareState(other, state);
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.error.code).toBe("BASE_CHANGED");
      expect(a.error.message).toContain("/etc/httpd/conf/httpd.conf");
    }
    expect(snapshot(other)).toEqual(before);
  });

  it("a file in a directory the base does not have: BAD_PATH", () => {
    const state: ShareState = { lessonId: null, selinux: "enforcing", request: null, files: [{ path: "/nowhere/x", type: "file", content: new Uint8Array() }], deleted: [], links: [], removedLinks: [] };
    const a = applyShareState(new Vfs(), state);
    expect(a.ok ? "" : a.error.code).toBe("BAD_PATH");
  });

  it("keeps the Vfs's listeners (applies through replaceWith)", () => {
    const fs = baseFs();
    const seen: string[] = [];
    fs.onChange((p) => seen.push(p));
    const d = decodeShareLink(link(editedFs()).fragment);
    expect(d.ok && applyShareState(fs, d.state).ok).toBe(true);
    expect(seen).toContain("/");
  });

  it("works against the real default workspace (no fixed clock)", () => {
    const current = createDefaultFs();
    current.writeFile("/var/www/cgi-bin/x.py", "print('hi')\n", { mode: 0o700 });
    const { fs } = open(link(current, createDefaultFs()).fragment, createDefaultFs());
    expect(fs.stat("/var/www/cgi-bin/x.py")?.mode).toBe(0o700);
  });
});

describe("line patches", () => {
  it("round-trip edits anywhere, including a missing final newline", () => {
    const base = "a\nb\nc\nd\ne\n";
    for (const next of ["a\nb\nc\nd\ne\n", "a\nB\nc\nd\ne\n", "x\na\nb\nd\ne\ny", "", "a\nb\nc\nd\ne", "e\nd\nc\nb\na\n"]) {
      const p = diffLines(base, next);
      expect(applyLinePatch(base, p)).toEqual({ ok: true, text: next });
    }
    expect(applyLinePatch("other", diffLines(base, "x"))).toEqual({ ok: false, reason: "base-changed" });
  });
});

describe("encodeShareLink", () => {
  it("takes a hand-made state", () => {
    const state = captureShareState(editedFs(), baseFs(), { lessonId: "01-hello", selinux: "enforcing", request: null });
    const r = encodeShareLink(state);
    expect(r.ok && decodeShareLink(r.fragment)).toMatchObject({ ok: true, state: { lessonId: "01-hello" } });
  });
});
