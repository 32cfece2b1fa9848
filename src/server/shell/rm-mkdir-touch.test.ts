import { describe, expect, it } from "vitest";
import { createDefaultFs } from "../default-workspace/index.ts";
import { T0, terminal } from "./test-support.ts";

describe("rm", () => {
  it("removes files, -r trees, and -f is quiet about missing ones", async () => {
    const t = terminal();
    expect((await t.run("rm hello.py")).exitCode).toBe(0);
    expect(t.fs.exists("/var/www/cgi-bin/hello.py")).toBe(false);
    await t.run("mkdir -p /tmp/a/b && touch /tmp/a/b/c");
    expect(await t.out("rm -rv /tmp/a")).toBe("removed '/tmp/a/b/c'\nremoved directory '/tmp/a/b'\nremoved directory '/tmp/a'\n");
    expect(await t.run("rm -f nothing")).toMatchObject({ output: "", exitCode: 0 });
  });

  it("reports rm's errors", async () => {
    const t = terminal();
    expect(await t.run("rm x.py")).toMatchObject({ output: "rm: cannot remove 'x.py': No such file or directory\n", exitCode: 1 });
    expect(await t.out("rm /tmp")).toBe("rm: cannot remove '/tmp': Is a directory\n");
    expect(await t.out("rm -rf /")).toBe("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
    expect(await t.out("rm")).toBe("rm: missing operand\nTry 'rm --help' for more information.\n");
  });
});

describe("mkdir", () => {
  it("makes directories labelled like their parent, -p for the whole path", async () => {
    const t = terminal();
    await t.run("mkdir app");
    expect(t.fs.stat("/var/www/cgi-bin/app")).toMatchObject({ type: "dir", mode: 0o755, label: "unconfined_u:object_r:httpd_sys_script_exec_t:s0" });
    expect(await t.out("mkdir -pv /srv/fcgi/app")).toBe("mkdir: created directory '/srv'\nmkdir: created directory '/srv/fcgi'\nmkdir: created directory '/srv/fcgi/app'\n");
    expect((await t.run("mkdir -p /srv/fcgi")).exitCode).toBe(0);
  });

  it("reports mkdir's errors with its curly quotes", async () => {
    const t = terminal();
    expect(await t.run("mkdir /tmp")).toMatchObject({ output: "mkdir: cannot create directory \u2018/tmp\u2019: File exists\n", exitCode: 1 });
    expect(await t.out("mkdir a/b")).toBe("mkdir: cannot create directory \u2018a/b\u2019: No such file or directory\n");
  });
});

describe("touch", () => {
  it("creates an empty file with mode 644, or updates the time", async () => {
    const t = terminal({ fs: createDefaultFs({ now: () => Date.UTC(2025, 10, 20, 8, 15) }) });
    t.fs.now = () => T0;
    await t.run("touch new.py");
    expect(t.fs.stat("/var/www/cgi-bin/new.py")).toMatchObject({ size: 0, mode: 0o644, label: "unconfined_u:object_r:httpd_sys_script_exec_t:s0" });
    expect(await t.out("ls -l env.py")).toContain("Nov 20 08:15 env.py");
    await t.run("touch env.py");
    expect(await t.out("ls -l env.py")).toContain("Nov 25 10:00 env.py");
  });

  it("reports a missing directory", async () => {
    const t = terminal();
    expect(await t.run("touch no/x")).toMatchObject({ output: "touch: cannot touch 'no/x': No such file or directory\n", exitCode: 1 });
  });
});
