/**
 * Authorizer and Filter roles, multiplexing, mod_fcgid and mod_proxy_fcgi,
 * with the real flup-compat package in Pyodide.
 */
import { afterAll, describe, expect, it } from "vitest";
import { RecordType } from "../../protocol/fastcgi/index.ts";
import { startNetworkApp } from "./app-server.ts";
import {
  APPSERVER_APP, ARTICLE_FLUP_APP_NO_RUN, AUTHORIZER_APP, AUTHORIZER_CONF, COUNTER_APP, FASTCGI_EXTERNAL_CONF, FILTER_APP, FILTER_CONF,
  MOD_FASTCGI_CONF, MOD_FCGID_CONF, MULTIPLEX_APP, NON_MULTIPLEX_APP, PROTECTED_APP, PROXY_FCGI_CONF, STDERR_APP, writeScript,
} from "./examples.ts";
import { makeLab } from "./testing/harness.ts";
import { createPyodideConnectionRunner } from "./testing/pyodide-connection-runner.ts";

const runner = createPyodideConnectionRunner();

describe("AUTHORIZER role (FastCgiAuthorizer)", () => {
  const lab = makeLab({
    conf: MOD_FASTCGI_CONF + AUTHORIZER_CONF(),
    runner,
    setup: (fs) => {
      fs.mkdir("/var/www/fcgi-bin", { recursive: true });
      writeScript(fs, "/var/www/fcgi-bin/auth.fcgi", AUTHORIZER_APP);
      fs.mkdir("/var/www/html/private", { recursive: true });
      fs.writeFile("/var/www/html/private/index.html", "secret\n");
    },
  });
  afterAll(() => lab.stop());

  it("allows with Variable-* headers becoming environment variables of the real request", async () => {
    const res = await lab.request("/private/index.html", { headers: [["X-Token", "letmein"]] });
    // The authorizer declined to answer: the request goes on to its handler with the variables set.
    expect(res.status).toBe(0);
    // mod_fastcgi without -compat passes EVERY header on, "Variable-" stripped: flup's Content-Length too
    // (post_process_auth_passed_header), named as ap_create_environment spells it.
    expect(JSON.parse(res.body)).toEqual([["AUTH_USER", "alice"], ["AUTH_LEVEL", "editor"], ["Content_Length", "0"]]);
    const cap = res.fastcgi[0]!;
    expect(cap.role).toBe("AUTHORIZER");
    const names = cap.env.map(([k]) => k);
    expect(names[0]).toBe("FCGI_APACHE_ROLE");
    expect(cap.env[0]![1]).toBe("AUTHORIZER");
    for (const absent of ["CONTENT_LENGTH", "PATH_INFO", "PATH_TRANSLATED", "SCRIPT_NAME"]) expect(names).not.toContain(absent);
    // BEGIN_REQUEST role=2 (AUTHORIZER).
    expect(Array.from(cap.records[0]!.bytes.subarray(8, 10))).toEqual([0, 2]);
  });

  it("denies: mod_fastcgi answers 401 with the authorizer's headers and logs the failure", async () => {
    const res = await lab.request("/private/index.html");
    expect(res.status).toBe(401);
    expect(res.headers).toContainEqual(["Content-Type", "text/plain"]);
    expect(res.log).toContain("[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: authorization failed for user \"(null)\": /private/index.html");
  });
});

describe("FILTER role (CGI Lab's FastCgiFilter)", () => {
  const lab = makeLab({
    conf: MOD_FASTCGI_CONF + FILTER_CONF(),
    runner,
    setup: (fs) => {
      fs.mkdir("/var/www/fcgi-bin", { recursive: true });
      writeScript(fs, "/var/www/fcgi-bin/filter.fcgi", FILTER_APP);
      fs.mkdir("/var/www/html/data", { recursive: true });
      fs.writeFile("/var/www/html/data/people.csv", "name,city\nAda,London\nLinus,Helsinki\n");
      fs.writeFile("/var/www/html/data/notes.md", "# Notes\n- one\n- two\nplain text\n");
    },
  });
  afterAll(() => lab.stop());

  it("turns a CSV file into an HTML table; DATA carries the file after STDIN", async () => {
    const res = await lab.request("/data/people.csv");
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.body).toContain("<tr><th>name</th><th>city</th></tr>");
    expect(res.body).toContain("<tr><td>Linus</td><td>Helsinki</td></tr>");
    expect(res.body).toContain("<!-- 36 bytes, last modified");
    const cap = res.fastcgi[0]!;
    expect(cap.role).toBe("FILTER");
    expect(cap.env.find(([k]) => k === "FCGI_DATA_LENGTH")?.[1]).toBe("36");
    expect(cap.env.find(([k]) => k === "FCGI_DATA_LAST_MOD")?.[1]).toMatch(/^\d+$/);
    const types = cap.records.filter((r) => r.direction === "to-app").map((r) => r.bytes[1]);
    expect(types.lastIndexOf(RecordType.STDIN)).toBeLessThan(types.indexOf(RecordType.DATA));
    expect(types[types.length - 1]).toBe(RecordType.DATA);
  });

  it("turns Markdown into HTML", async () => {
    const res = await lab.request("/data/notes.md");
    expect(res.body).toContain("<h1>Notes</h1>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>plain text</p>");
  });
});

