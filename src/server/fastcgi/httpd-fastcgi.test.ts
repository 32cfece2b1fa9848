/**
 * The FastCGI modules through the whole server: Httpd.handle() and
 * apachectl. Skipped while the server core cannot start (its protocol
 * imports were being rewritten when this was written); the same behaviour
 * is covered through the pipeline harness in the other test files.
 */
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../protocol/http-message.ts";
import type { ProcessRunner } from "../../runtime/process.ts";
import { createDefaultFs } from "../default-workspace/index.ts";
import { Httpd } from "../httpd.ts";
import { ARTICLE_FLUP_APP, COUNTER_APP, MOD_FASTCGI_CONF, PROXY_FCGI_CONF, appendHttpdConf, installModFastcgi, writeScript } from "./examples.ts";
import { fastcgiFor } from "./index.ts";
import { createPyodideConnectionRunner } from "./testing/pyodide-connection-runner.ts";

const get = (target: string): HttpRequest => ({
  method: "GET", target, version: "HTTP/1.1", headers: [["Host", "localhost"]], body: new Uint8Array(),
  remoteAddr: "127.0.0.1", remotePort: 50000, localAddr: "127.0.0.1", localPort: 80,
});

describe("FastCGI through Httpd", () => {
  it("serves the article's program, keeps the process, restarts it with apachectl restart, 503 from proxy_fcgi", async () => {
    const fs = createDefaultFs();
    installModFastcgi(fs);
    appendHttpdConf(fs, MOD_FASTCGI_CONF + PROXY_FCGI_CONF("127.0.0.1:9000", "/app/"));
    writeScript(fs, "/var/www/cgi-bin/env.fcgi", ARTICLE_FLUP_APP);
    writeScript(fs, "/var/www/cgi-bin/counter.fcgi", COUNTER_APP);
    const httpd = new Httpd({ fs, runner: null as unknown as ProcessRunner, connections: createPyodideConnectionRunner() });
    expect(fastcgiFor(httpd)).toBeDefined();

    const env = await httpd.handle(get("/cgi-bin/env.fcgi"));
    expect(env.response.status).toBe(200);
    expect(new TextDecoder().decode(env.response.body)).toContain("<h1>FastCGI Environment</h1>");
    expect(env.fastcgi?.[0]?.records.length).toBeGreaterThan(3);

    const hits = async () => /hits=(\d+)/.exec(new TextDecoder().decode((await httpd.handle(get("/cgi-bin/counter.fcgi"))).response.body))?.[1];
    expect([await hits(), await hits()]).toEqual(["1", "2"]);
    expect((await httpd.apachectl("restart")).ok).toBe(true);
    expect(await hits()).toBe("1");

    const proxied = await httpd.handle(get("/app/x"));
    expect(proxied.response.status).toBe(503);
    expect(proxied.errorLog.join("\n")).toContain("AH00957: FCGI: attempt to connect to 127.0.0.1:9000 (127.0.0.1) failed");
    await httpd.apachectl("stop");
  });
});
