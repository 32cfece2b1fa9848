/**
 * Shared by the shell's tests: the default Fedora filesystem at a fixed
 * time, and a terminal that remembers its working directory between lines.
 */
import type { HttpRequest, HttpResponse } from "../../protocol/http-message.ts";
import { loadServerConfig } from "../config/server-config.ts";
import { createDefaultFs } from "../default-workspace/index.ts";
import type { Vfs } from "../vfs.ts";
import { runShell } from "./run.ts";
import type { ShellHttpd, ShellResult } from "./types.ts";

export const T0 = Date.UTC(2025, 10, 25, 10, 0);

export interface Terminal {
  fs: Vfs;
  cwd: string;
  run(line: string): Promise<ShellResult>;
  /** Runs a line and returns its output only. */
  out(line: string): Promise<string>;
}

export function terminal(opts: { fs?: Vfs; httpd?: ShellHttpd | null; cwd?: string } = {}): Terminal {
  const fs = opts.fs ?? createDefaultFs({ now: () => T0 });
  const t: Terminal = {
    fs,
    cwd: opts.cwd ?? "/var/www/cgi-bin",
    async run(line) {
      const r = await runShell(line, { fs, httpd: opts.httpd ?? null, cwd: t.cwd, clock: () => T0 + 60_000 });
      t.cwd = r.cwd;
      return r;
    },
    async out(line) {
      return (await t.run(line)).output;
    },
  };
  return t;
}

/** A stand-in server: answers from a function and records the requests it got. */
export class FakeHttpd implements ShellHttpd {
  selinuxEnforcing = true;
  running = true;
  config = { listen: [{ port: 80 }] };
  requests: HttpRequest[] = [];
  commands: string[] = [];
  /** With a filesystem, configtest reads httpd.conf as the real server does. */
  constructor(
    private answer: (req: HttpRequest) => HttpResponse,
    private fs?: Vfs,
  ) {}

  async handle(req: HttpRequest): Promise<{ response: HttpResponse }> {
    this.requests.push(req);
    return { response: this.answer(req) };
  }

  async apachectl(command: string): Promise<{ ok: boolean; output: string }> {
    this.commands.push(command);
    if ((command === "configtest" || command === "restart" || command === "start") && this.fs) {
      const r = loadServerConfig(this.fs);
      if (!r.ok) return { ok: false, output: r.output };
    }
    if (command === "stop") this.running = false;
    if (command === "start" || command === "restart") this.running = true;
    if (command === "status") return { ok: true, output: this.running ? "httpd (pid 1194) is running" : "httpd is not running" };
    return { ok: true, output: command === "configtest" ? "Syntax OK" : "" };
  }
}

export const text = (s: string) => new TextEncoder().encode(s);
