import { describe, expect, it } from "vitest";
import { terminal } from "./test-support.ts";

describe("wget", () => {
  it("cannot reach the network, and says where the tarball is", async () => {
    const t = terminal({ cwd: "/root" });
    t.fs.writeFile("/root/mod_fastcgi-2.4.2.tar.gz", "stand-in");
    const r = await t.run("wget http://www.fastcgi.com/dist/mod_fastcgi-2.4.2.tar.gz");
    expect(r.exitCode).toBe(4);
    expect(r.output).toContain("Resolving www.fastcgi.com (www.fastcgi.com)... failed: Name or service not known.\nwget: unable to resolve host address \u2018www.fastcgi.com\u2019\n");
    expect(r.output).toContain("already here: /root/mod_fastcgi-2.4.2.tar.gz");
    expect(t.fs.list("/root")).toEqual(["mod_fastcgi-2.4.2.tar.gz"]);
  });

  it("without a URL prints wget's usage", async () => {
    const t = terminal();
    expect(await t.run("wget")).toMatchObject({ exitCode: 1, output: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n" });
  });
});

describe("tar", () => {
  it("-zxvf unpacks mod_fastcgi into /root/mod_fastcgi-2.4.2/, listing each file", async () => {
    const t = terminal({ cwd: "/root" });
    t.fs.writeFile("/root/mod_fastcgi-2.4.2.tar.gz", "stand-in");
    const r = await t.run("tar -zxvf mod_fastcgi-2.4.2.tar.gz");
    expect(r.exitCode).toBe(0);
    expect(r.output.split("\n")[0]).toBe("mod_fastcgi-2.4.2/");
    expect(r.output).toContain("mod_fastcgi-2.4.2/Makefile.AP2\n");
    for (const f of ["Makefile.AP2", "mod_fastcgi.c", "fcgi_pm.c", "modules.mk", "INSTALL.AP2"]) expect(t.fs.exists(`/root/mod_fastcgi-2.4.2/${f}`)).toBe(true);
    expect(t.fs.readText("/root/mod_fastcgi-2.4.2/Makefile.AP2")).toContain("top_dir      = /usr/local/apache2");
    expect(await t.out("ls -ld mod_fastcgi-2.4.2")).toBe("drwxr-xr-x. 3 root root 4096 Nov 24  2003 mod_fastcgi-2.4.2\n");
    expect(await t.out("ls -Z mod_fastcgi-2.4.2/mod_fastcgi.c")).toBe("unconfined_u:object_r:admin_home_t:s0 mod_fastcgi-2.4.2/mod_fastcgi.c\n");
  });

  it("takes the old spelling and -C", async () => {
    const t = terminal();
    t.fs.writeFile("/root/mod_fastcgi-2.4.2.tar.gz", "stand-in");
    expect(await t.run("tar zxf /root/mod_fastcgi-2.4.2.tar.gz -C /tmp")).toMatchObject({ output: "", exitCode: 0 });
    expect(t.fs.exists("/tmp/mod_fastcgi-2.4.2/mod_fastcgi.c")).toBe(true);
  });

  it("fails as tar does when the archive is missing", async () => {
    const t = terminal({ cwd: "/root" });
    expect(await t.run("tar -zxvf mod_fastcgi-2.4.2.tar.gz")).toMatchObject({
      output: "tar (child): mod_fastcgi-2.4.2.tar.gz: Cannot open: No such file or directory\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\ntar: Error is not recoverable: exiting now\n",
      exitCode: 2,
    });
    expect(t.fs.exists("/root/mod_fastcgi-2.4.2")).toBe(false);
  });
});
