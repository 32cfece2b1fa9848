/**
 * `make` and `make install` for mod_fastcgi's Makefile.AP2, as the article
 * runs them. The Makefile is really read: its top_dir must lead to Apache's
 * build/special.mk (on Fedora, httpd-devel's /usr/lib64/httpd), and its
 * install target must be one special.mk defines (install-modules-yes), which
 * is why the article edits both lines. The compile itself is shown, not run;
 * `make install` writes the module via the registry's stand-in content.
 */
import { moduleByName, moduleFileContent } from "../config/modules.ts";
import { normalizePath } from "../vfs.ts";
import { FEDORA_TOP_DIR, MOD_FASTCGI_SOURCES } from "./mod-fastcgi-source.ts";
import type { Command, CommandIo } from "./types.ts";
import { newFileLabel } from "./util.ts";

const LIBTOOL = "/usr/lib64/apr-1/build/libtool";
const MODULES_DIR = "/usr/lib64/httpd/modules";
/** Targets Apache's special.mk provides once included. */
const SPECIAL_TARGETS = new Set(["local-shared-build", "shared-build", "install-modules-yes", "install-modules-no"]);

interface Makefile {
  name: string;
  vars: Map<string, string>;
  includes: { path: string; line: number }[];
  targets: Map<string, string[]>;
  first?: string;
}

function expand(value: string, vars: Map<string, string>, depth = 0): string {
  if (depth > 10) return value;
  return value.replace(/\$[({](\w+)[)}]/g, (_m, n: string) => expand(vars.get(n) ?? "", vars, depth + 1));
}

function readMakefile(text: string, name: string, overrides: Map<string, string>): Makefile {
  const mk: Makefile = { name, vars: new Map(), includes: [], targets: new Map() };
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*/, "");
    if (!line.trim() || raw.startsWith("\t")) return;
    const inc = /^\s*-?include\s+(.+?)\s*$/.exec(line);
    const assign = /^\s*([\w.]+)\s*[:+?]?=\s*(.*?)\s*$/.exec(line);
    const rule = /^\s*([\w.$(){}/-]+)\s*:(?!=)\s*(.*?)\s*$/.exec(line);
    if (inc) mk.includes.push({ path: inc[1]!, line: i + 1 });
    else if (assign) mk.vars.set(assign[1]!, assign[2]!);
    else if (rule) {
      mk.targets.set(rule[1]!, rule[2]!.split(/\s+/).filter(Boolean));
      mk.first ??= rule[1]!;
    }
  });
  for (const [k, v] of overrides) mk.vars.set(k, v);
  mk.includes = mk.includes.map((inc) => ({ ...inc, path: expand(inc.path, mk.vars) }));
  return mk;
}

const stop = (io: CommandIo, message: string, hint = "") => {
  io.err(`${message}\n${hint}`);
  return 2;
};

/** The compile and link lines of Fedora's special.mk with libtool --silent. */
function build(io: CommandIo, dir: string): void {
  const cflags = "-prefer-pic -O2 -g -pipe -Wall -Werror=format-security -fstack-protector-strong -m64 -mtune=generic  -DLINUX -D_REENTRANT -D_GNU_SOURCE   -pthread -I/usr/include/httpd  -I/usr/include/apr-1";
  for (const src of MOD_FASTCGI_SOURCES) {
    io.out(`${LIBTOOL} --silent --mode=compile gcc ${cflags} -prefer-pic -c ${src}.c && touch ${src}.slo\n`);
    for (const ext of ["lo", "slo", "o"]) writeNew(io, normalizePath(`${src}.${ext}`, dir), ext === "lo" ? `# ${src}.lo - a libtool object file\npic_object='.libs/${src}.o'\n` : "");
  }
  io.out(`${LIBTOOL} --silent --mode=link gcc -Wl,-z,relro -Wl,-z,now    -o mod_fastcgi.la  -rpath ${MODULES_DIR} -module -avoid-version    ${MOD_FASTCGI_SOURCES.map((s) => `${s}.lo`).join(" ")}\n`);
  if (!io.fs.exists(normalizePath(".libs", dir))) io.fs.mkdir(normalizePath(".libs", dir), { label: newFileLabel(io.fs, normalizePath(".libs", dir)) });
  writeNew(io, normalizePath(".libs/mod_fastcgi.so", dir), moduleFileContent(moduleByName("fastcgi_module")!), 0o755);
  writeNew(io, normalizePath("mod_fastcgi.la", dir), "# mod_fastcgi.la - a libtool library file\ndlname='mod_fastcgi.so'\n");
}

function writeNew(io: CommandIo, path: string, content: string, mode = 0o644): void {
  io.fs.writeFile(path, content, io.fs.exists(path) ? {} : { mode, label: newFileLabel(io.fs, path) });
}

/** Whether the built module is newer than every source, so make has nothing to do. */
function upToDate(io: CommandIo, dir: string): boolean {
  const la = io.fs.stat(normalizePath("mod_fastcgi.la", dir));
  if (!la) return false;
  return MOD_FASTCGI_SOURCES.every((s) => (io.fs.stat(normalizePath(`${s}.c`, dir))?.mtimeMs ?? Infinity) <= la.mtimeMs);
}

