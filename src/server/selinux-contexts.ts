/**
 * The part of Fedora's targeted policy file_contexts that CGI Lab's paths touch.
 * `restorecon` and `matchpathcon` use it; new files instead inherit their
 * directory's label, as on a real system.
 */
const RULES: [RegExp, string][] = [
  [/^\/var\/www\/cgi-bin(\/.*)?$/, "httpd_sys_script_exec_t"],
  [/^\/var\/www\/html\/.*\.(cgi|fcgi)$/, "httpd_sys_script_exec_t"],
  [/^\/var\/www(\/.*)?$/, "httpd_sys_content_t"],
  [/^\/var\/log\/httpd(\/.*)?$/, "httpd_log_t"],
  [/^\/var\/log\/audit(\/.*)?$/, "auditd_log_t"],
  [/^\/var\/log(\/.*)?$/, "var_log_t"],
  [/^\/var\/lib\/httpd(\/.*)?$/, "httpd_var_lib_t"],
  [/^\/var\/run\/httpd(\/.*)?$/, "httpd_var_run_t"],
  [/^\/etc\/httpd(\/.*)?$/, "httpd_config_t"],
  [/^\/etc(\/.*)?$/, "etc_t"],
  [/^\/usr\/sbin\/httpd$/, "httpd_exec_t"],
  [/^\/usr\/lib64\/httpd\/modules(\/.*)?$/, "httpd_modules_t"],
  [/^\/usr\/bin(\/.*)?$/, "bin_t"],
  [/^\/usr(\/.*)?$/, "usr_t"],
  [/^\/tmp$/, "tmp_t"],
  [/^\/tmp\/.+$/, "user_tmp_t"],
  [/^\/root(\/.*)?$/, "admin_home_t"],
  [/^\/home\/[^/]+(\/.*)?$/, "user_home_t"],
  [/^\/home$/, "home_root_t"],
  [/^\/srv(\/.*)?$/, "var_t"],
  [/^\/var(\/.*)?$/, "var_t"],
];

export const LABEL_PREFIX = "system_u:object_r:";
export const LABEL_SUFFIX = ":s0";

export function fullLabel(type: string, user = "system_u"): string {
  return `${user}:object_r:${type}${LABEL_SUFFIX}`;
}

/** The SELinux type of a label such as `system_u:object_r:httpd_sys_script_exec_t:s0`. */
export function labelType(label: string): string {
  return label.split(":")[2] ?? label;
}

/** The type file_contexts assigns to a path (what `restorecon` would set). */
export function defaultType(path: string): string {
  for (const [pattern, type] of RULES) if (pattern.test(path)) return type;
  return "default_t";
}

/** Types that httpd_t may execute as CGI scripts under the targeted policy. */
export const HTTPD_SCRIPT_EXEC_TYPES = new Set(["httpd_sys_script_exec_t", "httpd_unconfined_script_exec_t"]);

/** Types httpd_t may read as content. */
export const HTTPD_READABLE_TYPES = new Set([
  "httpd_sys_content_t",
  "httpd_sys_rw_content_t",
  "httpd_sys_script_exec_t",
  "httpd_config_t",
  "httpd_log_t",
  "etc_t",
  "usr_t",
  "bin_t",
  "httpd_modules_t",
  "public_content_t",
]);
