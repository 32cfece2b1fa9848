import type { HttpRequest } from "../../src/protocol/http-message.ts";
import { createNodeRunner, type PythonRunner } from "../../src/runtime/python/node.ts";
import { createDefaultFs } from "../../src/server/default-workspace/index.ts";
import type { Exchange } from "../../src/server/exchange.ts";
import { Httpd } from "../../src/server/httpd.ts";
import type { Vfs } from "../../src/server/vfs.ts";

export interface TestEmulator {
  fs: Vfs;
  httpd: Httpd;
  runner: PythonRunner;
  request(method: string, target: string, headers?: [string, string][], body?: Uint8Array): Promise<Exchange>;
  dispose(): Promise<void>;
}

/** The emulator with the default Fedora workspace plus the given scripts in /var/www/cgi-bin. */
export function startEmulator(opts: { scripts?: { name: string; content: Uint8Array; mode: number }[]; timeoutSec?: number; editConf?: (conf: string) => string } = {}): TestEmulator {
  const fs = createDefaultFs();
  for (const s of opts.scripts ?? []) fs.writeFile(`/var/www/cgi-bin/${s.name}`, s.content, { mode: s.mode });
  fs.writeFile("/var/www/html/index.html", "<!doctype html><html><head><title>index</title></head><body><p>static index.html</p></body></html>\n");
  if (opts.timeoutSec !== undefined) {
    fs.writeFile("/etc/httpd/conf/httpd.conf", fs.readText("/etc/httpd/conf/httpd.conf").replace(/^Timeout \d+$/m, `Timeout ${opts.timeoutSec}`));
  }
  if (opts.editConf) fs.writeFile("/etc/httpd/conf/httpd.conf", opts.editConf(fs.readText("/etc/httpd/conf/httpd.conf")));
  const runner = createNodeRunner();
  const httpd = new Httpd({ fs, runner, connections: runner });
  let port = 50000;
  return {
    fs,
    httpd,
    runner,
    request(method, target, headers = [], body = new Uint8Array()) {
      const req: HttpRequest = { method, target, version: "HTTP/1.1", headers, body, remoteAddr: "127.0.0.1", remotePort: port++, localAddr: "127.0.0.1", localPort: 8080 };
      return httpd.handle(req);
    },
    dispose: () => runner.dispose(),
  };
}
