/**
 * "Download as zip": the workspace laid out as a real server's tree
 * (etc/httpd/conf/httpd.conf, var/www/html/…, var/www/cgi-bin/…) with each
 * file's unix mode in the zip's external attributes, so `unzip` restores the
 * exec bit; plus a README.md on running it on Fedora or Debian/Ubuntu, and the
 * CGI Lab compatibility modules (cgi, cgitb, flup) under python-compat/.
 *
 * Pure: the caller passes the compat module files (in the browser from
 * bundledPythonFiles(), in Node from loadPythonFilesFromDisk()).
 */
import { zipSync, type ZipAttributes } from "fflate";
import type { Vfs, VNode } from "../server/vfs.ts";

export interface CompatFile {
  /** Relative to src/runtime/python/, e.g. "site-packages/cgi.py" (as PythonFile has it), or to site-packages. */
  path: string;
  text: string;
}

export interface WorkspaceZipOptions {
  /** Top folder inside the zip; default "cgi-lab-workspace". */
  root?: string;
  /** The compat modules; those outside site-packages/ (the runtime itself) are left out. */
  compat?: CompatFile[];
  /** Shown in the README. */
  lessonId?: string | null;
  lessonTitle?: string;
  selinux?: "enforcing" | "permissive";
  /** Timestamp of every entry (default: now). */
  date?: Date;
  /** Paths left out besides the defaults (DEFAULT_EXCLUDES). */
  exclude?: (path: string) => boolean;
}

/**
 * Left out: the emulator's stand-ins for programs and modules (a real system
 * has its own), logs, and files a package owns on a real system.
 */
export const DEFAULT_EXCLUDES: readonly string[] = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/log", "/tmp", "/proc", "/dev", "/sys", "/run", "/root", "/var/lib", "/etc/mime.types", "/etc/hostname"];

