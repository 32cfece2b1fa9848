/**
 * CGI Lab's own Python compatibility modules (site-packages: cgi, cgitb,
 * flup) are tested by the unittest suite in ./tests. This file runs it:
 *
 * 1. with the system `python3` (CPython 3.11+ here): every test, including
 *    the cgitb scripts run as real processes and the FastCGI interop with
 *    libfcgi's cgi-fcgi (the suite installs libfcgi-bin if it is missing);
 * 2. under Pyodide's Python 3.14 (the interpreter the site runs), the
 *    suites that need no processes or sockets: cgi, cgitb (in process), the
 *    FastCGI protocol core and the `_cgi_lab_runtime` transport.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const testsDir = join(here, "tests");
const sitePackages = join(here, "site-packages");

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "__pycache__") out.push(...pythonFiles(path));
    } else if (name.endsWith(".py")) {
      out.push(path);
    }
  }
  return out;
}

describe("CGI Lab's Python compatibility modules (cgi, cgitb, flup)", () => {
  it("pass the whole unittest suite under the system python3", () => {
    const version = spawnSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    });
    expect(version.error, "python3 must be on PATH").toBeUndefined();
    const [major, minor] = version.stdout.trim().split(".").map(Number);
    expect(major * 100 + minor, `python3 is ${version.stdout.trim()}; the modules target 3.11+`).toBeGreaterThanOrEqual(311);

    const run = spawnSync("python3", ["-B", "-m", "unittest", "discover", "-s", testsDir, "-v"], {
      cwd: here,
      encoding: "utf8",
      timeout: 900_000, // may include `apt-get install libfcgi-bin`
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    });
    const report = `${run.stdout}\n${run.stderr}`;
    expect(run.error, report).toBeUndefined();
    expect(run.status, report).toBe(0);
    const ran = /^Ran (\d+) tests? in /m.exec(run.stderr);
    expect(ran, report).not.toBeNull();
    expect(Number(ran![1])).toBeGreaterThan(100);
    // "OK" alone: nothing skipped, nothing expected to fail
    expect(run.stderr, report).toMatch(/^OK$/m);
    // the interop suite really ran against cgi-fcgi
    expect(run.stderr).toMatch(/test_article_environment_page_over_tcp .* \.\.\. ok/);
  }, 900_000);

  it("pass the in-process suites under Pyodide's Python 3.14", async () => {
    const { loadPyodide } = await import("pyodide");
    const output: string[] = [];
    const py = await loadPyodide({
      stdout: (line: string) => output.push(line),
      stderr: (line: string) => output.push(line),
    });
    const root = "/cgi-lab";
    const install = (file: string, dest: string) => {
      py.FS.mkdirTree(dirname(dest));
      py.FS.writeFile(dest, readFileSync(file));
    };
    for (const file of pythonFiles(sitePackages)) {
      install(file, `${root}/site-packages/${relative(sitePackages, file)}`);
    }
    for (const file of pythonFiles(testsDir)) {
      install(file, `${root}/tests/${relative(testsDir, file)}`);
    }
    install(join(here, "_cgi_lab_runtime.py"), `${root}/_cgi_lab_runtime.py`);

    const result = py.runPython(`
import io, json, sys, unittest
sys.dont_write_bytecode = True
sys.path.insert(0, "${root}/tests")
names = ["test_cgi", "test_cgitb.InProcessTest", "test_flup_protocol",
         "test_flup_lab"]
suite = unittest.defaultTestLoader.loadTestsFromNames(names)
stream = io.StringIO()
outcome = unittest.TextTestRunner(stream=stream, verbosity=2).run(suite)
json.dumps({
    "version": "%d.%d" % sys.version_info[:2],
    "ok": outcome.wasSuccessful(),
    "run": outcome.testsRun,
    "skipped": len(outcome.skipped),
    "log": stream.getvalue(),
})
`) as string;
    const summary = JSON.parse(result) as { version: string; ok: boolean; run: number; skipped: number; log: string };
    const report = `${summary.log}\n${output.join("\n")}`;
    expect(summary.version).toBe("3.14");
    expect(summary.ok, report).toBe(true);
    expect(summary.skipped, report).toBe(0);
    expect(summary.run, report).toBeGreaterThan(80);
  }, 300_000);
});
