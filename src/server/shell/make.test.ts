import { describe, expect, it } from "vitest";
import { moduleByName, moduleFileContent } from "../config/modules.ts";
import { terminal } from "./test-support.ts";

/** /root/mod_fastcgi-2.4.2 unpacked, with the shell in it. */
async function unpacked() {
  const t = terminal({ cwd: "/root" });
  t.fs.writeFile("/root/mod_fastcgi-2.4.2.tar.gz", "stand-in");
  await t.run("tar -zxf mod_fastcgi-2.4.2.tar.gz && cd mod_fastcgi-2.4.2");
  return t;
}

const editMakefile = (t: Awaited<ReturnType<typeof unpacked>>, from: RegExp, to: string) => {
  const p = "/root/mod_fastcgi-2.4.2/Makefile";
  t.fs.writeFile(p, t.fs.readText(p).replace(from, to));
};

describe("make", () => {
  it("stops when there is no makefile, as make does", async () => {
    const t = await unpacked();
    expect(await t.run("make")).toMatchObject({ output: "make: *** No targets specified and no makefile found.  Stop.\n", exitCode: 2 });
    expect(await t.out("make install")).toBe("make: *** No rule to make target 'install'.  Stop.\n");
  });

  it("needs top_dir to point at Fedora's Apache build files", async () => {
    const t = await unpacked();
    await t.run("mv Makefile.AP2 Makefile");
    const r = await t.run("make");
    expect(r.exitCode).toBe(2);
    expect(r.output).toMatch(/^Makefile:\d+: \/usr\/local\/apache2\/build\/special\.mk: No such file or directory\nmake: \*\*\* No rule to make target '\/usr\/local\/apache2\/build\/special\.mk'\.  Stop\.\n\(On Fedora/);
  });

  it("compiles with top_dir set, then has nothing to do", async () => {
    const t = await unpacked();
    await t.run("mv Makefile.AP2 Makefile");
    editMakefile(t, /top_dir\s*=.*/, "top_dir = /usr/lib64/httpd");
    const r = await t.run("make");
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("--mode=compile gcc");
    expect(r.output).toContain("-c mod_fastcgi.c && touch mod_fastcgi.slo\n");
    expect(r.output).toContain("--mode=link gcc");
    expect(t.fs.exists("/root/mod_fastcgi-2.4.2/.libs/mod_fastcgi.so")).toBe(true);
    expect(await t.out("make")).toBe("make: Nothing to be done for 'all'.\n");
  });

  it("make install needs the install-modules-yes target, then installs mod_fastcgi.so", async () => {
    const t = await unpacked();
    await t.run("mv Makefile.AP2 Makefile");
    const fail = await t.run("make top_dir=/usr/lib64/httpd install");
    expect(fail.output).toMatch(/^make: \*\*\* No rule to make target 'install-modules', needed by 'install'\.  Stop\.\n/);
    expect(fail.exitCode).toBe(2);
    editMakefile(t, /install: install-modules$/m, "install: install-modules-yes");
    const r = await t.run("make top_dir=/usr/lib64/httpd install");
    expect(r.exitCode).toBe(0);
    expect(r.output).toContain("libtool: install: install .libs/mod_fastcgi.so /usr/lib64/httpd/modules/mod_fastcgi.so\n");
    const so = "/usr/lib64/httpd/modules/mod_fastcgi.so";
    expect(t.fs.readText(so)).toBe(moduleFileContent(moduleByName("fastcgi_module")!));
    expect(t.fs.stat(so)).toMatchObject({ mode: 0o755, label: "unconfined_u:object_r:httpd_modules_t:s0" });
  });
});
