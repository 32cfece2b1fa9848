/**
 * Differential suite: the same scripts and requests against real Apache 2.4
 * (Debian's apache2, started here on 127.0.0.1) and against the emulator.
 * Status, reason, headers, body and error_log messages must agree.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { apacheAvailable, referenceScripts, startApache, type RealApache, type RawResponse } from "./real-apache.ts";
import { startEmulator, type TestEmulator } from "./emulator.ts";
import { comparableHeaders, makeNormalizer, type Normalizer } from "./normalize.ts";
import { REFERENCE_DIR } from "../../src/protocol/fixtures/reference.ts";

const enc = new TextEncoder();
const script = (name: string, text: string, mode = 0o755) => ({ name, content: enc.encode(text), mode });

/** Scripts beyond the reference set: exec failures and header edge cases. */
const EXTRA = [
  script("noshebang.py", 'print("Content-Type: text/plain")\nprint()\nprint("x")\n'),
  script("py2.py", '#!/usr/bin/python2\nprint "Content-Type: text/plain"\n'),
  script("crlf.py", '#!/usr/bin/python3\r\nprint("Content-Type: text/plain")\r\nprint()\r\n'),
  script("badstatus.py", '#!/usr/bin/python3\nprint("Status: abc")\nprint("Content-Type: text/plain")\nprint()\nprint("x")\n'),
  script("cookie_redirect.py", '#!/usr/bin/python3\nprint("Set-Cookie: a=1")\nprint("Location: /index.html")\nprint()\n'),
  script("nocontenttype.py", "#!/usr/bin/python3\nprint()\nprint('bare body')\n"),
  script("crlf_headers.py", '#!/usr/bin/python3\nimport sys\nsys.stdout.write("Content-Type: text/plain\\r\\nX-Two: 2\\r\\n\\r\\nbody")\n'),
];

const REQUESTS: { name: string; method: string; target: string; headers?: [string, string][]; body?: string }[] = [
  ...["hello", "article", "status404", "status404_bare", "location_local", "location_abs", "noexec", "raise", "stderr", "empty", "ct_noblank"].map((s) => ({
    name: s, method: "GET", target: `/cgi-bin/${s}.py`,
  })),
  ...["noshebang", "py2", "crlf", "badstatus", "cookie_redirect", "nocontenttype", "crlf_headers"].map((s) => ({ name: s, method: "GET", target: `/cgi-bin/${s}.py` })),
  { name: "missing script", method: "GET", target: "/cgi-bin/nope.py" },
  { name: "static index", method: "GET", target: "/index.html" },
  { name: "directory index", method: "GET", target: "/" },
  { name: "missing static", method: "GET", target: "/nothere.html" },
  { name: "env get", method: "GET", target: "/cgi-bin/env.py" },
  { name: "env path info and query", method: "GET", target: "/cgi-bin/env.py/extra/path?a=1&b=two%20words" },
  { name: "env argv query", method: "GET", target: "/cgi-bin/env.py?word1+word2" },
  { name: "env post", method: "POST", target: "/cgi-bin/env.py", headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: "name=Ada&lang=py" },
  { name: "env headers", method: "GET", target: "/cgi-bin/env.py", headers: [["X-Custom-Header", "v"], ["Authorization", "Basic dXNlcjpwYXNz"], ["Cookie", "a=b"], ["X_Under", "dropped"]] },
];

/** Variables that legitimately differ: ports and Python's own locale coercion. */
const VOLATILE_ENV = new Set(["REMOTE_PORT"]);

function envOf(body: Uint8Array, n: Normalizer): Record<string, unknown> {
  const parsed = JSON.parse(n.text(new TextDecoder().decode(body))) as { environ: Record<string, string> };
  for (const k of VOLATILE_ENV) delete parsed.environ[k];
  return parsed;
}

