/**
 * Running a lesson on the emulated machine: apply its files to a Vfs,
 * (re)start httpd when the configuration changed, run its shell lines,
 * start applications on other hosts, send the check's requests through
 * Httpd.handle() and evaluate them.
 *
 * Works wherever the engine works (Node tests, the browser worker): it
 * needs a ProcessRunner/ConnectionRunner, nothing else.
 */
import type { HttpRequest } from "../protocol/http-message.ts";
import type { ConnectionRunner, ProcessRunner } from "../runtime/process.ts";
import { moduleByName, moduleFileContent } from "../server/config/modules.ts";
import { createDefaultFs } from "../server/default-workspace/index.ts";
import type { Exchange } from "../server/exchange.ts";
import { fastcgiFor, startNetworkApp, type NetworkApp } from "../server/fastcgi/index.ts";
import { Httpd } from "../server/httpd.ts";
import { fullLabel } from "../server/selinux-contexts.ts";
import { runShell } from "../server/shell/index.ts";
import { dirname, type Vfs } from "../server/vfs.ts";
import {
  type Check,
  type CheckRequest,
  type CheckResult,
  type FileSpec,
  isRequestTask,
  type Lesson,
  type MachineSetup,
} from "./check-types.ts";
import { evaluateCheck, type MachineSnapshot } from "./evaluate-check.ts";

export const HTTPD_CONF = "/etc/httpd/conf/httpd.conf";

/** A full SELinux context from a type or a context. */
export function labelOf(label: string): string {
  return label.includes(":") ? label : fullLabel(label);
}

/** httpd.conf and conf.d/*.conf as on disk, concatenated (what configMatches looks at, and how changes are noticed). */
export function configText(fs: Vfs): string {
  const parts: string[] = [];
  if (fs.exists(HTTPD_CONF)) parts.push(fs.readText(HTTPD_CONF));
  const d = "/etc/httpd/conf.d";
  if (fs.exists(d)) for (const n of fs.list(d)) if (n.endsWith(".conf") && fs.stat(`${d}/${n}`)?.type === "file") parts.push(fs.readText(`${d}/${n}`));
  return parts.join("\n");
}

/** Writes, edits, relabels and deletes files as the specs say. */
export function applyFiles(fs: Vfs, files: readonly FileSpec[]): void {
  for (const f of files) {
    if (f.delete) {
      if (fs.exists(f.path)) fs.remove(f.path, { recursive: true });
      continue;
    }
    if (f.kind === "dir") {
      if (!fs.exists(f.path)) fs.mkdir(f.path, { recursive: true, ...(f.mode !== undefined ? { mode: f.mode } : {}), ...(f.label ? { label: labelOf(f.label) } : {}) });
    } else {
      let content = f.content;
      if (f.module) {
        const info = moduleByName(f.module);
        if (!info) throw new Error(`${f.path}: unknown module ${f.module}`);
        content = moduleFileContent(info);
      }
      if (f.edits?.length) {
        let text = content ?? (fs.exists(f.path) ? fs.readText(f.path) : "");
        for (const e of f.edits) {
          if ("append" in e) text += (text === "" || text.endsWith("\n") ? "" : "\n") + e.append;
          else {
            if (!text.includes(e.find)) throw new Error(`${f.path}: edit can't find ${JSON.stringify(e.find)}`);
            text = text.replace(e.find, () => e.replace);
          }
        }
        content = text;
      }
      if (content !== undefined) {
        if (!fs.exists(dirname(f.path))) fs.mkdir(dirname(f.path), { recursive: true });
        fs.writeFile(f.path, content);
      } else if (!fs.exists(f.path)) {
        throw new Error(`${f.path}: no content given for a file that doesn't exist`);
      }
    }
    if (f.mode !== undefined) fs.chmod(f.path, f.mode);
    if (f.owner !== undefined) fs.chown(f.path, f.owner, f.group);
    else if (f.group !== undefined) fs.chown(f.path, fs.stat(f.path)!.owner, f.group);
    if (f.label !== undefined) fs.setLabel(f.path, labelOf(f.label));
  }
}

/** A machine a lesson runs on. */
export interface LessonMachine {
  fs: Vfs;
  httpd: Httpd;
  /** Applications started on other hosts (stop them with dispose). */
  apps: NetworkApp[];
  /** What the setup's shell lines printed. */
  transcript: string[];
  /** Stops httpd and the network applications (the runner itself is the caller's). */
  dispose(): Promise<void>;
}

export interface MachineOptions {
  runner: ProcessRunner;
  connections?: ConnectionRunner;
  /** Start from this filesystem instead of a fresh default one. */
  fs?: Vfs;
  clock?: () => number;
}

/** What applySetup needs: the worker can pass its own fs and httpd with empty apps/transcript arrays. */
export type SetupTarget = Pick<LessonMachine, "fs" | "httpd" | "apps" | "transcript">;

/** Runs a setup's shell lines, SELinux mode and network applications on a running machine. */
export async function applySetup(m: SetupTarget, setup: MachineSetup): Promise<void> {
  let cwd = "/root";
  for (const line of setup.commands ?? []) {
    const r = await runShell(line, { fs: m.fs, httpd: m.httpd, cwd });
    cwd = r.cwd;
    m.transcript.push(`# ${line}\n${r.output}`);
    if (r.exitCode !== 0) throw new Error(`setup command failed (${r.exitCode}): ${line}\n${r.output}`);
  }
  if (setup.selinux) m.httpd.selinuxEnforcing = setup.selinux === "Enforcing";
  for (const a of setup.networkApps ?? []) {
    const fc = fastcgiFor(m.httpd);
    if (!fc) throw new Error("the FastCGI modules are not attached to this httpd");
    const app = startNetworkApp(fc, { address: a.address, script: a.script });
    m.apps.push(app);
    const state = await app.ready;
    m.transcript.push(`# (on ${a.address.split(":")[0]}) python3 ${a.script}\n${state === "serving" ? "" : `exited: ${app.console()}`}`);
  }
}

