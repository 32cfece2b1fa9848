import { fullLabel } from "../selinux-contexts.ts";
import { MODULES, moduleFileContent } from "../config/modules.ts";
import { Vfs } from "../vfs.ts";
import { DEFAULT_HTTPD_CONF } from "./httpd-conf.ts";
import { MIME_TYPES } from "./mime-types.ts";
import { ENV_PY, FORM_PY, HELLO_PY, INDEX_HTML } from "./site-files.ts";

export { DEFAULT_HTTPD_CONF } from "./httpd-conf.ts";

/** Stand-in executables: their existence is what the shebang check looks at. */
const PROGRAMS = ["/usr/bin/env", "/usr/bin/python3", "/usr/bin/python3.14", "/usr/bin/sh", "/usr/bin/bash", "/usr/sbin/httpd"];

/**
 * The filesystem of the article's Fedora machine: httpd's configuration,
 * the document root and cgi-bin, logs, and the programs scripts name in
 * their #! line. Labels are those restorecon would set.
 */
export function createDefaultFs(opts: { now?: () => number } = {}): Vfs {
  const fs = new Vfs();
  if (opts.now) fs.now = opts.now;
  const L = fullLabel;
  const dirs: [string, number, string, string?][] = [
    ["/etc", 0o755, "etc_t"],
    ["/etc/httpd", 0o755, "httpd_config_t"],
    ["/etc/httpd/conf", 0o755, "httpd_config_t"],
    ["/etc/httpd/conf.d", 0o755, "httpd_config_t"],
    ["/etc/httpd/conf.modules.d", 0o755, "httpd_config_t"],
    ["/usr", 0o755, "usr_t"],
    ["/usr/bin", 0o755, "bin_t"],
    ["/usr/sbin", 0o755, "bin_t"],
    ["/usr/lib64", 0o755, "lib_t"],
    ["/usr/lib64/httpd", 0o755, "lib_t"],
    ["/usr/lib64/httpd/modules", 0o755, "httpd_modules_t"],
    ["/var", 0o755, "var_t"],
    ["/var/www", 0o755, "httpd_sys_content_t"],
    ["/var/www/html", 0o755, "httpd_sys_content_t"],
    ["/var/www/cgi-bin", 0o755, "httpd_sys_script_exec_t"],
    ["/var/log", 0o755, "var_log_t"],
    ["/var/log/httpd", 0o700, "httpd_log_t"],
    ["/var/log/audit", 0o700, "auditd_log_t"],
    ["/var/lib", 0o755, "var_lib_t"],
    ["/tmp", 0o1777, "tmp_t"],
    ["/root", 0o550, "admin_home_t"],
    ["/home", 0o755, "home_root_t"],
  ];
  for (const [path, mode, type] of dirs) fs.mkdir(path, { mode, label: L(type) });
  fs.symlink("/var/log/httpd", "/etc/httpd/logs");
  fs.symlink("/usr/lib64/httpd/modules", "/etc/httpd/modules");
  fs.symlink("/usr/bin", "/bin");
  for (const info of MODULES) {
    if (info.name === "fastcgi_module") continue; // built from source in the FastCGI lessons
    fs.writeFile(`/usr/lib64/httpd/modules/${info.file}`, moduleFileContent(info), { mode: 0o755 });
  }
  for (const p of PROGRAMS) fs.writeFile(p, `\x7fELF CGI Lab stand-in for ${p}\n`, { mode: 0o755, label: L(p.includes("httpd") ? "httpd_exec_t" : "bin_t") });
  fs.symlink("/usr/bin/python3", "/usr/bin/python");
  fs.writeFile("/etc/httpd/conf/httpd.conf", DEFAULT_HTTPD_CONF, { mode: 0o644 });
  fs.writeFile("/etc/mime.types", MIME_TYPES, { mode: 0o644 });
  fs.writeFile("/etc/hostname", "localhost\n", { mode: 0o644 });
  fs.writeFile("/var/www/html/index.html", INDEX_HTML, { mode: 0o644 });
  fs.writeFile("/var/www/cgi-bin/hello.py", HELLO_PY, { mode: 0o755 });
  fs.writeFile("/var/www/cgi-bin/env.py", ENV_PY, { mode: 0o755 });
  fs.writeFile("/var/www/cgi-bin/form.py", FORM_PY, { mode: 0o755 });
  fs.writeFile("/var/log/httpd/error_log", "", { mode: 0o644 });
  fs.writeFile("/var/log/httpd/access_log", "", { mode: 0o644 });
  fs.writeFile("/var/log/audit/audit.log", "", { mode: 0o600 });
  return fs;
}
