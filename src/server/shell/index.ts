/**
 * The terminal of CGI Lab's virtual machine: root's bash on the article's
 * Fedora box, with the coreutils, SELinux and Apache tools the lessons use.
 */
export { runShell, shellState } from "./run.ts";
export { parseLine } from "./parse.ts";
export { COMMANDS } from "./registry.ts";
export { MAKEFILE_AP2, MOD_FASTCGI_DIR, MOD_FASTCGI_TARBALL, FEDORA_TOP_DIR } from "./mod-fastcgi-source.ts";
export type { ShellContext, ShellHttpd, ShellResult, ShellState } from "./types.ts";
