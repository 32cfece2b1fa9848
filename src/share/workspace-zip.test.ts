import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPythonFilesFromDisk } from "../runtime/python/sources-node.ts";
import { buildWorkspaceZip, workspaceZip } from "./index.ts";
import { busyFs, GUESTBOOK_PY } from "./test-fixtures.ts";

/** The system `unzip`; installed with apt-get when missing, or a clear failure. */
function ensureUnzip(): string {
  const has = () => {
    try {
      execFileSync("unzip", ["-v"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (has()) return "unzip";
  try {
    execFileSync("sh", ["-c", "(apt-get install -y unzip || (apt-get update && apt-get install -y unzip)) >/dev/null 2>&1"], { stdio: "ignore", timeout: 120_000 });
  } catch {
    /* reported below */
  }
  if (!has()) throw new Error("These tests extract the zip with the system `unzip`, which is not installed and could not be installed (apt-get install -y unzip failed). Install unzip and run again.");
  return "unzip";
}

describe("workspaceZip", () => {
  let dir = "";
  let root = "";
  let entries: ReturnType<typeof buildWorkspaceZip>["entries"] = [];

  beforeAll(async () => {
    const unzip = ensureUnzip();
    const compat = await loadPythonFilesFromDisk();
    const fs = busyFs();
    const built = buildWorkspaceZip(fs, { compat, lessonId: "02-cgi-bin", lessonTitle: "Your first CGI script", date: new Date(Date.UTC(2026, 0, 15)) });
    entries = built.entries;
    dir = mkdtempSync(join(tmpdir(), "cgi-lab-zip-"));
    const zipPath = join(dir, "workspace.zip");
    writeFileSync(zipPath, built.zip);
    execFileSync(unzip, ["-q", zipPath, "-d", join(dir, "out")]);
    root = join(dir, "out", "cgi-lab-workspace");
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const mode = (rel: string) => statSync(join(root, rel)).mode & 0o7777;
  const text = (rel: string) => readFileSync(join(root, rel), "utf8");

  it("lays the files out as the server's tree, with their contents", () => {
    expect(text("var/www/cgi-bin/guestbook.py")).toBe(GUESTBOOK_PY);
    expect(text("etc/httpd/conf/httpd.conf")).toContain("LogLevel debug");
    expect(text("var/www/cgi-bin/hello.py")).toContain("Hi from");
    expect([...readFileSync(join(root, "var/www/html/img/dot.png"))]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0xff, 0xfe]);
    expect(existsSync(join(root, "etc/httpd/conf.d"))).toBe(true); // empty directories too
    expect(existsSync(join(root, "var/www/cgi-bin/form.py"))).toBe(false); // deleted in the workspace
  });

  it("keeps unix modes: unzip restores the exec bit", () => {
    expect(mode("var/www/cgi-bin/guestbook.py")).toBe(0o755);
    expect(mode("var/www/cgi-bin/hello.py")).toBe(0o755);
    expect(mode("var/www/cgi-bin/env.py")).toBe(0o644); // chmod'ed in the workspace
    expect(mode("etc/httpd/conf/httpd.conf")).toBe(0o644);
    expect(mode("var/www/html/img")).toBe(0o750);
    const listing = execFileSync("unzip", ["-Z", join(dir, "workspace.zip")], { encoding: "utf8" });
    expect(listing).toMatch(/-rwxr-xr-x\s+\S+\s+unx\s+.*cgi-lab-workspace\/var\/www\/cgi-bin\/guestbook\.py/);
  });

  it("leaves out the emulator's stand-ins, logs and system files", () => {
    for (const p of ["usr", "bin", "var/log", "etc/mime.types", "etc/hostname", "tmp", "root"]) expect(existsSync(join(root, p)), p).toBe(false);
    expect(entries.some((e) => e.name.includes("/usr/"))).toBe(false);
  });

  it("ships the compat modules under python-compat/, without the runtime", () => {
    expect(text("python-compat/cgi.py")).toContain("def ");
    expect(existsSync(join(root, "python-compat/cgitb.py"))).toBe(true);
    expect(existsSync(join(root, "python-compat/flup/server/fcgi.py"))).toBe(true);
    expect(existsSync(join(root, "python-compat/_cgi_lab_runtime.py"))).toBe(false);
    expect(text("python-compat/README.txt")).toMatch(/PEP 594/);
  });

  it("has a README for Fedora and Debian/Ubuntu", () => {
    const r = text("README.md");
    expect(r).toContain('the CGI Lab lesson "Your first CGI script"');
    expect(r).toContain("sudo dnf install httpd python3");
    expect(r).toContain("sudo chmod 755 /var/www/cgi-bin/guestbook.py");
    expect(r).toContain("sudo restorecon -Rv /var/www");
    expect(r).toContain("sudo systemctl restart httpd");
    expect(r).toContain("sudo a2enmod cgi");
    expect(r).toContain("sudo install -m 755 var/www/cgi-bin/guestbook.py /usr/lib/cgi-bin/");
    expect(r).toMatch(/no\s+SELinux/);
    expect(r).toContain("SetEnv PYTHONPATH /usr/local/lib/cgi-lab-python");
    expect(r).toMatch(/755\s+httpd_sys_script_exec_t\s+\/var\/www\/cgi-bin\/guestbook\.py/);
  });

  it("works without compat files and with a clock before 1980", () => {
    const zip = workspaceZip(busyFs(), { date: new Date(0), root: "x" });
    expect(zip[0]).toBe(0x50); // "PK"
  });
});
