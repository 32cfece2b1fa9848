/**
 * `cgi-lab serve --root DIR` as a new user tries it: the article's script on a
 * real socket, then the fix, then `chmod a-x`, then a wrong SELinux label.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeRunner } from "../runtime/python/node.ts";
import { freePort, rawRequest } from "../../tests/interop/real-apache.ts";
import { createNodeEngine, type NodeEngine } from "./node-engine.ts";
import { serve } from "./serve-command.ts";

const ARTICLE = `#!/usr/bin/env python
# -*- coding: UTF-8 -*-
# enable debugging
import cgitb; cgitb.enable()
print("Content-Type: text/plain;charset=utf-8")
print("This is a test")
`;
const FIXED = ARTICLE.replace('print("This is a test")', 'print()\nprint("This is a test")');

describe("cgi-lab serve --root", () => {
  let root: string;
  let port: number;
  let engine: NodeEngine;
  let close: () => Promise<void>;
  const script = () => join(root, "var/www/cgi-bin/test.py");
  const get = (path: string) => rawRequest(port, "GET", path, [["Host", `127.0.0.1:${port}`]]);
  const errorLog = () => readFileSync(join(root, "var/log/httpd/error_log"), "utf8");

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "cgi-lab-root-"));
    mkdirSync(join(root, "var/www/cgi-bin"), { recursive: true });
    writeFileSync(script(), ARTICLE);
    chmodSync(script(), 0o755);
    port = await freePort();
    engine = createNodeEngine({ root, runner: createNodeRunner() });
    close = await serve(engine, { host: "127.0.0.1", port }, () => undefined);
  });
  afterAll(async () => {
    await close?.();
    await engine?.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it("answers the article's script as Apache does: 500 and the malformed-header line", async () => {
    const res = await get("/cgi-bin/test.py");
    expect(res.status).toBe(500);
    expect(new TextDecoder().decode(res.body)).toContain("<title>500 Internal Server Error</title>");
    expect(errorLog()).toMatch(/\[cgi:error\] \[pid \d+:tid \d+\] \[client 127\.0\.0\.1:\d+\] malformed header from script 'test\.py': Bad header: This is a test\n/);
  });

  it("serves the fixed script with 200, read again from disk", async () => {
    writeFileSync(script(), FIXED);
    const res = await get("/cgi-bin/test.py");
    expect(res.status).toBe(200);
    expect(res.headers).toContainEqual(["Content-Type", "text/plain;charset=utf-8"]);
    expect(new TextDecoder().decode(res.body)).toBe("This is a test\n");
    expect(readFileSync(join(root, "var/log/httpd/access_log"), "utf8")).toMatch(/"GET \/cgi-bin\/test\.py HTTP\/1\.1" 200 15 /);
  });

  it("after chmod a-x: 500 and (13)Permission denied", async () => {
    chmodSync(script(), 0o644);
    const res = await get("/cgi-bin/test.py");
    expect(res.status).toBe(500);
    expect(errorLog()).toContain(`AH01215: stderr from /var/www/cgi-bin/test.py: (13)Permission denied: exec of '/var/www/cgi-bin/test.py' failed`);
    chmodSync(script(), 0o755);
  });

  it("with a home-directory label and SELinux enforcing: 403, AH00035 and an AVC denial", async () => {
    writeFileSync(join(root, ".selinux-labels"), "/var/www/cgi-bin/test.py unconfined_u:object_r:admin_home_t:s0\n");
    const res = await get("/cgi-bin/test.py");
    expect(res.status).toBe(403);
    expect(errorLog()).toContain("AH00035: access to /cgi-bin/test.py denied (filesystem path '/var/www/cgi-bin/test.py') because search permissions are missing on a component of the path");
    const audit = readFileSync(join(root, "var/log/audit/audit.log"), "utf8");
    expect(audit).toMatch(/avc: {2}denied {2}\{ getattr \} .*tcontext=unconfined_u:object_r:admin_home_t:s0 tclass=file permissive=0/);
  });

  it("SELINUX=permissive lets it run and logs the AVC with permissive=1", async () => {
    mkdirSync(join(root, "etc/selinux"), { recursive: true });
    writeFileSync(join(root, "etc/selinux/config"), "SELINUX=permissive\nSELINUXTYPE=targeted\n");
    const res = await get("/cgi-bin/test.py");
    expect(res.status).toBe(200);
    expect(readFileSync(join(root, "var/log/audit/audit.log"), "utf8")).toMatch(/permissive=1\n$/);
  });
});
