import { describe, expect, it } from "vitest";
import { terminal } from "./test-support.ts";

const LOG = Array.from({ length: 15 }, (_, i) => `line ${i + 1}\n`).join("");

describe("cat", () => {
  it("prints files and piped input; -n numbers lines", async () => {
    const t = terminal();
    t.fs.writeFile("/tmp/a", "one\ntwo\n");
    expect(await t.out("cat /tmp/a")).toBe("one\ntwo\n");
    expect(await t.out("cat -n /tmp/a")).toBe("     1\tone\n     2\ttwo\n");
    expect(await t.out("echo hi | cat")).toBe("hi\n");
  });

  it("reports missing files and directories as cat does", async () => {
    const t = terminal();
    const r = await t.run("cat x.py");
    expect(r.output).toBe("cat: x.py: No such file or directory\n");
    expect(r.exitCode).toBe(1);
    expect(await t.out("cat /tmp")).toBe("cat: /tmp: Is a directory\n");
    expect(await t.out("cat")).toMatch(/^cat: reading from the keyboard isn't possible/);
  });
});

describe("head and tail", () => {
  it("take -n N, -N and the default of 10", async () => {
    const t = terminal({ cwd: "/var/log/httpd" });
    t.fs.writeFile("/var/log/httpd/error_log", LOG);
    expect(await t.out("head -n 2 error_log")).toBe("line 1\nline 2\n");
    expect(await t.out("head -3 error_log")).toBe("line 1\nline 2\nline 3\n");
    expect(await t.out("tail -n 2 error_log")).toBe("line 14\nline 15\n");
    expect((await t.out("tail error_log")).split("\n")[0]).toBe("line 6");
    expect(await t.out("tail -n +14 error_log")).toBe("line 14\nline 15\n");
  });

  it("tail error_log works from cwd, through the /etc/httpd/logs symlink too", async () => {
    const t = terminal({ cwd: "/etc/httpd/logs" });
    t.fs.writeFile("/var/log/httpd/error_log", "[core:error] boom\n");
    expect(await t.out("tail error_log")).toBe("[core:error] boom\n");
  });

  it("tail -f says follow mode isn't available, then prints the last lines", async () => {
    const t = terminal({ cwd: "/var/log/httpd" });
    t.fs.writeFile("/var/log/httpd/error_log", LOG);
    const r = await t.run("tail -f error_log");
    expect(r.output).toMatch(/^tail: follow mode \(-f\) isn't available in this terminal/);
    expect(r.output.endsWith("line 15\n")).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it("prints headers for several files", async () => {
    const t = terminal();
    t.fs.writeFile("/tmp/a", "a\n");
    t.fs.writeFile("/tmp/b", "b\n");
    expect(await t.out("head /tmp/a /tmp/b")).toBe("==> /tmp/a <==\na\n\n==> /tmp/b <==\nb\n");
  });

  it("reports a missing file in coreutils' words, with a hint for logs", async () => {
    const t = terminal();
    const r = await t.run("tail error_log");
    expect(r.output).toBe("tail: cannot open 'error_log' for reading: No such file or directory\n(httpd writes its logs in /var/log/httpd: try tail /var/log/httpd/error_log)\n");
    expect(r.exitCode).toBe(1);
    expect(await t.out("head nope")).toBe("head: cannot open 'nope' for reading: No such file or directory\n");
    expect(await t.out("head -n x hello.py")).toBe("head: invalid number of lines: 'x'\n");
  });
});

describe("wc", () => {
  it("counts lines, words and bytes", async () => {
    const t = terminal();
    t.fs.writeFile("/tmp/a", "one two\nthree\n");
    expect(await t.out("wc /tmp/a")).toBe(" 2  3 14 /tmp/a\n");
    expect(await t.out("wc -l /tmp/a")).toBe("2 /tmp/a\n");
    expect(await t.out("wc -l /tmp/nope")).toBe("wc: /tmp/nope: No such file or directory\n");
  });
});