describe("emulator against real Apache 2.4 (mod_cgi)", () => {
  let apache: RealApache;
  let emu: TestEmulator;
  let n: Normalizer;
  const scripts = [...referenceScripts(join(REFERENCE_DIR, "peers/setup/cgi-bin")), ...EXTRA];

  beforeAll(async () => {
    if (!apacheAvailable()) throw new Error("Debian's apache2 is not installed: run `node scripts/ensure-peers.mjs` (npm test does)");
    apache = await startApache({ scripts });
    emu = startEmulator({ scripts });
    n = makeNormalizer(apache.root);
    await apache.takeErrorLog();
  });
  afterAll(async () => {
    apache?.stop();
    await emu?.dispose();
  });

  for (const r of REQUESTS) {
    it(r.name, async () => {
      const headers: [string, string][] = [["Host", "localhost:8080"], ["User-Agent", "cgi-lab-diff"], ["Accept", "*/*"], ["Connection", "close"], ...(r.headers ?? [])];
      const body = r.body === undefined ? undefined : enc.encode(r.body);
      if (body) headers.push(["Content-Length", String(body.length)]);
      const real: RawResponse = await apache.request(r.method, r.target, headers, body);
      const realLog = (await apache.takeErrorLog()).map(n.logLine);
      const ex = await emu.request(r.method, r.target, headers, body ?? new Uint8Array());
      const emuLog = ex.errorLog.map(n.logLine);

      expect(`${ex.response.status} ${ex.response.reason}`).toBe(`${real.status} ${real.reason}`);
      expect(comparableHeaders(ex.response.headers, n)).toEqual(comparableHeaders(real.headers, n));
      const realType = real.headers.find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? "";
      if (realType.startsWith("application/json")) {
        expect(envOf(ex.response.body, n)).toEqual(envOf(real.body, n));
      } else {
        expect(n.text(new TextDecoder().decode(ex.response.body))).toBe(n.text(new TextDecoder().decode(real.body)));
      }
      expect(emuLog).toEqual(realLog);
    });
  }

  it("finds the reference scripts", () => {
    expect(existsSync(join(REFERENCE_DIR, "peers/setup/cgi-bin/article.py"))).toBe(true);
    expect(scripts.length).toBeGreaterThanOrEqual(19);
  });
});

describe("without mod_cgi (LoadModule cgi_module commented out), against real Apache", () => {
  let apache: RealApache;
  let emu: TestEmulator;
  let n: Normalizer;
  const scripts = referenceScripts(join(REFERENCE_DIR, "peers/setup/cgi-bin")).filter((s) => s.name === "hello.py");

  beforeAll(async () => {
    if (!apacheAvailable()) throw new Error("Debian's apache2 is not installed: run `node scripts/ensure-peers.mjs` (npm test does)");
    apache = await startApache({ scripts, loadCgi: false });
    emu = startEmulator({ scripts, editConf: (c) => c.replace(/^LoadModule cgi_module/m, "#LoadModule cgi_module") });
    n = makeNormalizer(apache.root);
    await apache.takeErrorLog();
  });
  afterAll(async () => {
    apache?.stop();
    await emu?.dispose();
  });

  for (const [method, target] of [["GET", "/cgi-bin/hello.py"], ["POST", "/cgi-bin/hello.py"], ["GET", "/cgi-bin/hello.py/extra"]] as const) {
    it(`${method} ${target}`, async () => {
      const headers: [string, string][] = [["Host", "localhost:8080"], ["Connection", "close"]];
      const body = method === "POST" ? enc.encode("a=1") : undefined;
      if (body) headers.push(["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", "3"]);
      const real = await apache.request(method, target, headers, body);
      const realLog = (await apache.takeErrorLog()).map(n.logLine);
      const ex = await emu.request(method, target, headers, body ?? new Uint8Array());
      expect(`${ex.response.status} ${ex.response.reason}`).toBe(`${real.status} ${real.reason}`);
      expect(comparableHeaders(ex.response.headers, n)).toEqual(comparableHeaders(real.headers, n));
      expect(n.text(new TextDecoder().decode(ex.response.body))).toBe(n.text(new TextDecoder().decode(real.body)));
      expect(ex.errorLog.map(n.logLine)).toEqual(realLog);
      expect(ex.cgi).toBeUndefined();
    });
  }
});
