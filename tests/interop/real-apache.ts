import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A real Apache 2.4 (Debian's apache2 binary) on 127.0.0.1, configured like the emulator's default Fedora httpd.conf. */
export interface RealApache {
  root: string;
  port: number;
  cgiBin: string;
  docRoot: string;
  errorLog: string;
  request(method: string, target: string, headers?: [string, string][], body?: Uint8Array): Promise<RawResponse>;
  /** Lines appended to error_log since the last call. */
  takeErrorLog(): Promise<string[]>;
  stop(): void;
}

export interface RawResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: Uint8Array;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function apacheAvailable(): boolean {
  return existsSync("/usr/sbin/apache2") && existsSync("/usr/lib/apache2/modules/mod_cgi.so");
}

/** Sends one HTTP/1.1 request and reads the whole response, keeping header order. */
export function rawRequest(port: number, method: string, target: string, headers: [string, string][] = [], body?: Uint8Array): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const flat: string[] = [];
    for (const [k, v] of headers) flat.push(k, v);
    const req = httpRequest({ host: "127.0.0.1", port, method, path: target, headers: flat, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const h: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) h.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? "", headers: h, body: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    req.on("error", reject);
    if (body) req.end(Buffer.from(body));
    else req.end();
  });
}

const MODULES = ["mpm_prefork", "authz_core", "alias", "mime", "dir", "autoindex", "cgi"];

export async function startApache(opts: { scripts: { name: string; content: Uint8Array; mode: number }[]; timeoutSec?: number; extraConf?: string; loadCgi?: boolean }): Promise<RealApache> {
  const root = mkdtempSync(join(tmpdir(), "cgi-lab-apache-"));
  const cgiBin = join(root, "cgi-bin");
  const docRoot = join(root, "html");
  for (const d of [cgiBin, docRoot, join(root, "logs"), join(root, "run")]) mkdirSync(d, { recursive: true });
  for (const s of opts.scripts) {
    writeFileSync(join(cgiBin, s.name), s.content);
    chmodSync(join(cgiBin, s.name), s.mode);
  }
  writeFileSync(join(docRoot, "index.html"), "<!doctype html><html><head><title>index</title></head><body><p>static index.html</p></body></html>\n");
  const port = await freePort();
  const modules = MODULES.filter((m) => m !== "cgi" || opts.loadCgi !== false)
    .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`)
    .join("\n");
  const conf = `ServerRoot "/etc/apache2"
DefaultRuntimeDir ${root}/run
PidFile ${root}/run/httpd.pid
Listen 127.0.0.1:${port}
${modules}
User www-data
Group www-data
ServerAdmin root@localhost
ServerName localhost:80
ServerSignature On
Timeout ${opts.timeoutSec ?? 60}
<Directory />
    AllowOverride none
    Require all denied
</Directory>
DocumentRoot "${docRoot}"
<Directory "${root}">
    AllowOverride None
    Require all granted
</Directory>
<Directory "${docRoot}">
    Options Indexes FollowSymLinks
    AllowOverride None
    Require all granted
</Directory>
DirectoryIndex index.html
ErrorLog "${root}/logs/error_log"
LogLevel warn
LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
CustomLog "${root}/logs/access_log" combined
<IfModule alias_module>
    ScriptAlias /cgi-bin/ "${cgiBin}/"
</IfModule>
<Directory "${cgiBin}">
    AllowOverride None
    Options None
    Require all granted
</Directory>
TypesConfig /etc/mime.types
AddDefaultCharset UTF-8
${opts.extraConf ?? ""}
`;
  writeFileSync(join(root, "httpd.conf"), conf);
  spawnSync("chmod", ["-R", "a+rX", root]);
  spawnSync("chmod", ["777", join(root, "logs")]);
  const start = spawnSync("apache2", ["-f", join(root, "httpd.conf"), "-k", "start"], { encoding: "utf8", env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin" } });
  if (start.status !== 0) throw new Error(`apache2 did not start: ${start.stderr}${start.stdout}`);
  const errorLog = join(root, "logs", "error_log");
  for (let i = 0; i < 100; i++) {
    try {
      await rawRequest(port, "GET", "/index.html", [["Host", "localhost"]]);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  let offset = existsSync(errorLog) ? statSync(errorLog).size : 0;
  return {
    root,
    port,
    cgiBin,
    docRoot,
    errorLog,
    request: (method, target, headers = [], body) => rawRequest(port, method, target, headers, body),
    async takeErrorLog() {
      // mod_cgi logs stderr as it reads it; give it a moment to land.
      await new Promise((r) => setTimeout(r, 150));
      const all = readFileSync(errorLog);
      const text = all.subarray(offset).toString("utf8");
      offset = all.length;
      return text.split("\n").filter(Boolean);
    },
    stop() {
      spawnSync("apache2", ["-f", join(root, "httpd.conf"), "-k", "stop"]);
      spawnSync("sh", ["-c", `sleep 0.3; pkill -f ${root}/httpd.conf || true`]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The reference scripts of ../shared/reference/peers/setup/cgi-bin, with their intended modes. */
export function referenceScripts(dir: string): { name: string; content: Uint8Array; mode: number }[] {
  return readdirSync(dir).map((name) => ({
    name,
    content: new Uint8Array(readFileSync(join(dir, name))),
    mode: name === "noexec.py" ? 0o644 : 0o755,
  }));
}

