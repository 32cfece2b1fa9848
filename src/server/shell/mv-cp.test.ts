import { describe, expect, it } from "vitest";
import { terminal } from "./test-support.ts";

describe("mv and cp: the SELinux label", () => {
  it("mv from /root keeps admin_home_t, cp gives the directory's httpd_sys_script_exec_t", async () => {
    const t = terminal();
    await t.run("echo 'print(1)' > /root/moved.py && echo 'print(2)' > /root/copied.py");
    await t.run("mv /root/moved.py . && cp /root/copied.py .");
    expect(await t.out("ls -Z moved.py copied.py")).toBe(
      "unconfined_u:object_r:httpd_sys_script_exec_t:s0 copied.py\nunconfined_u:object_r:admin_home_t:s0 moved.py\n",
    );
    expect(t.fs.exists("/root/moved.py")).toBe(false);
    expect(t.fs.exists("/root/copied.py")).toBe(true);
  });

  it("cp -a keeps the label, mode and owner; cp -p keeps the mode", async () => {
    const t = terminal();
    t.fs.writeFile("/root/s.py", "x", { mode: 0o700, owner: "apache", label: "unconfined_u:object_r:admin_home_t:s0" });
    await t.run("cp -a /root/s.py a.py && cp /root/s.py plain.py");
    expect(t.fs.stat("/var/www/cgi-bin/a.py")).toMatchObject({ mode: 0o700, owner: "apache", label: "unconfined_u:object_r:admin_home_t:s0" });
    expect(t.fs.stat("/var/www/cgi-bin/plain.py")).toMatchObject({ mode: 0o700, owner: "root" });
  });
});

describe("mv", () => {
  it("renames, moves several files into a directory, and -v says so", async () => {
    const t = terminal();
    expect(await t.out("mv -v hello.py hi.py")).toBe("renamed 'hello.py' -> 'hi.py'\n");
    await t.run("mkdir old && mv hi.py env.py old/");
    expect(t.fs.list("/var/www/cgi-bin/old")).toEqual(["env.py", "hi.py"]);
  });

  it("reports mv's errors", async () => {
    const t = terminal();
    const r = await t.run("mv x.py y.py");
    expect(r).toMatchObject({ output: "mv: cannot stat 'x.py': No such file or directory\n", exitCode: 1 });
    expect(await t.out("mv hello.py")).toBe("mv: missing destination file operand after 'hello.py'\nTry 'mv --help' for more information.\n");
    expect(await t.out("mv hello.py env.py form.py")).toBe("mv: target 'form.py' is not a directory\n");
    expect(await t.out("mv hello.py nodir/x.py")).toBe("mv: cannot move 'hello.py' to 'nodir/x.py': No such file or directory\n");
    expect(await t.out("mkdir d && mv d d/e")).toBe("mv: cannot move 'd' to a subdirectory of itself, 'd/e'\n");
  });
});

describe("cp", () => {
  it("copies a tree with -r", async () => {
    const t = terminal();
    await t.run("cp -r /var/www/cgi-bin /tmp/backup");
    expect(t.fs.list("/tmp/backup")).toEqual(["env.py", "form.py", "hello.py"]);
    // New files take their directory's type (/tmp is tmp_t); restorecon would say user_tmp_t.
    expect(t.fs.stat("/tmp/backup/hello.py")!.label).toBe("unconfined_u:object_r:tmp_t:s0");
  });

  it("reports cp's errors", async () => {
    const t = terminal();
    expect(await t.run("cp x.py y.py")).toMatchObject({ output: "cp: cannot stat 'x.py': No such file or directory\n", exitCode: 1 });
    expect(await t.out("cp /var/www /tmp/w")).toBe("cp: -r not specified; omitting directory '/var/www'\n");
    expect(await t.out("cp hello.py hello.py")).toBe("cp: 'hello.py' and 'hello.py' are the same file\n");
    expect(await t.out("cp hello.py nodir/")).toBe("cp: cannot create regular file 'nodir/': Not a directory\n");
    expect(await t.out("cp hello.py nodir/x.py")).toBe("cp: cannot create regular file 'nodir/x.py': No such file or directory\n");
  });
});
