/**
 * The FastCGI process manager: starts application processes through the
 * runtime's ConnectionRunner, keeps them between requests, restarts one that
 * died, kills them all when httpd stops or restarts, and logs what the
 * Apache modules log while doing so.
 *
 * Log texts, from the modules' sources:
 * - mod_fastcgi 2.4.x fcgi_pm.c (warn, no client, the PM's pid):
 *     FastCGI:%s server "%s" %sstarted (pid %ld)         %s = " (dynamic)" | "", "re" | ""
 *     FastCGI:%s server "%s" (pid %ld) terminated by calling exit with status '%d'
 *     FastCGI:%s server "%s" (pid %ld) terminated due to uncaught signal '%d' (%s)
 *     FastCGI:%s server "%s" has failed to remain running for 30 seconds given 3 attempts, its restart interval has been backed off to 600 seconds
 *     FastCGI: process manager initialized (pid %ld)      (notice)
 *   spawn_fs_process: the child's stdout and stderr are the error log, so
 *   whatever an application prints outside a request lands there raw; an
 *   exec failure prints `FastCGI: can't start server "%s" (pid %ld), execle() failed: %s`.
 *   Shutting down (shutdown_all) sends SIGTERM and logs nothing.
 * - mod_fcgid fcgid_pm_main.c / fcgid_proc_unix.c:
 *     mod_fcgid: server %s(%d) started                    (info; reconstructed: older versions prefix the vhost)
 *     mod_fcgid: process %s(%d) exit(%s), %s              (notice, as in the 2.3 source read)
 *   with %s = "communication error" | "shutting down" | "server exited" ... and
 *   "terminated by calling exit(), return code: %d" | "get stop signal %d" | "get unexpected signal %d".
 */
import type { ConnectionProcess, ProcessResult, StreamChunk } from "../../runtime/process.ts";
import { SERVER_PATH } from "../cgi-handler.ts";
import type { LogLevel } from "../logs.ts";
import { processFiles } from "../process-files.ts";
import { planExec } from "../shebang.ts";
import { dirname, type Vfs } from "../vfs.ts";
import type { ServerConfig } from "../config/server-config.ts";
import type { ConnectionRunner } from "../../runtime/process.ts";

export type AppModule = "fastcgi" | "fcgid" | "network";
/** mod_fastcgi's three application classes, mod_fcgid's spawned class, and an app started by hand. */
export type AppKind = "dynamic" | "static" | "external" | "fcgid" | "network";

export interface AppSpec {
  module: AppModule;
  kind: AppKind;
  /** The program (SCRIPT path): argv[0]. */
  script: string;
  /** The process's own environment (mod_fastcgi: only -initial-env; empty by default). */
  env: [string, string][];
  /** FastCgiServer -processes N. */
  processes: number;
  /** mod_fastcgi -idle-timeout (30 s by default); mod_fcgid FcgidIOTimeout (40 s). */
  idleTimeoutSec: number;
  /** Where it listens on the emulated network, if on TCP. */
  listen?: { host: string; port: number };
}

export interface AppInstance {
  spec: AppSpec;
  /** The emulated pid, from httpd's pid counter (as CGI children get). */
  pid: number;
  /** The runtime's own id for the process, when there is one. */
  runtimePid: number | null;
  proc: ConnectionProcess | null;
  state: "starting" | "serving" | "exited";
  /** Resolves "serving" once the program handed control to the runtime, "exited" if it ended instead. */
  ready: Promise<"serving" | "exited">;
  exited: Promise<ProcessResult | { synthetic: true; code: number }>;
  result?: ProcessResult | { synthetic: true; code: number };
  startedAt: number;
  /** Requests served (for FcgidMaxRequestsPerProcess and the panes). */
  requests: number;
  /** Set when the process manager itself stops it. */
  stopping?: "shutdown" | "restart" | "lifetime";
  /** Output the process wrote outside any request, in order (its console). */
  console: StreamChunk[];
}

