import { describe, expect, it } from "vitest";
import { createDefaultFs } from "../default-workspace/index.ts";
import { runShell } from "./run.ts";
import { terminal } from "./test-support.ts";

describe("runShell: commands and the shell around them", () => {
  it("answers an unknown command as bash does, with 127", async () => {
    const t = terminal();
    expect(await t.run("foo --bar")).toMatchObject({ output: "bash: foo: command not found\n", exitCode: 127 });
  });

  it("runs && only after success, || only after failure, ; always", async () => {
    const t = terminal();
    expect(await t.out("false && echo no; echo yes")).toBe("yes\n");
    expect(await t.out("ls nope || echo fallback")).toBe("ls: cannot access 'nope': No such file or directory\nfallback\n");
    expect(await t.out("true && echo a || echo b")).toBe("a\n");
    expect(await t.out("false; echo $?")).toBe("1\n");
  });

  it("echo > creates a file labelled like its directory, >> appends", async () => {
    const t = terminal();
    await t.run("echo '#!/usr/bin/python3' > t.py && echo \"print('hi')\" >> t.py");
    expect(t.fs.readText("/var/www/cgi-bin/t.py")).toBe("#!/usr/bin/python3\nprint('hi')\n");
    expect(t.fs.stat("/var/www/cgi-bin/t.py")).toMatchObject({ mode: 0o644, label: "unconfined_u:object_r:httpd_sys_script_exec_t:s0" });
    await t.run("echo again > t.py");
    expect(t.fs.readText("/var/www/cgi-bin/t.py")).toBe("again\n");
  });

  it("redirects stderr with 2> and 2>&1, and discards into /dev/null", async () => {
    const t = terminal();
    expect(await t.out("ls nope 2>/dev/null")).toBe("");
    await t.run("ls nope hello.py > /tmp/out 2>&1");
    expect(t.fs.readText("/tmp/out")).toBe("ls: cannot access 'nope': No such file or directory\nhello.py\n");
  });

  it("reports a redirection into a missing directory and skips the command", async () => {
    const t = terminal();
    expect(await t.run("echo hi > /nodir/x")).toMatchObject({ output: "bash: /nodir/x: No such file or directory\n", exitCode: 1 });
    expect(await t.out("echo hi > /tmp")).toBe("bash: /tmp: Is a directory\n");
  });

  it("pipes stdout into the next command", async () => {
    const t = terminal();
    t.fs.writeFile("/tmp/p", "print(1)\n# no\nprint(2)\n");
    expect(await t.out("cat /tmp/p | grep -c print")).toBe("2\n");
    expect(await t.out("ls -l | head -n 1")).toBe("total 12\n");
  });

  it("expands globs in arguments", async () => {
    const t = terminal();
    await t.run("chmod 600 *.py");
    expect(t.fs.stat("/var/www/cgi-bin/env.py")!.mode).toBe(0o600);
    expect(t.fs.stat("/var/www/cgi-bin/form.py")!.mode).toBe(0o600);
  });

  it("cd changes directory (also in the middle of a chain), ~ and - work, pwd prints it", async () => {
    const t = terminal();
    expect(await t.out("cd /etc/httpd/conf && pwd")).toBe("/etc/httpd/conf\n");
    expect(t.cwd).toBe("/etc/httpd/conf");
    await t.run("cd ~");
    expect(t.cwd).toBe("/root");
    expect(await t.out("cd -")).toBe("/etc/httpd/conf\n");
    expect(await t.run("cd hello.py")).toMatchObject({ output: "bash: cd: hello.py: No such file or directory\n", exitCode: 1 });
    expect(await t.out("cd httpd.conf")).toBe("bash: cd: httpd.conf: Not a directory\n");
  });

  it("tells that scripts are run by the web server, not the terminal", async () => {
    const t = terminal();
    const r = await t.run("./hello.py");
    expect(r.output).toMatch(/^bash: \.\/hello\.py: this terminal doesn't run programs itself/);
    expect(await t.out("./nope.py")).toBe("bash: ./nope.py: No such file or directory\n");
    await t.run("chmod 644 env.py");
    expect(await t.out("./env.py")).toBe("bash: ./env.py: Permission denied\n");
    expect(await t.out("python3 hello.py")).toMatch(/^python3: this terminal doesn't run Python itself; the web server does/);
    expect(await t.out("python3 -c 'print(1)'")).toMatch(/curl -i http:\/\/localhost\/cgi-bin\/hello\.py/);
  });

  it("points vi and nano at the editor", async () => {
    const t = terminal();
    expect(await t.out("vi hello.py")).toMatch(/^There is no full-screen editor in this terminal\. Open hello\.py in the Editor pane/);
    expect((await t.run("nano x")).exitCode).toBe(1);
  });

  it("keeps history per filesystem and numbers it like bash", async () => {
    const fs = createDefaultFs();
    await runShell("ls", { fs, httpd: null, cwd: "/" });
    const r = await runShell("history", { fs, httpd: null, cwd: "/" });
    expect(r.output).toBe("    1  ls\n    2  history\n");
  });

  it("clear asks the terminal to wipe its scrollback; help lists the commands", async () => {
    const t = terminal();
    expect(await t.run("clear")).toMatchObject({ output: "", clear: true, exitCode: 0 });
    const help = await t.out("help");
    for (const cmd of ["chmod", "restorecon", "apachectl", "curl", "make"]) expect(help).toMatch(new RegExp(`^  ${cmd} `, "m"));
  });

  it("a syntax error exits 2 without running anything", async () => {
    const t = terminal();
    expect(await t.run("echo 'oops")).toMatchObject({ exitCode: 2 });
    expect(await t.out("ls | | ls")).toBe("bash: syntax error near unexpected token `|'\n");
  });
});
