/**
 * Applications started by hand, listening on a "host:port" of the emulated
 * network: the article's "distributed computing" — the FastCGI program runs
 * on a second machine (`appserver`) and the web server reaches it with
 * `ProxyPass "/app/" "fcgi://appserver:9000/"` or
 * `FastCgiExternalServer /var/www/html/app.fcgi -host appserver:9000`.
 *
 * In a real setup the program is started on that machine as
 *   python3 app.fcgi      # WSGIServer(app, bindAddress=('0.0.0.0', 9000)).run()
 * Here startNetworkApp() does that: the script comes from the shared
 * filesystem, runs through the same ConnectionRunner as every FastCGI
 * application, and its output goes to its own console (NetworkApp.console),
 * not to httpd's error_log. It survives `apachectl restart` (another
 * machine), and stops with stop().
 */
import { collectStream, type StreamChunk } from "../../runtime/process.ts";
import type { FastCgiModule } from "./module.ts";
import type { AppInstance } from "./process-manager.ts";

export interface NetworkAppOptions {
  /** "appserver:9000", "127.0.0.1:9000", "localhost:9001"... */
  address: string;
  /** The program, e.g. "/srv/appserver/app.fcgi". */
  script: string;
  /** Its environment (a shell's, say); default PATH only. */
  env?: [string, string][];
}

export interface NetworkApp {
  address: string;
  script: string;
  pid: number;
  /** "serving" once the program handed control to the runtime, "exited" if it ended instead. */
  ready: Promise<"serving" | "exited">;
  /** What the program printed (its terminal). */
  console(): string;
  stop(): void;
}

/** Starts `script` listening on `address` of the module's emulated network. */
export function startNetworkApp(m: FastCgiModule, o: NetworkAppOptions): NetworkApp {
  const i = o.address.lastIndexOf(":");
  const host = o.address.slice(0, i);
  const port = Number(o.address.slice(i + 1));
  if (!host || !Number.isInteger(port) || port <= 0) throw new Error(`bad address ${o.address}: expected host:port`);
  const key = `network:${m.network.key(host, port)}`;
  const old = m.pm.classes.get(key);
  if (old) for (const inst of old.instances) m.pm.kill(inst, "shutdown");
  const c = m.pm.classFor(key, { module: "network", kind: "network", script: o.script, env: o.env ?? [["PATH", "/usr/local/bin:/usr/bin:/bin"]], processes: 1, idleTimeoutSec: 30, listen: { host, port } });
  const inst: AppInstance = m.pm.start(c);
  const unlisten = m.network.listen(host, port, {
    application: o.script,
    pid: () => (inst.state === "serving" ? inst.pid : null),
    connect: () => (inst.state === "serving" && inst.proc ? inst.proc.connect() : null),
  });
  void inst.exited.then(() => unlisten());
  return {
    address: o.address,
    script: o.script,
    pid: inst.pid,
    ready: inst.ready,
    console: () => consoleText(inst.console),
    stop: () => {
      unlisten();
      m.pm.kill(inst, "shutdown");
      m.pm.classes.delete(key);
    },
  };
}

function consoleText(chunks: StreamChunk[]): string {
  const out = collectStream(chunks, "stdout");
  const err = collectStream(chunks, "stderr");
  return new TextDecoder().decode(out) + new TextDecoder().decode(err);
}