export interface PmHost {
  fs: Vfs;
  config(): ServerConfig | null;
  connections(): ConnectionRunner | undefined;
  nextPid(): number;
  now(): number;
  /** A process-manager line (no client field) for the error log. */
  log(module: "fastcgi" | "fcgid", level: LogLevel, message: string, pid?: number): void;
  /** A raw line in the error log (the application's own stdout/stderr). */
  raw(line: string): void;
}

export interface AppClass {
  key: string;
  spec: AppSpec;
  instances: AppInstance[];
  /** Instances ever started for this class (a second start logs "restarted"). */
  starts: number;
  /** Unexpected exits in a row that lived under 30 s (mod_fastcgi's numFailures). */
  failures: number;
  /** mod_fastcgi backed the restart interval off to 600 s: no automatic restarts. */
  bad: boolean;
  next: number;
}

/** fcgi_pm.c: RUNTIME_SUCCESS_INTERVAL, MAX_FAILED_STARTS, FAILED_STARTS_DELAY. */
const RUNTIME_SUCCESS_INTERVAL = 30;
const MAX_FAILED_STARTS = 3;
const FAILED_STARTS_DELAY = 600;

const SIGNALS: Record<number, string> = { 9: "Killed", 11: "Segmentation fault", 15: "Terminated", 6: "Aborted" };

export class ProcessManager {
  readonly classes = new Map<string, AppClass>();
  /** Pid of mod_fastcgi's fcgi-pm process while httpd runs. */
  pmPid: number | null = null;
  private generation = 0;

  constructor(private readonly host: PmHost) {}

  classFor(key: string, spec: AppSpec): AppClass {
    let c = this.classes.get(key);
    if (!c) {
      c = { key, spec, instances: [], starts: 0, failures: 0, bad: false, next: 0 };
      this.classes.set(key, c);
    } else {
      c.spec = spec;
    }
    return c;
  }

  /** Live instances of a class (starting or serving). */
  live(c: AppClass): AppInstance[] {
    return c.instances.filter((i) => i.state !== "exited");
  }

  /** Starts instances until the class has `spec.processes` live ones. */
  fill(c: AppClass): AppInstance[] {
    const started: AppInstance[] = [];
    while (this.live(c).length < Math.max(1, c.spec.processes)) started.push(this.start(c));
    return started;
  }

  /** A serving (or starting) instance, round-robin; starts one if none is live. */
  pick(c: AppClass): { inst: AppInstance; started: boolean } {
    const live = this.live(c);
    if (live.length) {
      const inst = live[c.next++ % live.length]!;
      return { inst, started: false };
    }
    return { inst: this.start(c), started: true };
  }

