import { describe, expect, it } from "vitest";
import {
  buildCgiEnvironment,
  cgiArgv,
  findPathInfoStart,
  headerToEnvName,
  internalRedirectRequest,
  sanitizeEnvName,
  type CgiEnvironmentInput,
} from "./cgi-environment.ts";
import { PROBE_SERVER, probes, readReferenceJson, type ProbeEnvCase } from "./fixtures/reference.ts";
import type { HeaderField, HttpRequest } from "./http-message.ts";
import { serverSignature, type ServerSignatureMode } from "./server-signature.ts";
import { resolveRequestPath, splitRequestTarget } from "./url-path.ts";

/** LC_CTYPE is Python's own (PEP 538), not Apache's. */
const withoutPython = (env: [string, string][]): [string, string][] => env.filter(([k]) => k !== "LC_CTYPE");
const valueOf = (env: [string, string][], name: string): string => env.find(([k]) => k === name)?.[1] ?? "";

function request(method: string, target: string, headers: HeaderField[], body = "", remotePort = 40000): HttpRequest {
  return {
    method,
    target,
    version: "HTTP/1.1",
    headers,
    body: new TextEncoder().encode(body),
    remoteAddr: "127.0.0.1",
    remotePort,
    localAddr: "127.0.0.1",
    localPort: PROBE_SERVER.port,
  };
}

/** The probe server's facts for a script under /cgi-bin/ (or another ScriptAlias prefix). */
function probeInput(req: HttpRequest, script: string, captured: [string, string][], prefix = "/cgi-bin/", mode: ServerSignatureMode = "On"): CgiEnvironmentInput {
  const resolved = resolveRequestPath(req.target);
  if (!resolved.ok) throw new Error("unexpected");
  const scriptName = `${prefix}${script}`;
  const pathInfo = resolved.uri.slice(scriptName.length);
  return {
    request: req,
    serverName: PROBE_SERVER.serverName,
    serverPort: PROBE_SERVER.port,
    serverSoftware: PROBE_SERVER.banner,
    serverAdmin: PROBE_SERVER.serverAdmin,
    serverSignature: serverSignature({ ...PROBE_SERVER, mode }),
    documentRoot: PROBE_SERVER.documentRoot,
    requestScheme: "http",
    contextPrefix: prefix,
    contextDocumentRoot: PROBE_SERVER.cgiDir,
    scriptFilename: `${PROBE_SERVER.cgiDir}${script}`,
    scriptName,
    pathInfo,
    pathTranslated: PROBE_SERVER.documentRoot + pathInfo,
    pathEnv: valueOf(captured, "PATH"),
  };
}

function probeRequest(c: ProbeEnvCase): HttpRequest {
  const { method, target, headers, body } = c.request;
  return request(method, target, headers, body, Number(valueOf(c.env, "REMOTE_PORT")));
}

interface PeerEnvCapture {
  cgi: { environ: Record<string, string>; argv: string[] };
}

