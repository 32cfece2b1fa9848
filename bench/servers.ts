/**
 * The same CGI and FastCGI loops outside the browser, measured with wrk:
 * `cgi-lab serve` (the emulator on Node with real Pyodide) and, when it is
 * installed, a stand-alone real Apache (mod_cgi + mod_proxy_fcgi to a flup
 * application under the system's python3). Everything listens on 127.0.0.1
 * and is stopped at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { moduleByName, moduleFileContent } from "../src/server/config/modules.ts";
import { DEFAULT_HTTPD_CONF } from "../src/server/default-workspace/index.ts";
import { COUNTER_APP, MOD_FASTCGI_CONF } from "../src/server/fastcgi/examples.ts";
import { BENCH_CGI_SCRIPT } from "../src/worker/bench-server.ts";
import type { WrkFigures } from "../src/ui/bench/report.ts";

const REPO = resolve(import.meta.dirname, "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const p = typeof a === "object" && a ? a.port : 0;
      s.close(() => res(p));
    });
  });
}

export function haveCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/**
 * The load tool and the real server compared with, installed from Debian
 * when missing (as `npm test` installs its oracles), so the bench runs from a
 * clean checkout with one command. Returns false if apt-get could not.
 */
export function ensureBenchPeers(): boolean {
  const missing = [
    ["wrk", "wrk"],
    ["apache2", "apache2"],
  ].filter(([cmd]) => !haveCommand(cmd!) && !haveCommand(`/usr/sbin/${cmd}`)).map(([, pkg]) => pkg!);
  if (missing.length === 0) return true;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const ok = (args: string[]) => spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env }).status === 0;
  if (!ok(["update", "-qq"]) || !ok(["install", "-y", "-qq", ...missing])) return false;
  // Debian starts the daemon it installs; the bench starts its own on 127.0.0.1.
  spawnSync("service", ["apache2", "stop"], { stdio: "ignore" });
  return true;
}

/** wrk's duration units to ms. */
function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60000;
}

