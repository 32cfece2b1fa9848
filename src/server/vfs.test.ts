import { describe, expect, it } from "vitest";
import { createDefaultFs } from "./default-workspace/index.ts";
import { labelType } from "./selinux-contexts.ts";
import { Vfs, VfsError, normalizePath } from "./vfs.ts";

describe("Vfs", () => {
  it("normalises paths and resolves symbolic links like Fedora's /etc/httpd/logs", () => {
    expect(normalizePath("a/../b/./c", "/var")).toBe("/var/b/c");
    const fs = createDefaultFs();
    expect(fs.realpath("/etc/httpd/logs/error_log")).toBe("/var/log/httpd/error_log");
    expect(fs.stat("/etc/httpd/modules/mod_cgi.so")?.type).toBe("file");
    expect(fs.stat("/usr/lib64/httpd/modules/mod_fastcgi.so")).toBeUndefined();
  });

  it("new files take their directory's label; mv keeps a label and cp gives a new one", () => {
    const fs = createDefaultFs();
    fs.writeFile("/root/test.py", "print()\n", { mode: 0o644 });
    expect(labelType(fs.stat("/root/test.py")!.label)).toBe("admin_home_t");
    fs.copyFile("/root/test.py", "/var/www/cgi-bin/copied.py");
    expect(labelType(fs.stat("/var/www/cgi-bin/copied.py")!.label)).toBe("httpd_sys_script_exec_t");
    fs.rename("/root/test.py", "/var/www/cgi-bin/");
    expect(labelType(fs.stat("/var/www/cgi-bin/test.py")!.label)).toBe("admin_home_t");
    expect(fs.exists("/root/test.py")).toBe(false);
  });

  it("keeps mode, owner and label when a file is rewritten", () => {
    const fs = createDefaultFs();
    fs.chmod("/var/www/cgi-bin/hello.py", 0o700);
    fs.chown("/var/www/cgi-bin/hello.py", "apache", "apache");
    fs.writeFile("/var/www/cgi-bin/hello.py", "new");
    const st = fs.stat("/var/www/cgi-bin/hello.py")!;
    expect([st.mode, st.owner, st.group, st.size]).toEqual([0o700, "apache", "apache", 3]);
  });

  it("reports errors with errno codes", () => {
    const fs = new Vfs();
    expect(() => fs.readFile("/nope")).toThrow(VfsError);
    expect(() => fs.writeFile("/a/b", "x")).toThrow(/ENOENT/);
    fs.mkdir("/d");
    fs.writeFile("/d/f", "x");
    expect(() => fs.remove("/d")).toThrow(/ENOTEMPTY/);
    fs.remove("/d", { recursive: true });
    expect(fs.exists("/d/f")).toBe(false);
  });

  it("round-trips through serialize/restore with links and labels", () => {
    const fs = createDefaultFs();
    const copy = Vfs.restore(fs.serialize());
    expect(copy.readText("/etc/httpd/conf/httpd.conf")).toBe(fs.readText("/etc/httpd/conf/httpd.conf"));
    expect(copy.realpath("/usr/bin/python")).toBe("/usr/bin/python3");
    expect(copy.stat("/var/www/cgi-bin")!.label).toBe(fs.stat("/var/www/cgi-bin")!.label);
  });
});
