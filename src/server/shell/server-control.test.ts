import { describe, expect, it } from "vitest";
import { FakeHttpd, terminal, text } from "./test-support.ts";

const ok = () => ({ status: 200, reason: "OK", headers: [], body: text("ok") });

describe("apachectl and httpd -t", () => {
  it("configtest prints Syntax OK on the default config", async () => {
    const t = terminal();
    expect(await t.run("apachectl configtest")).toMatchObject({ output: "Syntax OK\n", exitCode: 0 });
    expect(await t.out("httpd -t")).toBe("Syntax OK\n");
  });

  it("prints Apache's AH00526 after httpd.conf is broken with echo >>", async () => {
    const t = terminal({ cwd: "/etc/httpd/conf" });
    await t.run("echo 'Bogus directive' >> httpd.conf");
    const r = await t.run("apachectl configtest");
    const line = t.fs.readText("/etc/httpd/conf/httpd.conf").split("\n").indexOf("Bogus directive") + 1;
    expect(r.output).toBe(
      `AH00526: Syntax error on line ${line} of /etc/httpd/conf/httpd.conf:\n` +
        "Invalid command 'Bogus', perhaps misspelled or defined by a module not included in the server configuration\n",
    );
    expect(r.exitCode).toBe(1);
  });

  it("passes restart, graceful, start, stop and status to the server and prints what it says", async () => {
    const httpd = new FakeHttpd(ok);
    const t = terminal({ httpd });
    await t.run("apachectl restart && apachectl graceful && apachectl -k stop");
    expect(httpd.commands).toEqual(["restart", "graceful", "stop"]);
    expect(await t.out("apachectl status")).toBe("httpd is not running\n");
    expect(await t.run("apachectl frobnicate")).toMatchObject({ exitCode: 1 });
  });

  it("httpd -M lists the loaded modules; -v the version", async () => {
    const t = terminal();
    const out = await t.out("httpd -M");
    expect(out.split("\n")[0]).toBe("Loaded Modules:");
    expect(out).toContain(" cgi_module (shared)\n");
    expect(out).not.toContain("fastcgi_module");
    expect(await t.out("httpd -v")).toMatch(/^Server version: Apache\/2\.4\.71 \(Fedora Linux\)\n/);
  });
});

describe("systemctl", () => {
  it("restart and status of a healthy httpd", async () => {
    const httpd = new FakeHttpd(ok);
    const t = terminal({ httpd });
    expect(await t.run("systemctl restart httpd")).toMatchObject({ output: "", exitCode: 0 });
    const status = await t.run("systemctl status httpd.service");
    expect(status.output).toMatch(/^\u25cf httpd\.service - The Apache HTTP Server\n/);
    expect(status.output).toContain("     Active: active (running)\n");
    expect(status.output).toContain("   Main PID: 1194 (httpd)\n");
    expect(await t.out("systemctl is-active httpd")).toBe("active\n");
  });

  it("a broken config makes restart fail and takes the site down, as systemd does", async () => {
    const t0 = terminal();
    const httpd = new FakeHttpd(ok, t0.fs);
    const t = terminal({ fs: t0.fs, httpd });
    await t.run("echo 'Bogus directive' >> /etc/httpd/conf/httpd.conf");
    const r = await t.run("systemctl restart httpd");
    expect(r.output).toBe('Job for httpd.service failed because the control process exited with error code.\nSee "systemctl status httpd.service" and "journalctl -xeu httpd.service" for details.\n');
    expect(r.exitCode).toBe(1);
    expect(httpd.running).toBe(false);
    const status = await t.run("systemctl status httpd");
    expect(status.exitCode).toBe(3);
    expect(status.output).toContain("     Active: failed (Result: exit-code)\n");
    expect(status.output).toMatch(/localhost httpd\[\d+\]: AH00526: Syntax error on line \d+ of \/etc\/httpd\/conf\/httpd.conf:/);
  });

  it("answers an unknown unit and verb as systemctl does", async () => {
    const t = terminal();
    expect(await t.run("systemctl status nginx")).toMatchObject({ output: "Unit nginx.service could not be found.\n", exitCode: 4 });
    expect(await t.run("systemctl restart nginx")).toMatchObject({ output: "Failed to restart nginx.service: Unit nginx.service not found.\n", exitCode: 5 });
    expect(await t.out("systemctl frob httpd")).toBe("Unknown command verb 'frob'.\n");
  });
});