function install(io: CommandIo, dir: string): void {
  const so = `${MODULES_DIR}/mod_fastcgi.so`;
  io.out(
    `/usr/lib64/httpd/build/instdso.sh SH_LIBTOOL='${LIBTOOL}' mod_fastcgi.la ${MODULES_DIR}\n` +
      `${LIBTOOL} --mode=install install mod_fastcgi.la ${MODULES_DIR}/\n` +
      `libtool: install: install .libs/mod_fastcgi.so ${so}\n` +
      `libtool: install: install .libs/mod_fastcgi.lai ${MODULES_DIR}/mod_fastcgi.la\n` +
      `libtool: finish: PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin" ldconfig -n ${MODULES_DIR}\n` +
      "----------------------------------------------------------------------\n" +
      `Libraries have been installed in:\n   ${MODULES_DIR}\n\n` +
      "If you ever happen to want to link against installed libraries\nin a given directory, LIBDIR, you must either use libtool, and\n" +
      "specify the full pathname of the library, or use the '-LLIBDIR'\nflag during linking and do at least one of the following:\n" +
      "   - add LIBDIR to the 'LD_LIBRARY_PATH' environment variable\n     during execution\n" +
      "   - add LIBDIR to the 'LD_RUN_PATH' environment variable\n     during linking\n" +
      "   - use the '-Wl,-rpath -Wl,LIBDIR' linker flag\n" +
      "   - have your system administrator add LIBDIR to '/etc/ld.so.conf'\n\n" +
      "See any operating system documentation about shared libraries for\nmore information, such as the ld(1) and ld.so(8) manual pages.\n" +
      "----------------------------------------------------------------------\n" +
      `chmod 755 ${so}\n`,
  );
  const built = io.fs.readFile(normalizePath(".libs/mod_fastcgi.so", dir));
  io.fs.writeFile(so, built.slice(), io.fs.exists(so) ? {} : { mode: 0o755, label: newFileLabel(io.fs, so) });
  io.fs.chmod(so, 0o755);
}

export const make: Command = (args, io) => {
  const overrides = new Map<string, string>();
  const goals: string[] = [];
  for (const a of args) {
    const m = /^(\w+)=(.*)$/.exec(a);
    if (m) overrides.set(m[1]!, m[2]!);
    else if (!a.startsWith("-")) goals.push(a);
  }
  const dir = io.cwd;
  const name = ["GNUmakefile", "makefile", "Makefile"].find((n) => io.fs.stat(normalizePath(n, dir))?.type === "file");
  if (!name) {
    if (goals.length) return stop(io, `make: *** No rule to make target '${goals[0]}'.  Stop.`);
    return stop(io, "make: *** No targets specified and no makefile found.  Stop.");
  }
  const mk = readMakefile(io.fs.readText(normalizePath(name, dir)), name, overrides);
  for (const inc of mk.includes) {
    const path = normalizePath(inc.path, dir);
    if (io.fs.exists(path) || path === `${FEDORA_TOP_DIR}/build/special.mk`) continue;
    return stop(
      io,
      `${name}:${inc.line}: ${inc.path}: No such file or directory\nmake: *** No rule to make target '${inc.path}'.  Stop.`,
      path.endsWith("/build/special.mk")
        ? `(On Fedora, httpd-devel installs Apache's build files under ${FEDORA_TOP_DIR}: set top_dir = ${FEDORA_TOP_DIR} in the ${name}, or run make top_dir=${FEDORA_TOP_DIR})\n`
        : "",
    );
  }
  const special = mk.includes.some((i) => i.path.endsWith("/build/special.mk"));
  const goal = goals[0] ?? mk.first;
  if (goal === undefined) return stop(io, "make: *** No targets.  Stop.");
  const deps = mk.targets.get(goal);
  if (deps === undefined && !(special && SPECIAL_TARGETS.has(goal))) return stop(io, `make: *** No rule to make target '${goal}'.  Stop.`);
  for (const dep of deps ?? []) {
    if (mk.targets.has(dep) || (special && SPECIAL_TARGETS.has(dep))) continue;
    return stop(
      io,
      `make: *** No rule to make target '${dep}', needed by '${goal}'.  Stop.`,
      dep === "install-modules" ? `(Apache 2.2 and later call this target install-modules-yes: change the line to 'install: install-modules-yes' in the ${name})\n` : "",
    );
  }
  const wanted = new Set([goal, ...(deps ?? [])]);
  if (wanted.has("clean")) {
    io.out("rm -f *.o *.lo *.slo *.la\n");
    for (const n of io.fs.list(dir)) if (/\.(o|lo|slo|la)$/.test(n)) io.fs.remove(normalizePath(n, dir));
    return 0;
  }
  const installing = wanted.has("install-modules-yes");
  const building = installing || wanted.has("local-shared-build") || wanted.has("shared-build");
  if (!building) {
    io.out(`make: Nothing to be done for '${goal}'.\n`);
    return 0;
  }
  const missing = MOD_FASTCGI_SOURCES.find((s) => !io.fs.exists(normalizePath(`${s}.c`, dir)));
  if (missing) return stop(io, `make: *** No rule to make target '${missing}.slo', needed by 'mod_fastcgi.la'.  Stop.`);
  if (!upToDate(io, dir)) build(io, dir);
  else if (!installing) {
    io.out(`make: Nothing to be done for '${goal}'.\n`);
    return 0;
  }
  if (installing) install(io, dir);
  return 0;
};
