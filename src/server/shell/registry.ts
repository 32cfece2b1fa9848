/** Every command the terminal knows, with the one-line summary `help` prints. */
import * as b from "./builtins.ts";
import { chgrp, chown } from "./chown.ts";
import { chmod } from "./chmod.ts";
import { curl } from "./curl.ts";
import { grep } from "./grep.ts";
import { ls } from "./ls.ts";
import { make } from "./make.ts";
import { cp, mv } from "./mv-cp.ts";
import { editor, python, semanage } from "./redirects.ts";
import { mkdir, rm, touch } from "./rm-mkdir-touch.ts";
import * as se from "./selinux-commands.ts";
import { apachectl, httpd, systemctl } from "./server-control.ts";
import { tar, wget } from "./tar-wget.ts";
import { cat, head, tail, wc } from "./text-view.ts";
import type { Command } from "./types.ts";

interface Entry {
  run: Command;
  /** Shown by help; aliases leave it out. */
  summary?: string;
}

const help: Command = (_args, io) => {
  const rows = Object.entries(COMMANDS).filter(([, e]) => e.summary);
  const width = Math.max(...rows.map(([n]) => n.length));
  io.out(
    "Commands of this terminal (you are root on the article's Fedora machine):\n" +
      rows.map(([n, e]) => `  ${n.padEnd(width)}  ${e.summary}\n`).join("") +
      "Quoting ('…', \"…\", \\), ~, $VAR, globs (*.py), > >> < 2>&1, | && || ; work as in bash.\n",
  );
  return 0;
};

export const COMMANDS: Record<string, Entry> = {
  ls: { run: ls, summary: "list files (-l -a -Z -d -h -t -r)" },
  cd: { run: b.cd, summary: "change directory" },
  pwd: { run: b.pwd, summary: "print working directory" },
  cat: { run: cat, summary: "print files" },
  less: { run: cat },
  more: { run: cat },
  head: { run: head, summary: "first lines (-n N)" },
  tail: { run: tail, summary: "last lines (-n N); tail /var/log/httpd/error_log" },
  grep: { run: grep, summary: "search text (-i -v -n -c -r -E -F)" },
  wc: { run: wc, summary: "count lines, words, bytes" },
  echo: { run: b.echo, summary: "print text; with > or >> write a file" },
  printf: { run: b.printf, summary: "formatted text" },
  touch: { run: touch, summary: "create a file or update its time" },
  mkdir: { run: mkdir, summary: "make directories (-p)" },
  cp: { run: cp, summary: "copy (new file gets the directory's SELinux label)" },
  mv: { run: mv, summary: "move or rename (keeps the SELinux label)" },
  rm: { run: rm, summary: "remove (-r -f)" },
  chmod: { run: chmod, summary: "change permissions (755, a+x, u=rwx,go=rx, -R)" },
  chown: { run: chown, summary: "change owner (user[:group], -R)" },
  chgrp: { run: chgrp, summary: "change group" },
  getenforce: { run: se.getenforce, summary: "SELinux mode" },
  setenforce: { run: se.setenforce, summary: "set SELinux mode (0 | 1)" },
  sestatus: { run: se.sestatus, summary: "SELinux status" },
  restorecon: { run: se.restorecon, summary: "reset SELinux labels to the policy's defaults (-v -R)" },
  chcon: { run: se.chcon, summary: "change an SELinux label (-t TYPE or a full context)" },
  matchpathcon: { run: se.matchpathcon, summary: "the label the policy gives a path" },
  ausearch: { run: se.ausearch, summary: "SELinux denials (ausearch -m avc)" },
  semanage: { run: semanage },
  apachectl: { run: apachectl, summary: "configtest | start | stop | restart | graceful | status | -M" },
  httpd: { run: httpd, summary: "httpd -t (config test), -v, -M" },
  systemctl: { run: systemctl, summary: "start | stop | restart | reload | status httpd" },
  curl: { run: curl, summary: "request a URL from the web server (-i -I -v -X -H -d -L -o)" },
  wget: { run: wget },
  tar: { run: tar, summary: "unpack an archive (tar -zxvf mod_fastcgi-2.4.2.tar.gz)" },
  make: { run: make, summary: "build mod_fastcgi; make install" },
  python3: { run: python },
  python: { run: python },
  vi: { run: editor },
  vim: { run: editor },
  nano: { run: editor },
  emacs: { run: editor },
  history: { run: b.history, summary: "commands typed so far" },
  clear: { run: b.clear, summary: "clear the terminal" },
  whoami: { run: b.whoami },
  id: { run: b.id, summary: "user and SELinux context (id -Z)" },
  hostname: { run: b.hostname },
  date: { run: b.date },
  true: { run: b.trueCmd },
  false: { run: b.falseCmd },
  exit: { run: b.exit },
  help: { run: help, summary: "this list" },
};
