/**
 * `apachectl configtest` against real `apache2 -t`: the same configuration
 * text, broken in the ways people break it, must give the same verdict and
 * message. Paths and the program name differ by distribution only.
 */
import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultFs } from "../../src/server/default-workspace/index.ts";
import { loadServerConfig } from "../../src/server/config/server-config.ts";
import { apacheAvailable } from "./real-apache.ts";

const BASE = `ServerRoot "@ROOT@"
Listen 127.0.0.1:18999
LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule alias_module modules/mod_alias.so
LoadModule mime_module modules/mod_mime.so
LoadModule dir_module modules/mod_dir.so
LoadModule cgi_module modules/mod_cgi.so
ServerName localhost
ErrorLog /tmp/error_log
DocumentRoot "/var/www/html"
<Directory "/var/www/html">
    Options Indexes FollowSymLinks
    Require all granted
</Directory>
ScriptAlias /cgi-bin/ "/var/www/cgi-bin/"
Timeout 60
`;

const CASES: { name: string; edit: (conf: string) => string }[] = [
  { name: "the base configuration", edit: (c) => c },
  { name: "a misspelled directive", edit: (c) => c + "Timout 30\n" },
  { name: "ScriptAlias without mod_alias", edit: (c) => c.replace("LoadModule alias_module", "#LoadModule alias_module") },
  { name: "ScriptLog without mod_cgi", edit: (c) => c.replace("LoadModule cgi_module", "#LoadModule cgi_module") + "ScriptLog logs/cgi_log\n" },
  { name: "Timeout without its argument", edit: (c) => c.replace("Timeout 60", "Timeout") },
  { name: "an unknown option", edit: (c) => c.replace("Options Indexes FollowSymLinks", "Options Indexes FollowSymlink ExecCGII") },
  { name: "mixed +/- options", edit: (c) => c.replace("Options Indexes FollowSymLinks", "Options +ExecCGI Indexes") },
  { name: "an unclosed section", edit: (c) => c.replace("</Directory>\n", "") },
  { name: "a stray closing tag", edit: (c) => c + "</Directory>\n" },
  { name: "a wrong module name", edit: (c) => c + "LoadModule fastcgi_module modules/mod_cgi.so\n" },
  { name: "a module file that is not there", edit: (c) => c + "LoadModule fastcgi_module modules/mod_fastcgi.so\n" },
  { name: "the article's truncated LoadModule line", edit: (c) => c + "LoadModule fastcgi_module lib/apache/\n" },
  { name: "a DocumentRoot that does not exist", edit: (c) => c.replace('DocumentRoot "/var/www/html"', 'DocumentRoot "/var/www/htdocs"') },
  { name: "garbage inside an <IfModule> for an absent module", edit: (c) => c + "<IfModule mod_fastcgi.c>\nAddHandler fastcgi-script .fcgi\nNonsense here\n</IfModule>\n" },
  { name: "AddHandler with one argument", edit: (c) => c + "AddHandler cgi-script\n" },
];

const REAL_ROOT = "/usr/lib/apache2";

function normalize(text: string, confPath: string): string {
  return text
    .trim()
    .replace(/^apache2: /gm, "httpd: ")
    .split(confPath).join("CONF")
    .split(REAL_ROOT).join("ROOT")
    .split("/etc/httpd").join("ROOT")
    .split("/usr/lib64/httpd/modules").join("ROOT/modules");
}

describe("configtest against real apache2 -t", () => {
  let dir: string;
  beforeAll(() => {
    if (!apacheAvailable()) throw new Error("Debian's apache2 is not installed: run `node scripts/ensure-peers.mjs` (npm test does)");
    dir = mkdtempSync(join(tmpdir(), "cgi-lab-configtest-"));
  });

  for (const [i, c] of CASES.entries()) {
    it(c.name, () => {
      const text = c.edit(BASE);
      const realPath = join(dir, `case${i}.conf`);
      writeFileSync(realPath, text.replace("@ROOT@", REAL_ROOT));
      const real = spawnSync("apache2", ["-t", "-f", realPath], { encoding: "utf8" });
      const realOut = normalize(`${real.stderr}${real.stdout}`, realPath);

      const fs = createDefaultFs();
      fs.mkdir("/var/www/cgi-bin", { recursive: true });
      fs.writeFile("/etc/httpd/conf/httpd.conf", text.replace("@ROOT@", "/etc/httpd"));
      const r = loadServerConfig(fs);
      const emuOut = normalize(r.ok ? "Syntax OK" : r.output, "/etc/httpd/conf/httpd.conf");

      expect(r.ok).toBe(real.status === 0);
      expect(emuOut).toBe(realOut);
    });
  }
});
