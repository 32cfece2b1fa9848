import { describe, expect, it } from "vitest";
import { terminal } from "./test-support.ts";

describe("ls", () => {
  it("lists names in columns at the terminal, one per line into a pipe", async () => {
    const t = terminal();
    expect(await t.out("ls")).toBe("env.py  form.py  hello.py\n");
    expect(await t.out("ls | cat")).toBe("env.py\nform.py\nhello.py\n");
  });

  it("-l prints Fedora's format: mode with the SELinux dot, links, owner, size, date, and a total", async () => {
    const t = terminal();
    const out = await t.out("ls -l");
    expect(out.split("\n")[0]).toBe("total 12");
    expect(out).toContain("-rwxr-xr-x. 1 root root 312 Nov 25 10:00 hello.py\n");
  });

  it("-la adds . and .. first; -d shows the directory itself", async () => {
    const t = terminal();
    const lines = (await t.out("ls -la")).split("\n");
    expect(lines[1]).toBe("drwxr-xr-x. 2 root root 4096 Nov 25 10:00 .");
    expect(lines[2]).toBe("drwxr-xr-x. 4 root root 4096 Nov 25 10:00 ..");
    expect(await t.out("ls -ld /var/www/cgi-bin")).toBe("drwxr-xr-x. 2 root root 4096 Nov 25 10:00 /var/www/cgi-bin\n");
  });

  it("-Z and -lZ show the security context", async () => {
    const t = terminal();
    expect(await t.out("ls -Z hello.py")).toBe("system_u:object_r:httpd_sys_script_exec_t:s0 hello.py\n");
    expect(await t.out("ls -lZ hello.py")).toBe("-rwxr-xr-x. 1 root root system_u:object_r:httpd_sys_script_exec_t:s0 312 Nov 25 10:00 hello.py\n");
  });

  it("shows symbolic links with -l and follows them without", async () => {
    const t = terminal();
    expect(await t.out("ls -l /etc/httpd")).toContain("lrwxrwxrwx. 1 root root   14 Nov 25 10:00 logs -> /var/log/httpd\n");
    expect(await t.out("ls /etc/httpd/logs")).toBe("access_log  error_log\n");
  });

  it("prints an old date with the year", async () => {
    const t = terminal();
    t.fs.now = () => Date.UTC(2008, 11, 31, 9, 0);
    await t.run("touch old.py");
    expect(await t.out("ls -l old.py")).toBe("-rw-r--r--. 1 root root 0 Dec 31  2008 old.py\n");
  });

  it("reports a missing operand with exit 2 and still lists the rest", async () => {
    const t = terminal();
    const r = await t.run("ls x.py hello.py");
    expect(r.output).toBe("ls: cannot access 'x.py': No such file or directory\nhello.py\n");
    expect(r.exitCode).toBe(2);
    const bad = await t.run("ls -q");
    expect(bad.output).toBe("ls: invalid option -- 'q'\nTry 'ls --help' for more information.\n");
    expect(bad.exitCode).toBe(2);
  });
});

describe("ls -R", () => {
  it("lists each directory below, with a header", async () => {
    const t = terminal({ cwd: "/var/www" });
    expect(await t.out("ls -R")).toBe(".:\ncgi-bin  html\n\n./cgi-bin:\nenv.py  form.py  hello.py\n\n./html:\nindex.html\n");
  });
});
