import { describe, expect, it } from "vitest";
import { createDefaultFs } from "./default-workspace/index.ts";
import { labelType } from "./selinux-contexts.ts";
import { Vfs, VfsError, normalizePath } from "./vfs.ts";

describe("Vfs", () => {
  it("normalises paths and resolves symbolic links like Fedora's /etc/httpd/logs", () => {
    expect(normalizePath("a/../b/./c", "/var")).toBe("/var/b/c");
    // Already-normal paths are returned as they are; anything else is normalised.
    const cases: [string, string][] = [
      ["/", "/"], ["/a/.b/..c/c..", "/a/.b/..c/c.."], ["/a/", "/a"], ["//a//b", "/a/b"], ["/a/./b", "/a/b"],
      ["/a/b/..", "/a"], ["/a/.", "/a"], ["/..", "/"], ["/a/../../b", "/b"], ["", "/"],
    ];
    for (const [input, want] of cases) expect(normalizePath(input)).toBe(want);
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

  describe("appendFile", () => {
    const text = (b: Uint8Array) => new TextDecoder().decode(b);

    it("adds exactly the new bytes, creates a missing file and fires a change event each time", () => {
      const fs = createDefaultFs();
      const seen: string[] = [];
      fs.onChange((p) => seen.push(p));
      fs.appendFile("/etc/httpd/logs/new_log", "one\n");
      fs.appendFile("/var/log/httpd/new_log", new TextEncoder().encode("two\n"));
      expect(fs.readText("/var/log/httpd/new_log")).toBe("one\ntwo\n");
      expect(fs.stat("/var/log/httpd/new_log")!.size).toBe(8);
      expect(seen).toEqual(["/var/log/httpd/new_log", "/var/log/httpd/new_log"]);
      expect(() => fs.appendFile("/var/log/httpd", "x")).toThrow(/EISDIR/);
      expect(() => fs.appendFile("/nope/log", "x")).toThrow(/ENOENT/);
    });

    it("does not copy the existing content on every append: the buffer only doubles", () => {
      const fs = createDefaultFs();
      fs.writeFile("/var/log/httpd/access_log", "");
      const buffers = new Set<ArrayBufferLike>();
      let expected = "";
      for (let i = 0; i < 2000; i++) {
        const line = `127.0.0.1 - - "GET /${i} HTTP/1.1" 200 ${i}\n`;
        fs.appendFile("/var/log/httpd/access_log", line);
        expected += line;
        buffers.add(fs.readFile("/var/log/httpd/access_log").buffer);
      }
      expect(fs.readText("/var/log/httpd/access_log")).toBe(expected);
      // ~80 KB in 2000 appends: a copy per append would give 2000 buffers; doubling gives ~log2(80K/256).
      expect(buffers.size).toBeLessThanOrEqual(12);
    });

    it("never changes bytes a reader already holds, even after the file was rewritten", () => {
      const fs = createDefaultFs();
      const path = "/var/log/httpd/error_log";
      fs.writeFile(path, "");
      fs.appendFile(path, "first line\n");
      const held = fs.readFile(path);
      fs.writeFile(path, held.subarray(0, 3)); // truncated to a view of the same buffer
      fs.appendFile(path, "XYZ");
      expect(fs.readText(path)).toBe("firXYZ");
      expect(text(held)).toBe("first line\n");
    });

    it("serialises a grown file as its content only", () => {
      const fs = createDefaultFs();
      fs.writeFile("/var/log/httpd/access_log", "");
      for (let i = 0; i < 100; i++) fs.appendFile("/var/log/httpd/access_log", "line\n");
      const data = new Map(fs.serialize().nodes).get("/var/log/httpd/access_log")!.data;
      expect(data.buffer.byteLength).toBe(500);
      expect(text(data)).toBe("line\n".repeat(100));
      expect(Vfs.restore(fs.serialize()).readText("/var/log/httpd/access_log")).toBe("line\n".repeat(100));
    });
  });
});
