/**
 * Runs one terminal line: parses it, expands words, wires redirections and
 * pipes, and runs each command against the virtual machine. The shell's
 * memory between lines (history, $?, OLDPWD) is kept per filesystem.
 */
import type { HttpResponse } from "../../protocol/http-message.ts";
import { normalizePath, VfsError, type Vfs } from "../vfs.ts";
import { expandWord, glob, shellEnv } from "./expand.ts";
import { parseLine, type Pipeline, type SimpleCommand } from "./parse.ts";
import { runScriptNote } from "./redirects.ts";
import { COMMANDS } from "./registry.ts";
import type { CommandIo, ShellContext, ShellResult, ShellState } from "./types.ts";
import { ERRNO, newFileLabel } from "./util.ts";

const states = new WeakMap<Vfs, ShellState>();

/** The session state of the shell working on this filesystem. */
export function shellState(fs: Vfs): ShellState {
  let s = states.get(fs);
  if (!s) {
    s = { history: [], oldPwd: null, lastExit: 0, enforcing: true, httpdFailure: null, vars: new Map() };
    states.set(fs, s);
  }
  return s;
}

type Sink = { kind: "term" } | { kind: "pipe" } | { kind: "null" } | { kind: "file"; path: string; text: string };

class RedirectError extends Error {}