describe("multiplexing on one connection", () => {
  const lab = makeLab({
    conf: MOD_FASTCGI_CONF,
    runner,
    setup: (fs) => {
      writeScript(fs, "/var/www/cgi-bin/mpx.fcgi", MULTIPLEX_APP);
      writeScript(fs, "/var/www/cgi-bin/nompx.fcgi", NON_MULTIPLEX_APP);
    },
  });
  afterAll(() => lab.stop());

  it("a multiplexing application answers ids 1..n interleaved, and the capture shows it", async () => {
    const r = await lab.module.multiplexDemo({ script: "/var/www/cgi-bin/mpx.fcgi" }, ["/a", "/b", "/c"]);
    if (!r.ok) throw new Error(r.error);
    expect(r.interleaved).toBe(true);
    expect(r.refused).toEqual([]);
    expect(r.order.slice(0, 3)).toEqual([1, 2, 3]);
    for (const o of r.outcomes) {
      expect(o.stop).toBe("end-request");
      expect(new TextDecoder().decode(o.stdout)).toContain(`request ${o.requestId} part 2`);
    }
    // BEGIN_REQUESTs carry KEEP_CONN and ids 1, 2, 3.
    const begins = r.capture.records.filter((x) => x.direction === "to-app" && x.bytes[1] === RecordType.BEGIN_REQUEST);
    expect(begins.map((b) => b.bytes[3])).toEqual([1, 2, 3]);
    expect(begins.every((b) => b.bytes[10] === 1)).toBe(true);
  });

  it("an application that cannot multiplex answers CANT_MPX_CONN to the second and third request", async () => {
    const r = await lab.module.multiplexDemo({ script: "/var/www/cgi-bin/nompx.fcgi" }, ["/a", "/b", "/c"]);
    if (!r.ok) throw new Error(r.error);
    expect(r.refused).toEqual([2, 3]);
    expect(new TextDecoder().decode(r.outcomes[0]!.stdout)).toContain("request 1 part 0");
    const cant = r.capture.records.find((x) => x.direction === "from-app" && x.bytes[1] === RecordType.END_REQUEST && x.bytes[3] === 2)!;
    expect(Array.from(cant.bytes)).toEqual([1, 3, 0, 2, 0, 8, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  });
});

describe("mod_fcgid (AddHandler fcgid-script .fcgi)", () => {
  const lab = makeLab({
    conf: MOD_FCGID_CONF,
    runner,
    setup: (fs) => {
      fs.mkdir("/var/www/fcgid", { recursive: true });
      writeScript(fs, "/var/www/fcgid/counter.fcgi", COUNTER_APP);
      writeScript(fs, "/var/www/fcgid/stderr.fcgi", STDERR_APP);
      writeScript(fs, "/var/www/fcgid/norun.fcgi", ARTICLE_FLUP_APP_NO_RUN);
    },
  });
  afterAll(() => lab.stop());

  it("serves through a persistent process; forces HTTP_CONNECTION=close; MOD_FCGID framing", async () => {
    const a = await lab.request("/fcgid/counter.fcgi", { headers: [["Connection", "keep-alive"], ["TE", "trailers"]] });
    const b = await lab.request("/fcgid/counter.fcgi");
    expect(a.body).toMatch(/hits=1/);
    expect(b.body).toMatch(/hits=2/);
    const env = new Map(a.fastcgi[0]!.env);
    expect(env.get("HTTP_CONNECTION")).toBe("close");
    expect(env.has("HTTP_TE")).toBe(false);
    // All params in one PARAMS record, then the empty one.
    const params = a.fastcgi[0]!.records.filter((r) => r.direction === "to-app" && r.bytes[1] === RecordType.PARAMS);
    expect(params.length).toBe(2);
  });

  it("logs stderr as warn 'mod_fcgid: stderr:' without a client field", async () => {
    const res = await lab.request("/fcgid/stderr.fcgi");
    expect(res.log).toContain("[fcgid:warn] [pid 1190] mod_fcgid: stderr: stderr line one");
  });

  it("the listing without run(): 500, error reading data, End of script output before headers", async () => {
    const res = await lab.request("/fcgid/norun.fcgi");
    expect(res.status).toBe(500);
    expect(res.log).toContain("[fcgid:warn] [pid 1190] (104)Connection reset by peer: [client 127.0.0.1:54321] mod_fcgid: error reading data from FastCGI server");
    expect(res.log).toContain("[core:error] [pid 1190] [client 127.0.0.1:54321] End of script output before headers: norun.fcgi");
  });

  it("without ExecCGI: a silent 403", async () => {
    const lab2 = makeLab({ conf: MOD_FCGID_CONF.replace("Options +ExecCGI", "Options None"), runner, setup: (fs) => { fs.mkdir("/var/www/fcgid", { recursive: true }); writeScript(fs, "/var/www/fcgid/c.fcgi", COUNTER_APP); } });
    const res = await lab2.request("/fcgid/c.fcgi");
    expect(res.status).toBe(403);
    expect(res.log).toEqual([]);
    lab2.stop();
  });
});

describe("mod_proxy_fcgi and the emulated network", () => {
  const lab = makeLab({
    conf: PROXY_FCGI_CONF("appserver:9000", "/app/") + PROXY_FCGI_CONF("127.0.0.1:9000", "/local/").split("\n").slice(2).join("\n") + MOD_FASTCGI_CONF + FASTCGI_EXTERNAL_CONF("/var/www/html/remote.fcgi", "appserver:9000"),
    runner,
    setup: (fs) => {
      fs.mkdir("/srv/appserver", { recursive: true });
      writeScript(fs, "/srv/appserver/app.fcgi", APPSERVER_APP);
    },
  });
  afterAll(() => lab.stop());

  it("503 when nothing listens, with AH00957 and AH01079", async () => {
    const res = await lab.request("/local/x");
    expect(res.status).toBe(503);
    expect(res.log).toContain("[proxy:error] [pid 1190] (111)Connection refused: AH00957: FCGI: attempt to connect to 127.0.0.1:9000 (127.0.0.1) failed");
    expect(res.log).toContain("[proxy_fcgi:error] [pid 1190] [client 127.0.0.1:54321] AH01079: failed to make connection to backend: 127.0.0.1");
  });

  it("reaches an application started on appserver:9000 (the article's distributed computing)", async () => {
    const app = startNetworkApp(lab.module, { address: "appserver:9000", script: "/srv/appserver/app.fcgi" });
    expect(await app.ready).toBe("serving");
    const res = await lab.request("/app/hello?x=1");
    expect(res.status).toBe(200);
    expect(res.body).toContain("served by the application server for /app/hello?x=1 (SCRIPT_FILENAME=proxy:fcgi://appserver:9000/hello)");
    const env = new Map(res.fastcgi[0]!.env);
    expect(env.get("SCRIPT_NAME")).toBe("/app/hello");
    expect(env.has("PATH_INFO")).toBe(false);
    expect(env.get("CONTEXT_PREFIX")).toBe("");
    // APACHE_PROXY_FCGI framing: padding 0 everywhere.
    expect(res.fastcgi[0]!.records.filter((r) => r.direction === "to-app").every((r) => r.bytes[6] === 0)).toBe(true);
    // The same application through mod_fastcgi's FastCgiExternalServer.
    const ext = await lab.request("/remote.fcgi");
    expect(ext.status).toBe(200);
    expect(ext.body).toContain("served by the application server for /remote.fcgi (SCRIPT_FILENAME=/var/www/html/remote.fcgi)");
    // It lives on another host: an httpd restart does not stop it.
    lab.restart();
    expect((await lab.request("/app/again")).status).toBe(200);
    // A chunked body is read whole first: CONTENT_LENGTH set, Transfer-Encoding dropped (live Apache capture).
    const chunked = await lab.request("/app/post", { method: "POST", headers: [["Content-Type", "application/x-www-form-urlencoded"], ["Transfer-Encoding", "chunked"]], body: "name=Ada" });
    const penv = new Map(chunked.fastcgi[0]!.env);
    expect(penv.get("CONTENT_LENGTH")).toBe("8");
    expect(penv.has("HTTP_TRANSFER_ENCODING")).toBe(false);
    app.stop();
  });
});
