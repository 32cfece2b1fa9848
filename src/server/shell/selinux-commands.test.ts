import { describe, expect, it } from "vitest";
import { FakeHttpd, terminal } from "./test-support.ts";

describe("getenforce and setenforce", () => {
  it("setenforce 0 then getenforce prints Permissive, and the server sees it", async () => {
    const httpd = new FakeHttpd(() => ({ status: 200, reason: "OK", headers: [], body: new Uint8Array() }));
    const t = terminal({ httpd });
    expect(await t.out("getenforce")).toBe("Enforcing\n");
    await t.run("setenforce 0");
    expect(await t.out("getenforce")).toBe("Permissive\n");
    expect(httpd.selinuxEnforcing).toBe(false);
    await t.run("setenforce Enforcing");
    expect(httpd.selinuxEnforcing).toBe(true);
  });

  it("prints the usage for anything else", async () => {
    const t = terminal();
    expect(await t.run("setenforce 2")).toMatchObject({ output: "usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n", exitCode: 1 });
    expect(await t.out("setenforce")).toBe("usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n");
  });

  it("sestatus shows the current mode", async () => {
    const t = terminal();
    await t.run("setenforce 0");
    expect(await t.out("sestatus")).toMatch(/^Current mode:\s+permissive$/m);
  });
});

describe("restorecon", () => {
  it("-v prints the relabel line and keeps the SELinux user", async () => {
    const t = terminal();
    await t.run("echo x > /root/test.py && mv /root/test.py .");
    expect(await t.out("restorecon -v test.py")).toBe(
      "Relabeled /var/www/cgi-bin/test.py from unconfined_u:object_r:admin_home_t:s0 to unconfined_u:object_r:httpd_sys_script_exec_t:s0\n",
    );
    expect(await t.out("restorecon -v test.py")).toBe("");
  });

  it("-R relabels a tree; -F resets the user too", async () => {
    const t = terminal();
    t.fs.setLabel("/var/www/cgi-bin/env.py", "unconfined_u:object_r:user_home_t:s0");
    t.fs.setLabel("/var/www/cgi-bin/form.py", "unconfined_u:object_r:tmp_t:s0");
    await t.run("restorecon -R /var/www");
    expect(t.fs.stat("/var/www/cgi-bin/env.py")!.label).toBe("unconfined_u:object_r:httpd_sys_script_exec_t:s0");
    await t.run("restorecon -F form.py");
    expect(t.fs.stat("/var/www/cgi-bin/form.py")!.label).toBe("system_u:object_r:httpd_sys_script_exec_t:s0");
  });

  it("reports a missing file", async () => {
    const t = terminal();
    expect(await t.run("restorecon -v x.py")).toMatchObject({ output: "restorecon: lstat(/var/www/cgi-bin/x.py) failed: No such file or directory\n", exitCode: 255 });
  });
});

describe("chcon and matchpathcon", () => {
  it("chcon -t changes the type; a full context replaces the label", async () => {
    const t = terminal();
    await t.run("chcon -t httpd_sys_content_t hello.py");
    expect(await t.out("ls -Z hello.py")).toBe("system_u:object_r:httpd_sys_content_t:s0 hello.py\n");
    await t.run("chcon unconfined_u:object_r:httpd_sys_script_exec_t:s0 hello.py");
    expect(t.fs.stat("/var/www/cgi-bin/hello.py")!.label).toBe("unconfined_u:object_r:httpd_sys_script_exec_t:s0");
  });

  it("chcon refuses an unknown type and a missing file", async () => {
    const t = terminal();
    expect(await t.run("chcon -t nonsense_t hello.py")).toMatchObject({
      output: "chcon: failed to change context of 'hello.py' to \u2018system_u:object_r:nonsense_t:s0\u2019: Invalid argument\n",
      exitCode: 1,
    });
    expect(await t.out("chcon -t httpd_sys_content_t x.py")).toBe("chcon: cannot access 'x.py': No such file or directory\n");
  });

  it("matchpathcon prints the policy's label for a path; -V verifies it", async () => {
    const t = terminal();
    expect(await t.out("matchpathcon /var/www/cgi-bin/test.py")).toBe("/var/www/cgi-bin/test.py\tsystem_u:object_r:httpd_sys_script_exec_t:s0\n");
    t.fs.setLabel("/var/www/cgi-bin/hello.py", "unconfined_u:object_r:admin_home_t:s0");
    expect(await t.run("matchpathcon -V hello.py")).toMatchObject({
      output: "/var/www/cgi-bin/hello.py has context unconfined_u:object_r:admin_home_t:s0, should be system_u:object_r:httpd_sys_script_exec_t:s0\n",
      exitCode: 1,
    });
    expect(await t.out("matchpathcon")).toMatch(/^usage:  matchpathcon/);
  });
});

describe("ausearch", () => {
  it("lists AVC denials from audit.log, or says there are none", async () => {
    const t = terminal();
    expect(await t.run("ausearch -m avc")).toMatchObject({ output: "<no matches>\n", exitCode: 1 });
    t.fs.writeFile("/var/log/audit/audit.log", 'type=AVC msg=audit(1764064800.000:1001): avc:  denied  { execute } for  pid=1190 comm="httpd" name="t.py"\n');
    expect(await t.out("ausearch -m avc")).toBe(
      '----\ntime->Tue Nov 25 10:00:00 2025\ntype=AVC msg=audit(1764064800.000:1001): avc:  denied  { execute } for  pid=1190 comm="httpd" name="t.py"\n',
    );
  });
});
