/**
 * mod_fastcgi end to end with the real flup-compat package in Pyodide: the
 * article's program, a persistent process, restart, the unfixed listing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { readAllRecords, RecordType } from "../../protocol/fastcgi/index.ts";
import { ARTICLE_FLUP_APP, ARTICLE_FLUP_APP_NO_RUN, COUNTER_APP, FASTCGI_SERVER_CONF, MOD_FASTCGI_CONF, STDERR_APP, writeScript } from "./examples.ts";
import { makeLab } from "./testing/harness.ts";
import { createPyodideConnectionRunner } from "./testing/pyodide-connection-runner.ts";

const runner = createPyodideConnectionRunner();

describe("mod_fastcgi (AddHandler fastcgi-script .fcgi)", () => {
  const lab = makeLab({
    conf: MOD_FASTCGI_CONF,
    runner,
    setup: (fs) => {
      writeScript(fs, "/var/www/cgi-bin/env.fcgi", ARTICLE_FLUP_APP);
      writeScript(fs, "/var/www/cgi-bin/counter.fcgi", COUNTER_APP);
      writeScript(fs, "/var/www/cgi-bin/norun.fcgi", ARTICLE_FLUP_APP_NO_RUN);
      writeScript(fs, "/var/www/cgi-bin/stderr.fcgi", STDERR_APP);
    },
  });
  afterAll(() => lab.stop());

  it("runs the article's flup program (Python 3 fixes) and prints its environment table", async () => {
    const res = await lab.request("/cgi-bin/env.fcgi?a=1");
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.body).toContain("<h1>FastCGI Environment</h1>");
    expect(res.body).toContain("<tr><th>SCRIPT_FILENAME</th><td>/var/www/cgi-bin/env.fcgi</td></tr>");
    expect(res.body).toContain("<tr><th>QUERY_STRING</th><td>a=1</td></tr>");
    expect(res.body).toContain("<tr><th>wsgi.multithread</th>");
    // The process manager started a dynamic server, logged as mod_fastcgi does.
    expect(res.log.join("\n")).toMatch(/\[fastcgi:warn\] \[pid \d+\] FastCGI: \(dynamic\) server "\/var\/www\/cgi-bin\/env.fcgi" started \(pid \d+\)/);
    // Capture: every record, both directions, exact bytes; mod_fastcgi framing.
    const cap = res.fastcgi[0]!;
    expect(cap.module).toBe("fastcgi");
    expect(cap.startedProcess).toBe(true);
    expect(cap.pid).toBeGreaterThan(0);
    expect(cap.env.find(([k]) => k === "REQUEST_URI")?.[1]).toBe("/cgi-bin/env.fcgi?a=1");
    const toApp = cap.records.filter((r) => r.direction === "to-app");
    const fromApp = cap.records.filter((r) => r.direction === "from-app");
    expect(Array.from(toApp[0]!.bytes)).toEqual([1, 1, 0, 1, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    // One PARAMS record per pair, padding 0 (mod_fastcgi's queue_env).
    const params = toApp.filter((r) => r.bytes[1] === RecordType.PARAMS);
    expect(params.length).toBe(cap.env.length + 1);
    expect(params.every((r) => r.bytes[6] === 0)).toBe(true);
    // flup pads to 8; the last record is END_REQUEST{0, REQUEST_COMPLETE}.
    expect(fromApp.every((r) => r.bytes.length % 8 === 0)).toBe(true);
    expect(Array.from(fromApp[fromApp.length - 1]!.bytes)).toEqual([1, 3, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (const r of cap.records) expect(readAllRecords(r.bytes).records.length).toBe(1);
  });

  it("keeps the process between requests: a module-level counter counts up, and resets after apachectl restart", async () => {
    const a = await lab.request("/cgi-bin/counter.fcgi");
    const b = await lab.request("/cgi-bin/counter.fcgi");
    const c = await lab.request("/cgi-bin/counter.fcgi");
    expect([a.body, b.body, c.body].map((x) => /hits=(\d+)/.exec(x)?.[1])).toEqual(["1", "2", "3"]);
    expect(a.fastcgi[0]!.startedProcess).toBe(true);
    expect(b.fastcgi[0]!.startedProcess).toBe(false);
    expect(b.fastcgi[0]!.pid).toBe(a.fastcgi[0]!.pid);
    lab.restart();
    const d = await lab.request("/cgi-bin/counter.fcgi");
    expect(/hits=(\d+)/.exec(d.body)?.[1]).toBe("1");
    expect(d.fastcgi[0]!.pid).not.toBe(a.fastcgi[0]!.pid);
    expect(lab.errorLog.join("\n")).toMatch(/FastCGI: process manager initialized \(pid \d+\)/);
  });

  it("logs the application's STDERR records as mod_fastcgi does", async () => {
    const res = await lab.request("/cgi-bin/stderr.fcgi");
    expect(res.status).toBe(200);
    expect(res.log).toContain('[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: server "/var/www/cgi-bin/stderr.fcgi" stderr: stderr line one');
    expect(res.log).toContain('[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: server "/var/www/cgi-bin/stderr.fcgi" stderr: stderr line two');
  });

  it("the listing as printed (no WSGIServer(app).run()): the server exits, is restarted, and the request fails with 500", async () => {
    const res = await lab.request("/cgi-bin/norun.fcgi");
    expect(res.status).toBe(500);
    const log = res.log.join("\n");
    expect(log).toMatch(/FastCGI: \(dynamic\) server "\/var\/www\/cgi-bin\/norun.fcgi" started \(pid (\d+)\)/);
    expect(log).toMatch(/FastCGI: \(dynamic\) server "\/var\/www\/cgi-bin\/norun.fcgi" \(pid \d+\) terminated by calling exit with status '0'/);
    expect(log).toMatch(/FastCGI: \(dynamic\) server "\/var\/www\/cgi-bin\/norun.fcgi" restarted \(pid \d+\)/);
    expect(res.log).toContain('[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: comm with (dynamic) server "/var/www/cgi-bin/norun.fcgi" aborted: (first read) idle timeout (30 sec)');
    expect(res.log).toContain('[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: incomplete headers (0 bytes) received from server "/var/www/cgi-bin/norun.fcgi"');
    expect(res.fastcgi[0]!.records).toEqual([]);
  });

  it("refuses a dynamic application without ExecCGI outside ScriptAlias", async () => {
    const lab2 = makeLab({ conf: MOD_FASTCGI_CONF, runner, setup: (fs) => writeScript(fs, "/var/www/html/x.fcgi", COUNTER_APP) });
    const res = await lab2.request("/x.fcgi");
    expect(res.status).toBe(403);
    expect(res.log).toContain('[fastcgi:error] [pid 1190] [client 127.0.0.1:54321] FastCGI: "ExecCGI Option" is off in this directory: /x.fcgi');
    lab2.stop();
  });
});

describe("FastCgiServer (static application, started with httpd)", () => {
  it("starts at httpd start, serves, and is restarted by the process manager when it dies", async () => {
    const lab = makeLab({
      conf: MOD_FASTCGI_CONF + FASTCGI_SERVER_CONF("/var/www/cgi-bin/static.fcgi"),
      runner,
      setup: (fs) => writeScript(fs, "/var/www/cgi-bin/static.fcgi", COUNTER_APP),
    });
    expect(lab.errorLog.join("\n")).toMatch(/FastCGI: server "\/var\/www\/cgi-bin\/static.fcgi" started \(pid \d+\)/);
    const a = await lab.request("/cgi-bin/static.fcgi");
    expect(a.status).toBe(200);
    expect(a.fastcgi[0]!.startedProcess).toBe(false);
    const inst = lab.module.pm.classes.get("fastcgi:/var/www/cgi-bin/static.fcgi")!.instances[0]!;
    inst.proc!.kill("test: crash");
    await inst.exited;
    expect(lab.errorLog.join("\n")).toMatch(/FastCGI: server "\/var\/www\/cgi-bin\/static.fcgi" \(pid \d+\) terminated due to uncaught signal '9' \(Killed\)/);
    expect(lab.errorLog.join("\n")).toMatch(/FastCGI: server "\/var\/www\/cgi-bin\/static.fcgi" restarted \(pid \d+\)/);
    const b = await lab.request("/cgi-bin/static.fcgi");
    expect(b.body).toMatch(/hits=1/);
    lab.stop();
  });
});
