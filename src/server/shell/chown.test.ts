import { describe, expect, it } from "vitest";
import { terminal } from "./test-support.ts";

describe("chown and chgrp", () => {
  it("changes owner and group in the forms chown takes", async () => {
    const t = terminal();
    await t.run("chown apache:apache hello.py");
    expect(await t.out("ls -l hello.py")).toBe("-rwxr-xr-x. 1 apache apache 312 Nov 25 10:00 hello.py\n");
    await t.run("chown root env.py && chown :apache env.py");
    expect(t.fs.stat("/var/www/cgi-bin/env.py")).toMatchObject({ owner: "root", group: "apache" });
    await t.run("chown -R apache: /var/www/cgi-bin");
    expect(t.fs.stat("/var/www/cgi-bin/form.py")).toMatchObject({ owner: "apache", group: "apache" });
    await t.run("chgrp root form.py");
    expect(t.fs.stat("/var/www/cgi-bin/form.py")!.group).toBe("root");
  });

  it("-v says what changed", async () => {
    const t = terminal();
    expect(await t.out("chown -v apache hello.py")).toBe("changed ownership of 'hello.py' from root:root to apache:root\n");
  });

  it("rejects unknown users and groups and missing files", async () => {
    const t = terminal();
    const r = await t.run("chown bob hello.py");
    expect(r.output).toBe("chown: invalid user: \u2018bob\u2019\n");
    expect(r.exitCode).toBe(1);
    expect(await t.out("chown root:nogroup hello.py")).toBe("chown: invalid group: \u2018root:nogroup\u2019\n");
    expect(await t.out("chown apache x.py")).toBe("chown: cannot access 'x.py': No such file or directory\n");
  });
});