export function isExcluded(path: string): boolean {
  return DEFAULT_EXCLUDES.some((x) => path === x || path.startsWith(x + "/"));
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MSDOS_DIR = 0x10;

function attrs(node: VNode, date: Date): ZipAttributes {
  const type = node.type === "dir" ? S_IFDIR : S_IFREG;
  return { os: 3, attrs: (((type | (node.mode & 0o7777)) << 16) | (node.type === "dir" ? MSDOS_DIR : 0)) >>> 0, mtime: date };
}

export interface ZipEntryInfo {
  /** Path inside the zip. */
  name: string;
  mode: number;
  type: "file" | "dir";
}

/** The zip as bytes. */
export function workspaceZip(vfs: Vfs, opts: WorkspaceZipOptions = {}): Uint8Array {
  return buildWorkspaceZip(vfs, opts).zip;
}

/** The zip and the list of what went in (for a preview before downloading). */
export function buildWorkspaceZip(vfs: Vfs, opts: WorkspaceZipOptions = {}): { zip: Uint8Array; entries: ZipEntryInfo[] } {
  const root = (opts.root ?? "cgi-lab-workspace").replace(/^\/+|\/+$/g, "");
  const date = clampDate(opts.date ?? new Date());
  const files: Record<string, [Uint8Array, ZipAttributes]> = {};
  const entries: ZipEntryInfo[] = [];
  const skip = (p: string) => isExcluded(p) || (opts.exclude?.(p) ?? false);
  const nodes = vfs.serialize().nodes.filter(([p]) => p !== "/" && !skip(p));
  nodes.sort(([a], [b]) => (a < b ? -1 : 1));
  const tree: { path: string; node: VNode }[] = [];
  for (const [p, node] of nodes) {
    const name = `${root}${p}${node.type === "dir" ? "/" : ""}`;
    files[name] = [node.type === "dir" ? new Uint8Array() : node.data, attrs(node, date)];
    entries.push({ name, mode: node.mode, type: node.type });
    tree.push({ path: p, node });
  }
  const compat = (opts.compat ?? [])
    .map((f) => ({ rel: f.path.replace(/^site-packages\//, ""), text: f.text }))
    .filter((f) => f.rel !== "_cgi_lab_runtime.py" && !f.rel.startsWith("tests/") && f.rel.split("/").every((part) => part !== "" && part !== "." && part !== ".."))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1));
  const enc = new TextEncoder();
  const put = (rel: string, data: Uint8Array, mode: number) => {
    const name = `${root}/${rel}`;
    files[name] = [data, { os: 3, attrs: (((S_IFREG | mode) << 16) >>> 0), mtime: date }];
    entries.push({ name, mode, type: "file" });
  };
  if (compat.length) {
    put("python-compat/README.txt", enc.encode(COMPAT_README), 0o644);
    for (const f of compat) put(`python-compat/${f.rel}`, enc.encode(f.text), 0o644);
  }
  put("README.md", enc.encode(readmeText(tree, compat.map((c) => c.rel), opts)), 0o644);
  return { zip: zipSync(files, { level: 6 }), entries };
}

function clampDate(d: Date): Date {
  const min = Date.UTC(1980, 0, 2);
  const max = Date.UTC(2099, 11, 31);
  return new Date(Math.min(max, Math.max(min, d.getTime())));
}

const COMPAT_README = `These are CGI Lab's compatibility modules, the ones the emulator's Python
imports when a script says "import cgi", "import cgitb" or "from flup...":

  cgi.py, cgitb.py   Python removed both from its standard library in 3.13
                     (PEP 594). These copies keep old CGI scripts running.
  flup/              the part of flup (a FastCGI server for WSGI apps) that
                     the FastCGI lessons use.

You need them on a real machine only if a script imports them. See README.md
("Python compatibility modules") for where to put them.
`;

function modeText(mode: number): string {
  return mode.toString(8).padStart(3, "0");
}

function readmeText(tree: { path: string; node: VNode }[], compat: string[], opts: WorkspaceZipOptions): string {
  const root = (opts.root ?? "cgi-lab-workspace").replace(/^\/+|\/+$/g, "");
  const files = tree.filter((t) => t.node.type === "file");
  const scripts = files.filter((t) => (t.node.mode & 0o111) !== 0);
  const has = (p: string) => tree.some((t) => t.path === p);
  const cgiScripts = scripts.filter((t) => t.path.startsWith("/var/www/cgi-bin/"));
  const otherRoots = [...new Set(files.map((t) => "/" + t.path.split("/")[1]))].filter((r) => r !== "/etc" && r !== "/var");
  const lesson = opts.lessonId ? `of the CGI Lab lesson "${opts.lessonTitle ?? opts.lessonId}"` : "of a CGI Lab workspace";
  const labelOf = (t: { node: VNode }) => t.node.label.split(":")[2] ?? t.node.label;
  const width = Math.max(5, ...files.map((t) => labelOf(t).length));
  const fileList = [`    mode  ${"label".padEnd(width)}  path`, ...files.map((t) => `    ${modeText(t.node.mode).padEnd(4)}  ${labelOf(t).padEnd(width)}  ${t.path}`)].join("\n");
  const chmods = scripts.map((t) => `sudo chmod ${modeText(t.node.mode)} ${t.path}`).join("\n") || "# (no executable files)";
  const debScripts = cgiScripts.map((t) => `sudo install -m ${modeText(t.node.mode)} var/www/cgi-bin/${t.path.slice("/var/www/cgi-bin/".length)} /usr/lib/cgi-bin/`).join("\n");
  const usesCompat = compat.length > 0;
  return `# CGI Lab workspace

These are the files ${lesson}, laid out as on the Fedora server CGI Lab
emulates: every path below this folder is the path on
the server (\`etc/httpd/conf/httpd.conf\` is \`/etc/httpd/conf/httpd.conf\`).
Unix permissions are stored in the zip, so \`unzip\` keeps the scripts'
execute bit. SELinux labels cannot be stored in a zip: \`restorecon\` sets
them (see below).${opts.selinux === "permissive" ? "\n\nThe workspace ran with SELinux in permissive mode (`setenforce 0`)." : ""}

Left out on purpose: the emulator's stand-ins for programs and Apache
modules (\`/usr/bin\`, \`/usr/lib64/httpd/modules\`; your system has the real
ones), the logs, and system files such as \`/etc/mime.types\`.

## What is in here

${fileList}

The labels are those the files had in CGI Lab. \`restorecon\` below gives
each file the default label of its directory; if you changed a label on
purpose (\`chcon\`), set it again on the real machine.

## Run it on Fedora (or RHEL, CentOS Stream, AlmaLinux, Rocky)

\`\`\`sh
sudo dnf install httpd python3
cd ${root}
# Keep the system's own configuration, then put this one in its place.
sudo cp /etc/httpd/conf/httpd.conf /etc/httpd/conf/httpd.conf.orig
sudo cp -r etc/httpd/. /etc/httpd/
sudo cp -r var/www/. /var/www/
${otherRoots.map((r) => `sudo cp -r .${r}/. ${r}/`).join("\n")}${otherRoots.length ? "\n" : ""}# cp keeps the mode of an existing file; set the execute bits explicitly:
${chmods}
# SELinux: give every file the label its directory calls for
# (httpd_sys_script_exec_t in cgi-bin, httpd_sys_content_t in html).
sudo restorecon -Rv /var/www /etc/httpd
sudo apachectl configtest
sudo systemctl enable --now httpd
sudo systemctl restart httpd
curl -i http://localhost/${cgiScripts[0] ? `cgi-bin/${cgiScripts[0].path.slice("/var/www/cgi-bin/".length)}` : ""}
\`\`\`

The \`httpd.conf\` here is CGI Lab's, with the \`LoadModule\` lines in the file
itself; Fedora's own loads them from \`conf.modules.d/\`. If \`apachectl
configtest\` complains, go back to \`httpd.conf.orig\` and copy over only the
lines you changed. Modules that are not in the httpd package come from their
own (\`sudo dnf install mod_fcgid\`, for instance). Errors go to
\`/var/log/httpd/error_log\`; SELinux denials to \`/var/log/audit/audit.log\`
(\`sudo ausearch -m AVC -ts recent\`).

## Run it on Debian or Ubuntu

Debian's Apache is the package \`apache2\`, laid out differently, and has no
SELinux (labels and \`restorecon\` do not apply):

\`\`\`sh
sudo apt install apache2 python3
sudo a2enmod cgi          # on the event or worker MPM this enables mod_cgid
sudo systemctl restart apache2
cd ${root}
sudo cp -r var/www/html/. /var/www/html/
# Debian's ScriptAlias /cgi-bin/ points at /usr/lib/cgi-bin, not /var/www/cgi-bin:
${debScripts || "# (no CGI scripts in this workspace)"}
\`\`\`

- Configuration lives in \`/etc/apache2/\` (\`apache2.conf\`, \`sites-available/000-default.conf\`,
  \`conf-available/serve-cgi-bin.conf\`), not in one \`httpd.conf\`: carry over
  the directives you changed by hand rather than copying the file.
- \`#!/usr/bin/python3\` works as is; \`python3\` is at the same path.
- The server runs as \`www-data\`, not \`apache\`; logs are in
  \`/var/log/apache2/error.log\` and \`access.log\`.

## Python compatibility modules

${
  usesCompat
    ? `\`python-compat/\` holds CGI Lab's \`${compat.filter((c) => !c.includes("/")).join("`, `")}\`${compat.some((c) => c.startsWith("flup/")) ? " and `flup/`" : ""}.
\`cgi\` and \`cgitb\` were removed from Python's standard library in 3.13
(PEP 594), so on a current system \`import cgi\` fails unless you provide
them; \`flup\` was never part of Python. You need this only if your scripts
import them. Either install the packaged versions (\`pip install legacy-cgi
flup\`, or your distribution's python3-legacy-cgi), or use these copies:

\`\`\`sh
sudo mkdir -p /usr/local/lib/cgi-lab-python
sudo cp -r python-compat/. /usr/local/lib/cgi-lab-python/
sudo restorecon -Rv /usr/local/lib/cgi-lab-python   # Fedora only
\`\`\`

and tell Python where they are, in \`httpd.conf\` (Fedora) or
\`/etc/apache2/conf-available/serve-cgi-bin.conf\` (Debian; mod_env is on by default):

    SetEnv PYTHONPATH /usr/local/lib/cgi-lab-python

A FastCGI application started outside Apache needs the same variable in its
own environment.`
    : "This zip was made without CGI Lab's compatibility modules. If a script imports `cgi` or `cgitb` (removed from Python in 3.13), install `legacy-cgi` (`pip install legacy-cgi`)."
}
${has("/etc/httpd/conf/httpd.conf") ? "" : "\nThis workspace has no /etc/httpd/conf/httpd.conf: the server's own configuration applies.\n"}`;
}
