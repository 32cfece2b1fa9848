/** The browser (Vite glob) and Node (disk) loaders install the same Python files. */
import { describe, expect, test } from "vitest";
import { isInstalled, loadPythonFilesFromDisk } from "./sources-node.ts";
import { bundledPythonFiles } from "./sources-web.ts";

describe("Python files installed into the interpreter", () => {
  test("the Vite glob and the disk reader agree", async () => {
    const disk = await loadPythonFilesFromDisk();
    expect(bundledPythonFiles()).toEqual(disk);
    expect(disk.map((f) => f.path)).toContain("_cgi_lab_runtime.py");
    expect(disk.every((f) => isInstalled(f.path))).toBe(true);
  });

  test("only the runtime module and site-packages are installed", () => {
    expect(isInstalled("_cgi_lab_runtime.py")).toBe(true);
    expect(isInstalled("site-packages/flup/server/fcgi.py")).toBe(true);
    expect(isInstalled("tests/test_cgi.py")).toBe(false);
    expect(isInstalled("site-packages/README.md")).toBe(false);
  });
});
