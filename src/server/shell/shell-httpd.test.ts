/**
 * The shell against the real emulated server (default Fedora config), with
 * a fake ProcessRunner standing in for Python: CGI scripts "print" a fixed
 * response.
 */
import { describe, expect, it } from "vitest";
import type { ProcessResult, ProcessRunner, ProcessSpec, RunningProcess, StreamChunk } from "../../runtime/process.ts";
import { createDefaultFs } from "../default-workspace/index.ts";
import { Httpd, SERVER_SOFTWARE } from "../httpd.ts";
import { SERVER_VERSION } from "./server-control.ts";
import { T0, terminal } from "./test-support.ts";

/** Every script writes the same CGI response and exits 0. */
class FakeRunner implements ProcessRunner {
  specs: ProcessSpec[] = [];
  spawn(spec: ProcessSpec): RunningProcess {
    this.specs.push(spec);
    const chunk: StreamChunk = { stream: "stdout", bytes: new TextEncoder().encode("Content-Type: text/plain\r\n\r\nfrom the fake runner\n"), t: 0 };
    const result: ProcessResult = { end: { kind: "exit", code: 0 }, chunks: [chunk], fileChanges: [], startedAt: 0, durationMs: 1, warmStart: true };
    return { onChunk: (l) => l(chunk), result: Promise.resolve(result), kill: () => {} };
  }
  async dispose(): Promise<void> {}
}

function machine() {
  const fs = createDefaultFs({ now: () => T0 });
  const runner = new FakeRunner();
  const httpd = new Httpd({ fs, runner, clock: () => T0 });
  return { fs, httpd, runner, t: terminal({ fs, httpd }) };
}

describe("shell + Httpd", () => {
  it("curl -i /index.html prints Apache's status line, headers, blank line and the file", async () => {
    const { t, fs } = machine();
    const r = await t.run("curl -i http://localhost/index.html");
    expect(r.exitCode).toBe(0);
    const [head, body] = r.output.split("\n\n", 2) as [string, string];
    expect(head.split("\n")[0]).toBe("HTTP/1.1 200 OK");
    expect(head).toContain(`\nServer: ${SERVER_SOFTWARE}`);
    expect(head).toContain("\nContent-Type: text/html");
    expect(r.output.slice(head.length + 2)).toBe(fs.readText("/var/www/html/index.html"));
    expect(body.length).toBeGreaterThan(0);
  });

  it("curl on a missing page shows Apache's 404 page; with -i its status line", async () => {
    const { t } = machine();
    const r = await t.run("curl http://localhost/nope.html");
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("<title>404 Not Found</title>");
    expect((await t.out("curl -i localhost/nope.html")).split("\n")[0]).toBe("HTTP/1.1 404 Not Found");
  });

  it("curl runs a CGI script through the server", async () => {
    const { t, runner } = machine();
    expect(await t.out("curl -s localhost/cgi-bin/hello.py?x=1")).toBe("from the fake runner\n");
    expect(runner.specs[0]!.env).toContainEqual(["HTTP_USER_AGENT", "curl/8.9.1"]);
    expect(runner.specs[0]!.env).toContainEqual(["REMOTE_ADDR", "127.0.0.1"]);
  });

  it("apachectl configtest: Syntax OK, then AH00526 after breaking httpd.conf; restart keeps the old server", async () => {
    const { t } = machine();
    expect(await t.out("apachectl configtest")).toBe("Syntax OK\n");
    await t.run("echo 'Bogus directive' >> /etc/httpd/conf/httpd.conf");
    const r = await t.run("apachectl configtest");
    expect(r.output).toMatch(/^AH00526: Syntax error on line \d+ of \/etc\/httpd\/conf\/httpd\.conf:\nInvalid command 'Bogus'/);
    expect(r.exitCode).toBe(1);
    expect((await t.run("apachectl restart")).exitCode).toBe(1);
    expect((await t.run("curl -s localhost/index.html")).exitCode).toBe(0);
  });

  it("systemctl restart with a broken config takes the site down; fixing it brings it back", async () => {
    const { t, fs } = machine();
    const conf = fs.readText("/etc/httpd/conf/httpd.conf");
    await t.run("echo 'Bogus directive' >> /etc/httpd/conf/httpd.conf");
    expect((await t.run("systemctl restart httpd")).exitCode).toBe(1);
    expect(await t.run("curl localhost/")).toMatchObject({ output: "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n", exitCode: 7 });
    fs.writeFile("/etc/httpd/conf/httpd.conf", conf);
    expect((await t.run("systemctl start httpd")).exitCode).toBe(0);
    expect((await t.out("systemctl status httpd")).split("\n")[2]).toBe("     Active: active (running)");
    expect((await t.run("curl -s localhost/")).exitCode).toBe(0);
  });

  it("apachectl stop, then curl cannot connect", async () => {
    const { t } = machine();
    await t.run("apachectl stop");
    expect(await t.run("curl -i localhost/index.html")).toMatchObject({ exitCode: 7 });
    expect(await t.out("apachectl status")).toBe("httpd is not running\n");
  });

  it("setenforce changes the server's SELinux mode", async () => {
    const { t, httpd } = machine();
    await t.run("setenforce 0");
    expect(httpd.selinuxEnforcing).toBe(false);
    expect(await t.out("getenforce")).toBe("Permissive\n");
  });

  it("the FastCGI build: make install, LoadModule, configtest", async () => {
    const { t, fs } = machine();
    fs.writeFile("/root/mod_fastcgi-2.4.2.tar.gz", "stand-in");
    await t.run("echo 'LoadModule fastcgi_module modules/mod_fastcgi.so' >> /etc/httpd/conf/httpd.conf");
    expect((await t.run("apachectl configtest")).exitCode).toBe(1);
    await t.run("cd /root && tar -zxvf mod_fastcgi-2.4.2.tar.gz && cd mod_fastcgi-2.4.2 && mv Makefile.AP2 Makefile");
    const mk = "/root/mod_fastcgi-2.4.2/Makefile";
    fs.writeFile(mk, fs.readText(mk).replace(/top_dir\s*=.*/, "top_dir = /usr/lib64/httpd").replace("install: install-modules\n", "install: install-modules-yes\n"));
    expect((await t.run("make && make install")).exitCode).toBe(0);
    expect(await t.out("apachectl configtest")).toBe("Syntax OK\n");
    expect(await t.out("httpd -M | grep fastcgi")).toBe(" fastcgi_module (shared)\n");
  });

  it("the version the shell prints is the server's", () => {
    expect(SERVER_VERSION).toBe(SERVER_SOFTWARE);
  });
});