describe("environment of the captured Apache 2.4.71 (peers/apache-cgi/env_*.json)", () => {
  const curlHeaders: HeaderField[] = [
    ["Host", "127.0.0.1:8081"],
    ["User-Agent", "curl/7.88.1"],
    ["Accept", "*/*"],
  ];
  const cases: [string, string, string, HeaderField[], string][] = [
    ["env_get.json", "GET", "/cgi-bin/env.py", [], ""],
    ["env_pathinfo_query.json", "GET", "/cgi-bin/env.py/extra/path?a=1&b=two%20words", [], ""],
    ["env_headers.json", "GET", "/cgi-bin/env.py", [["X-Custom-Header", "v"], ["Authorization", "Basic dXNlcjpwYXNz"], ["Cookie", "a=b"]], ""],
    ["env_post_urlencoded.json", "POST", "/cgi-bin/env.py", [["Content-Type", "application/x-www-form-urlencoded"], ["Content-Length", "16"]], "name=Ada&lang=py"],
    ["env_post_chunked.json", "POST", "/cgi-bin/env.py", [["Transfer-Encoding", "chunked"], ["Content-Type", "application/x-www-form-urlencoded"]], "name=Ada&lang=py"],
  ];
  for (const [file, method, target, extra, body] of cases) {
    it(`reproduces ${file}`, () => {
      const captured = readReferenceJson<PeerEnvCapture>(`peers/apache-cgi/${file}`).cgi;
      const resolved = resolveRequestPath(target);
      if (!resolved.ok) throw new Error("unexpected");
      const pathInfo = resolved.uri.slice("/cgi-bin/env.py".length);
      const env = buildCgiEnvironment({
        request: { ...request(method, target, [...curlHeaders, ...extra], body, Number(captured.environ.REMOTE_PORT)), localPort: 8081 },
        serverName: "127.0.0.1",
        serverPort: 8081,
        serverSoftware: "Apache/2.4.71 (Debian)",
        serverAdmin: "webmaster@localhost",
        serverSignature: serverSignature({ mode: "On", banner: "Apache/2.4.71 (Debian)", serverName: "127.0.0.1", port: 8081, serverAdmin: "webmaster@localhost" }),
        documentRoot: "/srv/peers/www",
        requestScheme: "http",
        contextPrefix: "/cgi-bin/",
        contextDocumentRoot: "/srv/peers/cgi-bin/",
        scriptFilename: "/srv/peers/cgi-bin/env.py",
        scriptName: "/cgi-bin/env.py",
        pathInfo,
        pathTranslated: `/srv/peers/www${pathInfo}`,
        pathEnv: captured.environ.PATH,
      });
      const expected = Object.fromEntries(Object.entries(captured.environ).filter(([k]) => k !== "LC_CTYPE"));
      expect(Object.fromEntries(env)).toEqual(expected);
      expect(env.length).toBe(Object.keys(expected).length);
      expect(cgiArgv("/srv/peers/cgi-bin/env.py", splitRequestTarget(target).query)).toEqual(captured.argv);
    });
  }
});

describe("environment order and edge cases (fixtures/apache-2.4.71-probes.json)", () => {
  it("orders, merges and drops headers exactly as the live server", () => {
    const c = probes.envCases.headers;
    const env = buildCgiEnvironment(probeInput(probeRequest(c), "env.py", c.env));
    expect(env).toEqual(withoutPython(c.env));
    // Spelled out, the rules that the equality above covers:
    expect(valueOf(env, "HTTP_X_FOO")).toBe("1, 4");
    expect(valueOf(env, "HTTP_COOKIE")).toBe("a=1, b=2");
    const names = env.map(([k]) => k);
    for (const gone of ["HTTP_X_BAR", "HTTP_X_BAZ", "HTTP_AUTHORIZATION", "HTTP_PROXY", "HTTP_PROXY_AUTHORIZATION", "HTTP_CONTENT_TYPE"]) {
      expect(names).not.toContain(gone);
    }
    expect(names.indexOf("CONTENT_TYPE")).toBeLessThan(names.indexOf("HTTP_ACCEPT"));
  });

  it("passes Authorization with CGIPassAuth On", () => {
    const c = probes.envCases.headers;
    const env = buildCgiEnvironment({ ...probeInput(probeRequest(c), "env.py", c.env), cgiPassAuth: true });
    expect(valueOf(env, "HTTP_AUTHORIZATION")).toBe("Basic dXNlcjpwYXNz");
    expect(valueOf(env, "HTTP_PROXY_AUTHORIZATION")).toBe("x");
    expect(env.map(([k]) => k)).not.toContain("HTTP_PROXY");
  });

  it("rebuilds the environment after an internal redirect, REDIRECT_* first", () => {
    const c = probes.envCases.internalRedirect;
    const original = probeRequest(c);
    const previousEnv = buildCgiEnvironment(probeInput(original, "raw.py", c.env));
    const query = splitRequestTarget(original.target).query;
    const env = buildCgiEnvironment({
      ...probeInput(original, "raw.py", c.env),
      request: internalRedirectRequest(original),
      scriptFilename: `${PROBE_SERVER.cgiDir}env.py`,
      scriptName: "/cgi-bin/env.py",
      pathInfo: "/p i",
      pathTranslated: `${PROBE_SERVER.documentRoot}/p i`,
      queryString: "x=1",
      redirect: { previousEnv, previousStatus: 200, previousUri: "/cgi-bin/raw.py", previousQuery: query },
    });
    expect(env).toEqual(withoutPython(c.env));
    expect(valueOf(env, "REQUEST_METHOD")).toBe("GET");
    expect(valueOf(env, "REQUEST_URI")).toBe(original.target);
    expect(c.stdin).toBe("");
  });

  it("puts extra variables before the common ones, which win a clash", () => {
    const c = probes.envCases.headers;
    const env = buildCgiEnvironment({ ...probeInput(probeRequest(c), "env.py", c.env), extraVars: [["MY-VAR", "1"], ["PATH", "/nope"], ["9LIVES", "x"]] });
    expect(env.slice(0, 3)).toEqual([["MY_VAR", "1"], ["PATH", valueOf(c.env, "PATH")], ["_LIVES", "x"]]);
  });

  it("adds REMOTE_USER and AUTH_TYPE after REMOTE_PORT", () => {
    const c = probes.envCases.headers;
    const env = buildCgiEnvironment({ ...probeInput(probeRequest(c), "env.py", c.env), remoteUser: "jane", authType: "Basic" });
    const names = env.map(([k]) => k);
    expect(names.slice(names.indexOf("REMOTE_PORT"), names.indexOf("REMOTE_PORT") + 4)).toEqual(["REMOTE_PORT", "REMOTE_USER", "AUTH_TYPE", "GATEWAY_INTERFACE"]);
  });

  it("leaves PATH_INFO and PATH_TRANSLATED unset, not empty, without path info", () => {
    const c = probes.envCases.argv;
    const env = buildCgiEnvironment(probeInput(probeRequest(c), "env.py", c.env));
    expect(env).toEqual(withoutPython(c.env));
    expect(env.map(([k]) => k)).not.toContain("PATH_INFO");
  });

  it("follows ServerSignature Off and EMail", () => {
    for (const [name, prefix, mode] of [["nosig", "/cgi-nosig/", "Off"], ["mailsig", "/cgi-mail/", "EMail"]] as const) {
      const c = probes.envCases[name];
      const env = buildCgiEnvironment(probeInput(probeRequest(c), "env.py", c.env, prefix, mode));
      expect(env).toEqual(withoutPython(c.env));
    }
  });

  it("gets decoded and normalised paths right", () => {
    for (const name of ["decoded", "dots"]) {
      const c = probes.envCases[name];
      const env = buildCgiEnvironment(probeInput(probeRequest(c), "env.py", c.env));
      expect(env).toEqual(withoutPython(c.env));
    }
  });
});