export async function runShell(line: string, ctx: ShellContext): Promise<ShellResult> {
  const { fs } = ctx;
  const state = shellState(fs);
  if (ctx.history) state.history = ctx.history;
  const clock = ctx.clock ?? (() => fs.now());
  let cwd = normalizePath(ctx.cwd);
  let term = "";
  let clear = false;
  const responses: HttpResponse[] = [];
  const typed = line.replace(/\n+$/, "");
  if (typed.trim()) state.history.push(typed);

  const parsed = parseLine(typed);
  if (!parsed.ok) {
    state.lastExit = 2;
    return { output: parsed.message + "\n", exitCode: 2, cwd };
  }

  const words = (cmd: SimpleCommand): string[] => {
    const env = shellEnv(cwd, state.oldPwd, state.lastExit, state.vars);
    return cmd.words.flatMap((w) => {
      const { text, pattern } = expandWord(w, env);
      const matches = pattern ? glob(fs, cwd, pattern) : [];
      return matches.length ? matches : [text];
    });
  };

  /** Opens a redirection target as bash does before the command runs (> truncates at once). */
  const open = (target: string, append: boolean): Sink => {
    if (target === "/dev/null") return { kind: "null" };
    if (target === "/dev/stdout" || target === "/dev/stderr" || target === "/dev/tty") return { kind: "term" };
    const path = normalizePath(target, cwd);
    const st = fs.stat(path);
    if (st?.type === "dir") throw new RedirectError(`bash: ${target}: Is a directory`);
    const parent = fs.stat(normalizePath("..", path));
    if (!parent) throw new RedirectError(`bash: ${target}: ${ERRNO.ENOENT}`);
    if (parent.type !== "dir") throw new RedirectError(`bash: ${target}: ${ERRNO.ENOTDIR}`);
    if (!st) fs.writeFile(path, "", { mode: 0o644, label: newFileLabel(fs, path) });
    else if (!append) fs.writeFile(path, "");
    return { kind: "file", path, text: "" };
  };

  const runCommand = async (cmd: SimpleCommand, stdin: string | null, last: boolean): Promise<{ status: number; piped: string }> => {
    let out: Sink = last ? { kind: "term" } : { kind: "pipe" };
    let err: Sink = { kind: "term" };
    let input = stdin;
    let piped = "";
    const files: Sink[] = [];
    try {
      for (const r of cmd.redirects) {
        if (r.mode === "dup") {
          if (r.fd === 2) err = out;
          else out = err;
          continue;
        }
        const expanded = words({ words: [r.target!], redirects: [] });
        if (expanded.length !== 1) throw new RedirectError(`bash: ${expandWord(r.target!, () => "").text}: ambiguous redirect`);
        const target = expanded[0]!;
        if (r.mode === "read") {
          const st = fs.stat(normalizePath(target, cwd));
          if (!st) throw new RedirectError(`bash: ${target}: ${ERRNO.ENOENT}`);
          if (st.type === "dir") throw new RedirectError(`bash: ${target}: Is a directory`);
          input = fs.readText(normalizePath(target, cwd));
          continue;
        }
        const sink = open(target, r.mode === "append");
        files.push(sink);
        if (r.mode === "both") out = err = sink;
        else if (r.fd === 1) out = sink;
        else err = sink;
      }
    } catch (e) {
      if (!(e instanceof RedirectError)) throw e;
      term += e.message + "\n";
      return { status: 1, piped: "" };
    }
    const write = (sink: Sink, text: string) => {
      if (sink.kind === "term") term += text;
      else if (sink.kind === "pipe") piped += text;
      else if (sink.kind === "file") sink.text += text;
    };
    const io: CommandIo = {
      fs,
      httpd: ctx.httpd,
      get cwd() {
        return cwd;
      },
      stdin: input,
      stdoutIsTerminal: out.kind === "term",
      out: (t) => write(out, t),
      err: (t) => write(err, t),
      resolve: (p) => normalizePath(p, cwd),
      setCwd: (p) => {
        state.oldPwd = cwd;
        cwd = p;
        ctx.setCwd?.(p);
      },
      clock,
      state,
      responses,
      requestClear: () => {
        clear = true;
        term = "";
      },
    };
    const argv = words(cmd);
    let status = 0;
    try {
      status = await execute(argv, io);
    } catch (e) {
      // A bug or an unexpected filesystem error must not kill the terminal.
      const reason = e instanceof VfsError ? ERRNO[e.code] : (e as Error).message;
      io.err(`bash: ${argv[0]}: ${reason}\n`);
      status = 1;
    }
    for (const f of new Set(files)) if (f.kind === "file" && f.text) fs.writeFile(f.path, fs.readText(f.path) + f.text);
    return { status, piped };
  };

  const runPipeline = async (p: Pipeline): Promise<number> => {
    let stdin: string | null = null;
    let status = 0;
    for (let k = 0; k < p.commands.length; k++) {
      const r = await runCommand(p.commands[k]!, stdin, k === p.commands.length - 1);
      stdin = r.piped;
      status = r.status;
    }
    return status;
  };

  let status = state.lastExit;
  for (let i = 0; i < parsed.pipelines.length; i++) {
    const before = i > 0 ? parsed.pipelines[i - 1]!.next : null;
    if ((before === "&&" && status !== 0) || (before === "||" && status === 0)) continue;
    status = await runPipeline(parsed.pipelines[i]!);
    state.lastExit = status;
  }
  return { output: term, exitCode: status, cwd, ...(clear ? { clear } : {}), ...(responses.length ? { responses } : {}) };
}

const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s;

/** Finds and runs the program named by argv[0]. */
async function execute(argv: string[], io: CommandIo): Promise<number> {
  // NAME=value on its own sets a shell variable.
  if (argv.length && argv.every((a) => ASSIGNMENT.test(a))) {
    for (const a of argv) {
      const [, k, v] = ASSIGNMENT.exec(a)!;
      io.state.vars.set(k!, v!);
    }
    return 0;
  }
  let [name, ...args] = argv;
  if (name === "sudo") [name, ...args] = args.filter((a, i) => i > 0 || !a.startsWith("-")); // already root
  if (name === undefined) return 0;
  if (name.includes("/")) {
    const st = io.fs.stat(io.resolve(name));
    if (!st) return fail(io, `bash: ${name}: No such file or directory`, 127);
    if (st.type === "dir") return fail(io, `bash: ${name}: Is a directory`, 126);
    if (!(st.mode & 0o111)) return fail(io, `bash: ${name}: Permission denied`, 126);
    io.err(runScriptNote(name));
    return 126;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) return fail(io, `bash: ${name}: command not found`, 127);
  return entry.run(args, io);
}

function fail(io: CommandIo, message: string, code: number): number {
  io.err(message + "\n");
  return code;
}
