import type { HttpRequest, HttpResponse } from "../../protocol/http-message.ts";
import type { Vfs } from "../vfs.ts";

/**
 * What the shell needs of the web server. The real `Httpd` fits it, and so
 * does the worker's `HttpdLike`; it is structural so the shell can be tested
 * without booting a Python runtime.
 */
export interface ShellHttpd {
  /** The whole exchange is returned by the real server; the shell reads only the response. */
  handle(req: HttpRequest): Promise<{ response: HttpResponse }>;
  apachectl(command: string): Promise<{ ok: boolean; output: string }>;
  selinuxEnforcing: boolean;
  /** Absent on minimal stand-ins; the real Httpd has both. */
  running?: boolean;
  config?: { listen: { port: number }[] } | null;
}

export interface ShellContext {
  fs: Vfs;
  /** null while the server engine is not available: curl and apachectl then say so. */
  httpd: ShellHttpd | null;
  /** Working directory before the line runs (absolute, logical: symlinks kept). */
  cwd: string;
  /** Told of every directory change as it happens (cd in the middle of a chain). */
  setCwd?: (cwd: string) => void;
  /** Wall clock in ms; defaults to the filesystem's clock. */
  clock?: () => number;
  /** Command history; when absent the shell keeps one per filesystem. */
  history?: string[];
}

export interface ShellResult {
  /** Everything the terminal shows for the line: stdout and stderr, interleaved as written. */
  output: string;
  exitCode: number;
  /** Working directory after the line ran. */
  cwd: string;
  /** Set by `clear`: the terminal should wipe its scrollback. */
  clear?: boolean;
  /** Responses curl received, for panes that want to show the exchange. */
  responses?: HttpResponse[];
}

/** State a shell keeps between lines: one per filesystem, as a login session would. */
export interface ShellState {
  history: string[];
  oldPwd: string | null;
  lastExit: number;
  /** SELinux mode when there is no httpd to hold it. */
  enforcing: boolean;
  /** What httpd printed when systemd last failed to start it; null unless httpd.service is in the failed state. */
  httpdFailure: string | null;
  /** Variables set with NAME=value. */
  vars: Map<string, string>;
}

/** What one command sees while it runs. */
export interface CommandIo {
  fs: Vfs;
  httpd: ShellHttpd | null;
  readonly cwd: string;
  /** Piped input, or null when stdin is the terminal. */
  stdin: string | null;
  /** Whether stdout is the terminal (ls prints columns only then, as GNU ls checks isatty). */
  readonly stdoutIsTerminal: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Absolute logical path of an argument (relative to cwd, `~` already expanded). */
  resolve(path: string): string;
  setCwd(path: string): void;
  clock(): number;
  state: ShellState;
  /** Responses received by curl during this line. */
  responses: HttpResponse[];
  /** Set by `clear`. */
  requestClear(): void;
}

/** A command returns its exit status. */
export type Command = (args: string[], io: CommandIo) => number | Promise<number>;