/** Reads wrk --latency output. p95 is interpolated between wrk's 90 % and 99 % lines (wrk prints no 95 %). */
export function parseWrk(out: string, connections: number, durationS: number): WrkFigures {
  const pct = (p: string) => toMs(new RegExp(`^\\s*${p}%\\s+(\\S+)`, "m").exec(out)?.[1] ?? "");
  const p90 = pct("90");
  const p99 = pct("99");
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    p50Ms: pct("50"),
    p95Ms: p90 + ((p99 - p90) * 5) / 9,
    reqPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    connections,
    durationS,
    requests,
    n: requests,
    non2xx,
    socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

export function runWrk(url: string, connections: number, durationS = 5): WrkFigures {
  const r = spawnSync("wrk", ["-t1", `-c${connections}`, `-d${durationS}s`, "--latency", url], { encoding: "utf8", timeout: (durationS + 30) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  return parseWrk(r.stdout, connections, durationS);
}

async function waitHttp(url: string, timeoutMs: number, proc?: ChildProcess): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (proc && proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}) before answering`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > end) throw new Error(`no answer from ${url}`);
      await sleep(200);
    }
  }
}

/** The body texts of n sequential requests. */
async function bodies(url: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    // A kept-alive connection may have been closed by the server while wrk ran: retry once on a new one.
    const get = async () => (await fetch(url, { signal: AbortSignal.timeout(30_000) })).text();
    out.push(await get().catch(() => get()));
  }
  return out;
}

export interface ServerFigures {
  cgi: WrkFigures | null;
  fastcgi: WrkFigures | null;
  notes: string[];
  /** Every CGI response of the check said hits=1. */
  cgiFresh: boolean | null;
}

function killGroup(p: ChildProcess): void {
  if (p.pid && p.exitCode === null) {
    try {
      process.kill(-p.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
}

/** `cgi-lab serve --root DIR` with bench-cgi.py and a mod_fastcgi counter app, driven by wrk. */
export async function benchCgiLabServe(durationS: number): Promise<ServerFigures> {
  const notes: string[] = [];
  const root = mkdtempSync(join(tmpdir(), "cgi-lab-bench-root-"));
  const w = (rel: string, data: string | Uint8Array, mode = 0o644) => {
    const abs = join(root, rel);
    mkdirSync(join(abs, ".."), { recursive: true });
    writeFileSync(abs, data);
    chmodSync(abs, mode);
  };
  w("var/www/cgi-bin/bench-cgi.py", BENCH_CGI_SCRIPT, 0o755);
  w("var/www/cgi-bin/bench.fcgi", COUNTER_APP, 0o755);
  w("etc/httpd/conf/httpd.conf", `${DEFAULT_HTTPD_CONF}\n${MOD_FASTCGI_CONF}`);
  const info = moduleByName("fastcgi_module")!;
  w(`usr/lib64/httpd/modules/${info.file}`, moduleFileContent(info), 0o755);
  const port = await freePort();
  const proc = spawn(join(REPO, "node_modules/.bin/tsx"), ["src/cli/main.ts", "serve", "--root", root, "--host", "127.0.0.1", "--port", String(port)], {
    cwd: REPO,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  const out: ServerFigures = { cgi: null, fastcgi: null, notes, cgiFresh: null };
  try {
    await waitHttp(`${base}/`, 120_000, proc);
    const c = await bodies(`${base}/cgi-bin/bench-cgi.py`, 5);
    out.cgiFresh = c.every((b) => b.trim() === "hits=1");
    if (!out.cgiFresh) notes.push(`cgi-lab serve: CGI counter said ${JSON.stringify(c)}`);
    out.cgi = runWrk(`${base}/cgi-bin/bench-cgi.py`, 1, durationS);
    const f = await bodies(`${base}/cgi-bin/bench.fcgi`, 3);
    if (f.every((b) => /^hits=\d+/.test(b))) {
      out.fastcgi = runWrk(`${base}/cgi-bin/bench.fcgi`, 4, durationS);
      const after = await bodies(`${base}/cgi-bin/bench.fcgi`, 1);
      notes.push(`cgi-lab serve FastCGI: counter went ${f[0]!.split(" ")[0]} … ${after[0]!.split(" ")[0]} (one process)`);
    } else {
      notes.push(`cgi-lab serve could not serve FastCGI: ${JSON.stringify(f[0]).slice(0, 200)}`);
    }
  } catch (e) {
    notes.push(`cgi-lab serve: ${(e as Error).message}; stderr: ${stderr.slice(-500)}`);
  } finally {
    killGroup(proc);
    await sleep(300);
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}

/** Stand-alone Apache (Debian's apache2) on 127.0.0.1: mod_cgi and mod_proxy_fcgi to flup-compat under /usr/bin/python3. */
export async function benchRealApache(durationS: number): Promise<ServerFigures | null> {
  if (!existsSync("/usr/sbin/apache2") || !existsSync("/usr/lib/apache2/modules/mod_proxy_fcgi.so")) return null;
  const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "cgi-lab-bench-apache-"));
  chmodSync(dir, 0o755);
  for (const d of ["cgi-bin", "www", "logs", "run"]) mkdirSync(join(dir, d), { mode: 0o755 });
  writeFileSync(join(dir, "cgi-bin/bench-cgi.py"), BENCH_CGI_SCRIPT.replace("#!/usr/bin/python3", `#!${python}`), { mode: 0o755 });
  chmodSync(join(dir, "cgi-bin/bench-cgi.py"), 0o755);
  writeFileSync(join(dir, "www/index.html"), "ok\n");
  const port = await freePort();
  let fport = await freePort();
  while (fport === port) fport = await freePort();
  writeFileSync(join(dir, "app.py"), COUNTER_APP.replace("WSGIServer(app).run()", `WSGIServer(app, bindAddress=('127.0.0.1', ${fport})).run()`));
  const M = "/usr/lib/apache2/modules";
  const conf = `ServerRoot "/etc/apache2"
DefaultRuntimeDir ${dir}/run
PidFile ${dir}/run/httpd.pid
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
User www-data
Group www-data
KeepAlive On
MaxKeepAliveRequests 100
LoadModule mpm_prefork_module ${M}/mod_mpm_prefork.so
LoadModule authz_core_module ${M}/mod_authz_core.so
LoadModule alias_module ${M}/mod_alias.so
LoadModule mime_module ${M}/mod_mime.so
LoadModule cgi_module ${M}/mod_cgi.so
LoadModule proxy_module ${M}/mod_proxy.so
LoadModule proxy_fcgi_module ${M}/mod_proxy_fcgi.so
StartServers 5
MinSpareServers 5
MaxSpareServers 10
MaxRequestWorkers 150
TypesConfig /etc/mime.types
ErrorLog ${dir}/logs/error.log
LogLevel warn
LogFormat "%h %l %u %t \\"%r\\" %>s %O" common
CustomLog ${dir}/logs/access.log common
<Directory />
    AllowOverride None
    Require all denied
</Directory>
DocumentRoot ${dir}/www
<Directory ${dir}/www>
    Require all granted
</Directory>
ScriptAlias /cgi-bin/ ${dir}/cgi-bin/
<Directory ${dir}/cgi-bin>
    Options +ExecCGI
    Require all granted
</Directory>
ProxyPass "/flup/" "fcgi://127.0.0.1:${fport}/"
`;
  const confPath = join(dir, "httpd.conf");
  writeFileSync(confPath, conf);
  const out: ServerFigures = { cgi: null, fastcgi: null, notes, cgiFresh: null };
  const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" };
  const app = spawn(python, [join(dir, "app.py")], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...env, PYTHONPATH: join(REPO, "src/runtime/python/site-packages") },
  });
  let appErr = "";
  app.stderr!.on("data", (d) => (appErr += d));
  let started = false;
  try {
    const r = spawnSync("/usr/sbin/apache2", ["-f", confPath, "-k", "start"], { encoding: "utf8", env });
    if (r.status !== 0) throw new Error(`apache2 did not start: ${r.stderr}${r.stdout}`);
    started = true;
    const base = `http://127.0.0.1:${port}`;
    await waitHttp(`${base}/index.html`, 20_000);
    const c = await bodies(`${base}/cgi-bin/bench-cgi.py`, 3);
    out.cgiFresh = c.every((b) => b.trim() === "hits=1");
    out.cgi = runWrk(`${base}/cgi-bin/bench-cgi.py`, 1, durationS);
    const f = await bodies(`${base}/flup/bench`, 2).catch((e) => [String(e)]);
    if (f.every((b) => /^hits=\d+/.test(b))) out.fastcgi = runWrk(`${base}/flup/bench`, 4, durationS);
    else notes.push(`flup app did not answer: ${f[0]?.slice(0, 200)} ${appErr.slice(-300)}`);
    notes.push(`real Apache ${spawnSync("/usr/sbin/apache2", ["-v"], { encoding: "utf8" }).stdout.split("\n")[0]?.replace("Server version: ", "")}, ${spawnSync(python, ["--version"], { encoding: "utf8" }).stdout.trim()} (${python}), CGI wrk -c1, FastCGI wrk -c4 to flup-compat (single-threaded)`);
  } catch (e) {
    notes.push(`real Apache: ${(e as Error).message}`);
  } finally {
    if (started) {
      spawnSync("/usr/sbin/apache2", ["-f", confPath, "-k", "stop"], { env });
      for (let i = 0; i < 50 && existsSync(join(dir, "run/httpd.pid")); i++) await sleep(100);
      const pidFile = join(dir, "run/httpd.pid");
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGKILL");
        } catch {
          /* gone */
        }
      }
    }
    killGroup(app);
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
