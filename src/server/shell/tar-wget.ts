/**
 * `wget` and `tar` for the article's mod_fastcgi build. The machine has no
 * network: wget fails as it would offline and points at the tarball a
 * lesson put in /root. tar unpacks only that tarball, into stand-in files.
 */
import { basename, normalizePath } from "../vfs.ts";
import { MOD_FASTCGI_FILES, MOD_FASTCGI_MTIME, MOD_FASTCGI_TARBALL } from "./mod-fastcgi-source.ts";
import { withMtime } from "./mv-cp.ts";
import type { Command, CommandIo } from "./types.ts";
import { newFileLabel } from "./util.ts";

const TARBALL_IN_ROOT = `/root/${MOD_FASTCGI_TARBALL}`;

export const wget: Command = (args, io) => {
  const url = args.find((a) => !a.startsWith("-"));
  if (url === undefined) {
    io.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    return 1;
  }
  const host = /^(?:\w+:\/\/)?([^/:?#]+)/.exec(url)?.[1] ?? url;
  if (/^(localhost|127\.0\.0\.1)$/i.test(host)) {
    io.err(`wget: to fetch from this machine's web server, use curl: curl -i ${url}\n`);
    return 1;
  }
  const d = new Date(io.clock()).toISOString();
  io.err(`--${d.slice(0, 10)} ${d.slice(11, 19)}--  ${/^\w+:\/\//.test(url) ? url : `http://${url}`}\n`);
  io.err(`Resolving ${host} (${host})... failed: Name or service not known.\nwget: unable to resolve host address \u2018${host}\u2019\n`);
  io.err(
    io.fs.exists(TARBALL_IN_ROOT)
      ? `(CGI Lab's machine has no network. The file the article downloads is already here: ${TARBALL_IN_ROOT}\n Unpack it with: cd /root && tar -zxvf ${MOD_FASTCGI_TARBALL})\n`
      : `(CGI Lab's machine has no network. The FastCGI lessons put ${MOD_FASTCGI_TARBALL} in /root for you.)\n`,
  );
  return 4;
};

interface TarArgs {
  mode?: "x" | "t" | "c";
  gzip: boolean;
  verbose: boolean;
  file?: string;
  dir?: string;
}

/** tar's three spellings: `zxvf f`, `-zxvf f`, `--extract --file=f`. */
function parseTar(args: string[]): TarArgs | string {
  const o: TarArgs = { gzip: false, verbose: false };
  const pending: ("f" | "C")[] = [];
  let error: string | null = null;
  const letter = (c: string) => {
    if (c === "x" || c === "t" || c === "c") o.mode = c;
    else if (c === "z" || c === "j" || c === "J" || c === "a") o.gzip = true;
    else if (c === "v") o.verbose = true;
    else if (c === "f" || c === "C") pending.push(c);
    else if (c !== "p" && c !== "o") error ??= `tar: invalid option -- '${c}'\nTry 'tar --help' or 'tar --usage' for more information.`;
  };
  const take = (which: "f" | "C", v: string) => (which === "f" ? (o.file = v) : (o.dir = v));
  args.forEach((a, i) => {
    if (i === 0 && /^[a-zA-Z]+$/.test(a)) for (const c of a) letter(c);
    else if (a.startsWith("--")) {
      const [name, v] = a.slice(2).split("=", 2) as [string, string | undefined];
      const map: Record<string, string> = { extract: "x", get: "x", list: "t", create: "c", gzip: "z", gunzip: "z", verbose: "v", file: "f", directory: "C" };
      if (map[name]) letter(map[name]!);
      if (v !== undefined && (name === "file" || name === "directory")) take(pending.pop()!, v);
    } else if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        letter(c);
        // In a dash bundle, f or C followed by more letters takes those letters as its value.
        if ((c === "f" || c === "C") && j + 1 < a.length) {
          take(pending.pop()!, a.slice(j + 1));
          break;
        }
      }
    } else if (pending.length) take(pending.shift()!, a);
  });
  return error ?? o;
}

const fatal = (io: CommandIo, text: string) => {
  io.err(text + "\n");
  return 2;
};

export const tar: Command = (args, io) => {
  const o = parseTar(args);
  if (typeof o === "string") return fatal(io, o);
  if (!o.mode) return fatal(io, "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.");
  if (o.mode === "c") return fatal(io, "tar: creating archives isn't supported in this terminal");
  if (o.file === undefined) return fatal(io, "tar: Refusing to read archive contents from terminal (missing -f option?)\ntar: Error is not recoverable: exiting now");
  const archive = io.resolve(o.file);
  const st = io.fs.stat(archive);
  if (!st || st.type !== "file") {
    const why = st ? "Is a directory" : "No such file or directory";
    return fatal(io, o.gzip
      ? `tar (child): ${o.file}: Cannot open: ${why}\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\ntar: Error is not recoverable: exiting now`
      : `tar: ${o.file}: Cannot open: ${why}\ntar: Error is not recoverable: exiting now`);
  }
  if (basename(archive) !== MOD_FASTCGI_TARBALL) return fatal(io, "tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors");
  const into = o.dir === undefined ? io.cwd : io.resolve(o.dir);
  if (o.mode === "x" && io.fs.stat(into)?.type !== "dir") return fatal(io, `tar: ${o.dir ?? "."}: Cannot chdir: No such file or directory\ntar: Error is not recoverable: exiting now`);
  for (const [name, content] of MOD_FASTCGI_FILES) {
    if (o.mode === "t" && o.verbose) {
      const size = String(content?.length ?? 0).padStart(8);
      io.out(`${content === null ? "drwxr-xr-x" : "-rw-r--r--"} root/root ${size} 2003-11-24 14:18 ${name}\n`);
    } else if (o.verbose || o.mode === "t") io.out(name + "\n");
    if (o.mode !== "x") continue;
    const path = normalizePath(name, into);
    // Files keep the archive's times, as tar restores them; labels come from where they land.
    withMtime(io.fs, MOD_FASTCGI_MTIME, () => {
      if (content === null) {
        if (!io.fs.exists(path)) io.fs.mkdir(path, { mode: 0o755, label: newFileLabel(io.fs, path) });
      } else io.fs.writeFile(path, content, { mode: 0o644, owner: "root", group: "root", ...(io.fs.exists(path) ? {} : { label: newFileLabel(io.fs, path) }) });
    });
  }
  return 0;
};
