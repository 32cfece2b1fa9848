import { describe, expect, it } from "vitest";
import type { FsEntry } from "../../worker/api.ts";
import { ancestors, buildTree, languageOf, modeString } from "./file-tree-model.ts";

const e = (path: string, type: "file" | "dir", mode = 0o644): FsEntry => ({
  path, type, mode, owner: "root", group: "root", label: "system_u:object_r:httpd_sys_content_t:s0", mtimeMs: 0, size: 0,
});

describe("file tree model", () => {
  it("formats modes like ls -l", () => {
    expect(modeString("file", 0o755)).toBe("-rwxr-xr-x");
    expect(modeString("file", 0o644)).toBe("-rw-r--r--");
    expect(modeString("dir", 0o755)).toBe("drwxr-xr-x");
    expect(modeString("dir", 0o1777)).toBe("drwxrwxrwt");
    expect(modeString("file", 0o4644)).toBe("-rwSr--r--");
  });

  it("nests entries, directories first", () => {
    const root = buildTree([e("/", "dir"), e("/var", "dir"), e("/var/z.txt", "file"), e("/var/www", "dir"), e("/var/www/a.py", "file")])!;
    expect(root.children[0].name).toBe("var");
    expect(root.children[0].children.map((c) => c.name)).toEqual(["www", "z.txt"]);
  });

  it("orders names case-folded, whatever order the entries came in", () => {
    const root = buildTree([e("/x/b.py", "file"), e("/x/README", "file"), e("/x", "dir"), e("/", "dir"), e("/x/a-b", "dir"), e("/x/a", "file"), e("/x/a-b/c", "file")])!;
    const x = root.children[0];
    expect(x.children.map((c) => c.name)).toEqual(["a-b", "a", "b.py", "README"]);
    expect(x.children[0].children.map((c) => c.name)).toEqual(["c"]);
  });

  it("opens the folders of the given files", () => {
    expect(ancestors(["/var/www/cgi-bin/t.py"]).sort()).toEqual(["/", "/var", "/var/www", "/var/www/cgi-bin"]);
  });

  it("picks a language", () => {
    expect(languageOf("/var/www/cgi-bin/t.py")).toBe("python");
    expect(languageOf("/etc/httpd/conf/httpd.conf")).toBe("apacheconf");
    expect(languageOf("/var/www/html/.htaccess")).toBe("apacheconf");
    expect(languageOf("/var/www/html/index.html")).toBe("html");
  });
});