describe("argv (A11)", () => {
  it("splits an ISINDEX query, decodes and shell-escapes each word like Apache", () => {
    const c = probes.envCases.argv;
    expect(cgiArgv("/tmp/probe/cgi-bin/env.py", splitRequestTarget(c.request.target).query)).toEqual(c.argv);
    expect(c.argv.slice(1)).toEqual(["word1", "word2", "A+", "a\\&b", "\\*", "", "%zz"]);
  });

  it("adds nothing for an empty query or one with =", () => {
    expect(cgiArgv("/s.py", undefined)).toEqual(["/s.py"]);
    expect(cgiArgv("/s.py", "")).toEqual(["/s.py"]);
    expect(cgiArgv("/s.py", "a=1+b")).toEqual(["/s.py"]);
  });
});

describe("helpers", () => {
  it("names header variables as http2env does", () => {
    expect(headerToEnvName("x-lower-Case")).toBe("HTTP_X_LOWER_CASE");
    expect(headerToEnvName("X_Foo")).toBeUndefined();
    expect(headerToEnvName("X.Foo")).toBeUndefined();
    expect(sanitizeEnvName("1a-b.c")).toBe("_a_b_c");
  });

  it("finds where PATH_INFO starts (ap_find_path_info)", () => {
    expect(findPathInfoStart("/cgi-bin/env.py/extra/path", "/extra/path")).toBe("/cgi-bin/env.py".length);
    expect(findPathInfoStart("/cgi-bin/env.py", "")).toBe("/cgi-bin/env.py".length);
    expect(findPathInfoStart("/x/y.py//a//b", "/a/b")).toBe("/x/y.py".length);
  });

  it("turns the redirected request into a bodiless GET that keeps Content-Type", () => {
    const req = request("POST", "/x", [["Content-Type", "text/plain"], ["Content-Length", "3"]], "abc");
    const next = internalRedirectRequest(req);
    expect(next.method).toBe("GET");
    expect(next.headers).toEqual([["Content-Type", "text/plain"]]);
    expect(next.body.length).toBe(0);
    expect(next.target).toBe("/x");
  });
});
