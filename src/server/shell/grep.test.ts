import { describe, expect, it } from "vitest";
import { DEFAULT_HTTPD_CONF } from "../default-workspace/index.ts";
import { breToJs } from "./grep.ts";
import { terminal } from "./test-support.ts";

describe("breToJs", () => {
  it("treats bare ( ) | + ? as literal and their escaped forms as operators", () => {
    expect(breToJs("a(b)")).toBe("a\\(b\\)");
    expect(breToJs("a\\(b\\|c\\)")).toBe("a(b|c)");
    expect(breToJs("x\\+")).toBe("x+");
    expect(breToJs("^[[:digit:]]*$")).toBe("^[0-9]*$");
  });
});

describe("grep", () => {
  it("prints matching lines, with -n, -i, -v, -c", async () => {
    const t = terminal({ cwd: "/etc/httpd/conf" });
    expect(await t.out("grep '^Listen' httpd.conf")).toBe("Listen 80\n");
    expect(await t.out("grep -n 'LoadModule cgi_module' httpd.conf")).toMatch(/^\d+:LoadModule cgi_module modules\/mod_cgi.so\n$/);
    const expected = DEFAULT_HTTPD_CONF.split("\n").filter((l) => /loadmodule/i.test(l)).length;
    expect(await t.out("grep -ci 'loadmodule' httpd.conf")).toBe(`${expected}\n`);
    expect(await t.out("echo -e 'a\\nb' | grep -v a")).toBe("b\n");
  });

  it("prefixes file names for several files and -r", async () => {
    const t = terminal();
    expect(await t.out("grep -r 'Content-Type: text/html' /var/www/cgi-bin")).toContain("/var/www/cgi-bin/hello.py:print(\"Content-Type: text/html\")\n");
  });

  it("exits 1 with no match and 2 with a missing file", async () => {
    const t = terminal();
    const none = await t.run("grep nothing-like-this hello.py");
    expect(none).toMatchObject({ output: "", exitCode: 1 });
    const missing = await t.run("grep x nope.py");
    expect(missing).toMatchObject({ output: "grep: nope.py: No such file or directory\n", exitCode: 2 });
  });
});
