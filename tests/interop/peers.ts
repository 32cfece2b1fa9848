/**
 * Real FastCGI peers for the interop suites: nginx, Apache (mod_proxy_fcgi),
 * libfcgi's cgi-fcgi, php-fpm, fcgiwrap, and `cgi-lab fastcgi` itself as a
 * child process. Every peer is started by the test on 127.0.0.1 in a
 * temporary directory, in the foreground (so the pid we spawned is the
 * master), and stopped by pid: SIGTERM, a bounded wait, then SIGKILL for the
 * master and for any of its children still alive. Nothing is skipped: a
 * missing binary is an error that names the Debian package
 * (scripts/ensure-peers.mjs installs them).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "..", "..");
export const STD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export const BINARIES = {
  nginx: ["/usr/sbin/nginx", "nginx"],
  apache2: ["/usr/sbin/apache2", "apache2"],
  cgiFcgi: ["/usr/bin/cgi-fcgi", "libfcgi-bin"],
  phpFpm: ["/usr/sbin/php-fpm8.2", "php-fpm"],
  fcgiwrap: ["/usr/sbin/fcgiwrap", "fcgiwrap"],
  python3: ["/usr/bin/python3", "python3"],
} as const;

/** Throws (the test fails, never skips) when a peer binary is missing. */
export function requireBinary(which: keyof typeof BINARIES): string {
  const [path, pkg] = BINARIES[which];
  if (!existsSync(path)) {
    throw new Error(`interop peer missing: ${path} not found. Install the Debian package "${pkg}" (node scripts/ensure-peers.mjs does it: apt-get install ${pkg}).`);
  }
  return path;
}

/** A temporary directory every peer user (www-data, nobody) can read. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `cgi-lab-${prefix}-`));
  chmodSync(d, 0o755);
  return d;
}

/** Pids of the processes whose parent is `pid`, recursively (from /proc). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Peer {
  name: string;
  pid: number;
  child: ChildProcess;
  /** stdout + stderr so far (the last 64 KiB). */
  output(): string;
  /** Resolves with the exit code/signal once the process ended. */
  readonly exited: Promise<string>;
  hasExited(): boolean;
  /** SIGTERM (or `signal`), waits up to `waitMs`, then SIGKILL; also kills children left behind, by pid. */
  stop(signal?: NodeJS.Signals, waitMs?: number): Promise<void>;
}

export function startPeer(name: string, cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Peer {
  // Its own process group: Apache's prefork master signals its whole group (killpg) when it stops.
  const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO, env: opts.env ?? { PATH: STD_PATH, LANG: "C" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString("utf8");
    if (out.length > 65536) out = out.slice(-65536);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let done = false;
  const exited = new Promise<string>((resolveExit) => {
    child.once("error", (e) => {
      done = true;
      resolveExit(`spawn error: ${e.message}`);
    });
    child.once("exit", (code, signal) => {
      done = true;
      resolveExit(signal ? `signal ${signal}` : `status ${code}`);
    });
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${cmd}`);
  const pid = child.pid;
  return {
    name,
    pid,
    child,
    output: () => out,
    exited,
    hasExited: () => done,
    async stop(signal = "SIGTERM", waitMs = 5000) {
      const family = descendants(pid);
      if (!done) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
        await Promise.race([exited, sleep(waitMs)]);
        if (!done) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone
          }
          await Promise.race([exited, sleep(2000)]);
        }
      }
      // Children that outlived their parent (fcgiwrap's preforked ones, say): by pid.
      for (let i = 0; i < 20 && family.some(alive); i++) await sleep(100);
      for (const p of family.filter(alive)) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // gone
        }
      }
    },
  };
}

/** Polls `probe` until it returns a value, the peer exits, or the time is up (then throws with the peer's output). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, peer?: Peer): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (peer?.hasExited()) throw new Error(`${peer.name} exited (${await peer.exited}) while waiting for ${what}:\n${peer.output()}`);
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${peer ? `; ${peer.name} said:\n${peer.output()}` : ""}`);
    await sleep(50);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      ok(true);
    });
    s.once("error", () => ok(false));
  });
}

export async function waitForPort(port: number, peer: Peer, timeoutMs = 15_000): Promise<void> {
  await waitFor(`${peer.name} to listen on 127.0.0.1:${port}`, async () => ((await portOpen(port)) ? true : undefined), timeoutMs, peer);
}

/**
 * `cgi-lab fastcgi --listen 127.0.0.1:0 SCRIPT` as a child process (node
 * with tsx's loader, so the pid is the command itself); resolves with the
 * port it printed.
 */
export async function startCgiLabFastcgi(script: string, timeoutMs = 120_000): Promise<Peer & { port: number }> {
  const peer = startPeer("cgi-lab fastcgi", process.execPath, ["--import", "tsx", join(REPO, "src/cli/main.ts"), "fastcgi", "--listen", "127.0.0.1:0", script], {
    env: { PATH: process.env.PATH ?? STD_PATH, HOME: process.env.HOME ?? "/root", LANG: "C.UTF-8" },
  });
  const port = await waitFor("cgi-lab fastcgi's listening line", () => {
    const m = / serves FastCGI on 127\.0\.0\.1:(\d+)/.exec(peer.output());
    return m ? Number(m[1]) : undefined;
  }, timeoutMs, peer);
  return Object.assign(peer, { port });
}

/** Runs a command to completion with stdin, a bounded time, and its own environment. */
export function runCommand(cmd: string, args: string[], opts: { env: Record<string, string>; stdin?: Uint8Array; timeoutMs?: number }): Promise<{ status: number | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`${cmd} ${args.join(" ")} did not finish in ${opts.timeoutMs ?? 15_000} ms`));
    }, opts.timeoutMs ?? 15_000);
    child.once("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once("close", (status) => {
      clearTimeout(timer);
      ok({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
    child.stdin.end(opts.stdin ? Buffer.from(opts.stdin) : undefined);
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
