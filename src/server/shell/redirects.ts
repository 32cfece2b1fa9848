/**
 * Programs this terminal does not run, answered with what to do instead:
 * Python (the web server runs scripts), full-screen editors (the Editor
 * pane does that), and policy tools CGI Lab does not model.
 */
import type { Command } from "./types.ts";

/** The interpreter the emulated server runs scripts with (Pyodide's CPython). */
export const PYTHON_VERSION = "Python 3.14.2";

export const python: Command = (args, io) => {
  if (args[0] === "--version" || args[0] === "-V") {
    io.out(PYTHON_VERSION + "\n");
    return 0;
  }
  io.err(
    "python3: this terminal doesn't run Python itself; the web server does, once per request.\n" +
      "Request the script and look at its output, environment and errors in the panes:\n" +
      "    curl -i http://localhost/cgi-bin/hello.py\n",
  );
  return 1;
};

export const editor: Command = (args, io) => {
  const file = args.find((a) => !a.startsWith("-") && !a.startsWith("+"));
  io.err(`There is no full-screen editor in this terminal. Open ${file ?? "the file"} in the Editor pane (click it in the Files tree), or write it with echo '...' > file.\n`);
  return 1;
};

export const semanage: Command = (_args, io) => {
  io.err("semanage: changing the SELinux policy isn't modelled in CGI Lab. Label a file with chcon -t TYPE FILE, or reset it with restorecon -v FILE.\n");
  return 1;
};

/** Running a script from the shell: what would happen is an exec, which this terminal leaves to httpd. */
export const runScriptNote = (path: string): string =>
  `bash: ${path}: this terminal doesn't run programs itself; the web server runs CGI scripts. Request it instead, e.g. curl -i http://localhost/cgi-bin/<name>.py\n`;