  /** Starts one process of the class. */
  start(c: AppClass): AppInstance {
    const { spec } = c;
    const gen = this.generation;
    const pid = this.host.nextPid();
    const restart = c.starts > 0;
    c.starts++;
    let resolveReady!: (v: "serving" | "exited") => void;
    let resolveExit!: (r: AppInstance["exited"] extends Promise<infer T> ? T : never) => void;
    const inst: AppInstance = {
      spec,
      pid,
      runtimePid: null,
      proc: null,
      state: "starting",
      ready: new Promise((r) => (resolveReady = r)),
      exited: new Promise((r) => (resolveExit = r)),
      startedAt: this.host.now(),
      requests: 0,
      console: [],
    };
    c.instances = [...c.instances.filter((i) => i.state !== "exited"), inst];
    this.logStart(c, inst, restart);

    const fail = (stderr: string, code: number) => {
      for (const line of stderr.split("\n").filter(Boolean)) this.consoleLine(inst, line);
      inst.console.push({ stream: "stderr", bytes: new TextEncoder().encode(stderr), t: 0 });
      queueMicrotask(() => {
        const result = { synthetic: true as const, code };
        inst.result = result;
        inst.state = "exited";
        resolveReady("exited");
        resolveExit(result);
        this.onExit(c, inst, { kind: "exit", code }, gen);
      });
    };

    const { fs } = this.host;
    const cfg = this.host.config();
    const user = cfg?.user ?? "apache";
    const group = cfg?.group ?? "apache";
    const st = fs.stat(spec.script);
    // spawn_fs_process: chdir() to the script's directory, then execle(); a failure is printed to stderr (the error log).
    const execFail = (why: string) => fail(`FastCGI: can't start server "${spec.script}" (pid ${pid}), execle() failed: ${why}\n`, 255);
    if (!st || st.type !== "file") {
      execFail("No such file or directory");
      return inst;
    }
    const plan = planExec(fs, spec.script, fs.readFile(spec.script), SERVER_PATH, user, group);
    if (!plan.ok) {
      execFail(plan.error.replace(/^\(\d+\)/, ""));
      return inst;
    }
    if ("fails" in plan) {
      fail(plan.fails.stderr, plan.fails.exitCode);
      return inst;
    }
    if (!plan.python) {
      fail(`cgi-lab: ${plan.interpreter} cannot run here: CGI Lab runs Python programs only\n`, 126);
      return inst;
    }
    const runner = this.host.connections();
    if (!runner) {
      fail("cgi-lab: this build has no runtime for long-lived (FastCGI) processes\n", 127);
      return inst;
    }
    const files = processFiles(fs, user, group);
    const proc = runner.start({
      argv: [spec.script],
      env: spec.env,
      cwd: dirname(spec.script),
      stdin: new Uint8Array(),
      files: files.files,
      directories: files.directories,
      directoryModes: files.directoryModes,
      writableRoots: files.writableRoots,
    });
    inst.proc = proc;
    inst.runtimePid = proc.pid;
    let partial = "";
    proc.onChunk((chunk) => {
      inst.console.push(chunk);
      // The process's stdout and stderr are the error log (mod_fastcgi dup2()s them there; mod_fcgid likewise).
      const text = partial + new TextDecoder().decode(chunk.bytes);
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) this.consoleLine(inst, l);
    });
    proc.ready.then(
      (r) => {
        if (r === null && inst.state === "starting") inst.state = "serving";
        resolveReady(r === null ? "serving" : "exited");
      },
      () => resolveReady("exited"),
    );
    proc.exited.then(
      (result) => {
        if (partial) this.consoleLine(inst, partial);
        partial = "";
        inst.result = result;
        inst.state = "exited";
        resolveReady("exited");
        resolveExit(result);
        this.onExit(c, inst, result.end, gen);
      },
      (e: unknown) => {
        const result = { synthetic: true as const, code: 1 };
        this.consoleLine(inst, `cgi-lab: the runtime lost the process: ${(e as Error)?.message ?? e}`);
        inst.result = result;
        inst.state = "exited";
        resolveReady("exited");
        resolveExit(result);
        this.onExit(c, inst, { kind: "crashed", message: String(e) }, gen);
      },
    );
    return inst;
  }

  private consoleLine(inst: AppInstance, line: string): void {
    // An application on another host writes to its own terminal, not to this httpd's log.
    if (inst.spec.module === "network") return;
    this.host.raw(line);
  }

  private logStart(c: AppClass, inst: AppInstance, restart: boolean): void {
    const s = c.spec;
    if (s.module === "fastcgi") {
      const dyn = s.kind === "dynamic" ? " (dynamic)" : "";
      this.host.log("fastcgi", "warn", `FastCGI:${dyn} server "${s.script}" ${restart ? "re" : ""}started (pid ${inst.pid})`, this.pmPid ?? undefined);
    } else if (s.module === "fcgid") {
      this.host.log("fcgid", "info", `mod_fcgid: server ${s.script}(${inst.pid}) started`);
    }
  }

  private onExit(c: AppClass, inst: AppInstance, end: ProcessResult["end"], gen: number): void {
    const s = c.spec;
    if (inst.stopping === "shutdown" && s.module === "fastcgi") return; // shutdown_all logs nothing
    const lived = (this.host.now() - inst.startedAt) / 1000;
    if (s.module === "fastcgi") {
      const dyn = s.kind === "dynamic" ? " (dynamic)" : "";
      if (end.kind === "exit") {
        this.host.log("fastcgi", "warn", `FastCGI:${dyn} server "${s.script}" (pid ${inst.pid}) terminated by calling exit with status '${end.code & 0xff}'`, this.pmPid ?? undefined);
      } else {
        const sig = end.kind === "killed" ? (inst.stopping ? 15 : 9) : 11;
        this.host.log("fastcgi", "warn", `FastCGI:${dyn} server "${s.script}" (pid ${inst.pid}) terminated due to uncaught signal '${sig}' (${SIGNALS[sig]})`, this.pmPid ?? undefined);
      }
      if (inst.stopping || gen !== this.generation) return;
      c.failures = lived < RUNTIME_SUCCESS_INTERVAL ? c.failures + 1 : 0;
      // Static applications are always restarted by the PM; dynamic ones when the next request asks.
      if (s.kind === "static") {
        if (c.failures > MAX_FAILED_STARTS) {
          if (!c.bad) {
            c.bad = true;
            this.host.log("fastcgi", "warn", `FastCGI: server "${s.script}" has failed to remain running for ${RUNTIME_SUCCESS_INTERVAL} seconds given ${MAX_FAILED_STARTS} attempts, its restart interval has been backed off to ${FAILED_STARTS_DELAY} seconds`, this.pmPid ?? undefined);
          }
          return;
        }
        this.fill(c);
      }
    } else if (s.module === "fcgid") {
      const why = inst.stopping === "shutdown" ? "shutting down" : inst.stopping === "lifetime" ? "lifetime expired" : exitWhy.get(inst) ?? "server exited";
      let info: string;
      if (end.kind === "exit") info = `terminated by calling exit(), return code: ${end.code & 0xff}`;
      else if (end.kind === "killed") info = `get stop signal ${inst.stopping ? 15 : 9}`;
      else info = "get unexpected signal 11";
      this.host.log("fcgid", end.kind === "crashed" ? "error" : "notice", `mod_fcgid: process ${s.script}(${inst.pid}) exit(${why}), ${info}`);
    }
  }

  /** Records why mod_fcgid will report a process's end (its procnode->diewhy). */
  setDieWhy(inst: AppInstance, why: string): void {
    exitWhy.set(inst, why);
  }

  /** Stops one instance. */
  kill(inst: AppInstance, why: NonNullable<AppInstance["stopping"]>): void {
    if (inst.state === "exited") return;
    inst.stopping = why;
    inst.proc?.kill(why === "shutdown" ? "httpd is stopping (SIGTERM)" : `process manager: ${why}`);
  }

  /** httpd stop/restart: every process started by the modules gets SIGTERM. */
  shutdown(keep: (c: AppClass) => boolean = () => false): void {
    this.generation++;
    for (const c of this.classes.values()) {
      if (keep(c)) continue;
      for (const inst of c.instances) this.kill(inst, "shutdown");
      this.classes.delete(c.key);
    }
  }

  /** Everything running, for the panes. */
  snapshot(): { key: string; script: string; module: AppModule; kind: AppKind; pid: number; state: AppInstance["state"]; requests: number; listen?: string }[] {
    const out = [];
    for (const c of this.classes.values()) {
      for (const i of c.instances) {
        out.push({ key: c.key, script: c.spec.script, module: c.spec.module, kind: c.spec.kind, pid: i.pid, state: i.state, requests: i.requests, ...(c.spec.listen ? { listen: `${c.spec.listen.host}:${c.spec.listen.port}` } : {}) });
      }
    }
    return out;
  }
}

const exitWhy = new WeakMap<AppInstance, string>();