/**
 * The machine at the start of a lesson ("start"), or with its solution
 * applied on top ("solution"): files written, httpd started (restarted when
 * the solution changed its configuration), shell lines run.
 */
export async function prepareLessonMachine(lesson: Lesson, stage: "start" | "solution", opts: MachineOptions): Promise<LessonMachine> {
  const fs = opts.fs ?? createDefaultFs(opts.clock ? { now: opts.clock } : {});
  applyFiles(fs, lesson.startFiles);
  const httpd = new Httpd({ fs, runner: opts.runner, connections: opts.connections, ...(opts.clock ? { clock: opts.clock } : {}) });
  const apps: NetworkApp[] = [];
  const m: LessonMachine = {
    fs,
    httpd,
    apps,
    transcript: [],
    async dispose() {
      for (const a of apps) a.stop();
      await httpd.apachectl("stop");
    },
  };
  await applySetup(m, lesson.start);
  if (stage === "solution") await applySolution(m, lesson);
  return m;
}

/**
 * Applies a lesson's solution to a machine: files, then shell lines, then
 * `apachectl restart` if the configuration changed (as the learner would),
 * then the SELinux mode and network applications.
 */
export async function applySolution(m: SetupTarget, lesson: Lesson): Promise<void> {
  const before = configText(m.fs);
  applyFiles(m.fs, lesson.solutionFiles);
  await applySetup(m, { commands: lesson.solution.commands });
  if (configText(m.fs) !== before) await m.httpd.apachectl("restart");
  await applySetup(m, { ...lesson.solution, commands: undefined });
}

let nextPort = 41000;

/** The HTTP request a check describes, as curl would send it to localhost. */
export function buildRequest(r: CheckRequest): HttpRequest {
  const enc = new TextEncoder();
  const headers: [string, string][] = [["Host", "localhost"], ["User-Agent", "curl/8.11.1"], ["Accept", "*/*"]];
  let body = new Uint8Array();
  if (r.form) {
    body = enc.encode(new URLSearchParams(r.form).toString());
    headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
  } else if (r.body !== undefined) {
    body = enc.encode(r.body);
  }
  for (const h of r.headers ?? []) {
    const i = headers.findIndex(([k]) => k.toLowerCase() === h[0].toLowerCase());
    if (i >= 0) headers.splice(i, 1);
    headers.push(h);
  }
  if (body.length && !headers.some(([k]) => k.toLowerCase() === "content-length")) headers.push(["Content-Length", String(body.length)]);
  const port = nextPort++;
  if (nextPort > 60999) nextPort = 41000;
  return {
    method: (r.method ?? (r.form ? "POST" : "GET")).toUpperCase(), target: r.target, version: "HTTP/1.1", headers, body,
    remoteAddr: "127.0.0.1", remotePort: port, localAddr: "127.0.0.1", localPort: 80,
  };
}

/** What machine conditions see, read from the filesystem and the running httpd. */
export function snapshotMachine(fs: Vfs, httpd: Pick<Httpd, "selinuxEnforcing" | "running" | "config">): MachineSnapshot {
  return {
    selinuxEnforcing: httpd.selinuxEnforcing,
    httpdRunning: httpd.running,
    loadedModules: httpd.running && httpd.config ? [...httpd.config.modules] : [],
    configText: configText(fs),
    stat: (p) => {
      const st = fs.stat(p);
      return st ? { type: st.type, mode: st.mode, owner: st.owner, group: st.group, label: st.label } : undefined;
    },
    readText: (p) => {
      const st = fs.stat(p);
      return st?.type === "file" ? fs.readText(p) : undefined;
    },
  };
}

export interface CheckRun extends CheckResult {
  /** The exchanges each request task produced, by task id. */
  exchanges: Map<string, Exchange[]>;
}

/**
 * Sends every request task's requests (in task order, repeats back to
 * back), then evaluates all tasks, machine tasks against the state after
 * the requests.
 */
export async function runCheck(check: Check, machine: { fs: Vfs; httpd: Httpd }, opts: { onExchange?: (taskId: string, ex: Exchange) => void } = {}): Promise<CheckRun> {
  const exchanges = new Map<string, Exchange[]>();
  for (const t of check.tasks) {
    if (!isRequestTask(t)) continue;
    const exs: Exchange[] = [];
    for (let i = 0; i < (t.repeat ?? 1); i++) {
      const ex = await machine.httpd.handle(buildRequest(t.request));
      exs.push(ex);
      opts.onExchange?.(t.id, ex);
    }
    exchanges.set(t.id, exs);
  }
  const result = evaluateCheck(check, { exchanges, machine: snapshotMachine(machine.fs, machine.httpd) });
  return { ...result, exchanges };
}

/** Prepares the lesson's machine at `stage`, runs its check and disposes the machine. */
export async function checkLessonStage(lesson: Lesson, stage: "start" | "solution", opts: MachineOptions): Promise<CheckRun & { transcript: string[] }> {
  const m = await prepareLessonMachine(lesson, stage, opts);
  try {
    const r = await runCheck(lesson.check, m);
    return { ...r, transcript: m.transcript };
  } finally {
    await m.dispose();
  }
}
