import { describe, expect, it } from "vitest";
import { createDefaultFs } from "../default-workspace/index.ts";
import { dirConfigFor } from "./per-dir-config.ts";
import { loadServerConfig } from "./server-config.ts";

function load(edit: (c: string) => string) {
  const fs = createDefaultFs();
  fs.writeFile("/etc/httpd/conf/httpd.conf", edit(fs.readText("/etc/httpd/conf/httpd.conf")));
  return loadServerConfig(fs);
}

describe("the default Fedora httpd.conf", () => {
  it("loads, with cgi_module and the article's ScriptAlias", () => {
    const r = load((c) => c);
    if (!r.ok) throw new Error(r.output);
    expect(r.config.modules.has("cgi_module")).toBe(true);
    expect(r.config.aliases).toContainEqual({ kind: "ScriptAlias", from: "/cgi-bin/", to: "/var/www/cgi-bin/" });
    expect(r.config.documentRoot).toBe("/var/www/html");
    expect(r.config.timeoutSec).toBe(60);
    expect(r.config.addDefaultCharset).toBe("UTF-8");
    // Directives that are accepted but change nothing here are listed.
    expect(r.config.withoutEffect.map((w) => w.name)).toContain("EnableSendfile");
  });

  it("merges <Directory> sections: Options None in cgi-bin, Indexes in html", () => {
    const r = load((c) => c);
    if (!r.ok) throw new Error(r.output);
    expect([...dirConfigFor(r.config, "/var/www/cgi-bin/x.py", "/cgi-bin/x.py").options]).toEqual([]);
    expect(dirConfigFor(r.config, "/var/www/html/index.html", "/index.html").options.has("Indexes")).toBe(true);
    expect(dirConfigFor(r.config, "/etc/passwd", "/x").require).toEqual(["all", "denied"]);
    expect(dirConfigFor(r.config, "/var/www/html/.htaccess", "/.htaccess").require).toEqual(["all", "denied"]);
  });

  it("AddHandler and +ExecCGI apply by extension inside a directory", () => {
    const r = load((c) => c + '<Directory "/var/www/html">\n    Options +ExecCGI\n    AddHandler cgi-script .py .cgi\n</Directory>\n');
    if (!r.ok) throw new Error(r.output);
    const d = dirConfigFor(r.config, "/var/www/html/a.py", "/a.py");
    expect(d.options.has("ExecCGI")).toBe(true);
    expect(d.options.has("Indexes")).toBe(true);
    expect(d.handlers.get("py")).toBe("cgi-script");
  });

  it("reports the first error as httpd -t does, with its line number", () => {
    const r = load((c) => c.replace("Timeout 60", "Timeout 60\nScriptAliass /x/ /y/"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const line = lineOf("ScriptAliass");
    expect(r.output).toBe(`AH00526: Syntax error on line ${line} of /etc/httpd/conf/httpd.conf:\nInvalid command 'ScriptAliass', perhaps misspelled or defined by a module not included in the server configuration`);
  });

  it("without LoadModule cgi_module, <IfModule mod_cgi.c> content is skipped", () => {
    const r = load((c) => c.replace(/^LoadModule cgi_module/m, "#LoadModule cgi_module") + "<IfModule mod_cgi.c>\nScriptLog logs/cgi_log\n</IfModule>\n");
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.modules.has("cgi_module")).toBe(false);
  });
});

function lineOf(word: string): number {
  const fs = createDefaultFs();
  const text = fs.readText("/etc/httpd/conf/httpd.conf").replace("Timeout 60", `Timeout 60\n${word} /x/ /y/`);
  return text.split("\n").findIndex((l) => l.startsWith(word)) + 1;
}
