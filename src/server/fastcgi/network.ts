/**
 * The emulated network the FastCGI modules connect over: "host:port"
 * addresses where an application listens. mod_proxy_fcgi's
 * `fcgi://127.0.0.1:9000/` and mod_fastcgi's `FastCgiExternalServer ...
 * -host appserver:9000` look their address up here; nothing listening means
 * ECONNREFUSED, as on a real machine.
 *
 * Who puts listeners here:
 * - `FastCgiServer /path -port 9000` (mod_fastcgi: the static application
 *   listens on 127.0.0.1:9000 instead of a Unix socket),
 * - startNetworkApp() in app-server.ts: an application started by hand on
 *   this machine or on another host (the article's "distributed computing":
 *   `appserver:9000`), as `python3 app.fcgi` with
 *   `WSGIServer(app, bindAddress=('0.0.0.0', 9000))` would be.
 */
import type { AppConnection } from "../../runtime/process.ts";

/** Host names the emulated resolver knows; anything else resolves to itself. */
const HOSTS: Record<string, string> = {
  localhost: "127.0.0.1",
  "localhost.localdomain": "127.0.0.1",
  "::1": "127.0.0.1",
  "[::1]": "127.0.0.1",
};

/** The second machine of the article's "distributed computing" setup. */
export const APPSERVER_HOST = "appserver";
export const APPSERVER_ADDR = "192.168.1.20";

export interface NetworkListener {
  /** Canonical "addr:port", e.g. "127.0.0.1:9000" or "192.168.1.20:9000". */
  address: string;
  /** As the one who listened wrote it, e.g. "appserver:9000". */
  label: string;
  /** What is listening: a script path, for the panes. */
  application: string;
  /** Pid of the listening process, once it runs. */
  pid(): number | null;
  /** Opens a connection; null when the listener is gone (the process died). */
  connect(): AppConnection | null;
}

export type ConnectResult =
  | { ok: true; conn: AppConnection; listener: NetworkListener }
  | { ok: false; errno: "(111)Connection refused" | "(113)No route to host"; address: string };

/**
 * Opens a real connection to addr:port (already resolved, loopback only)
 * when no emulated application listens there. Node installs one
 * (src/cli/external-fastcgi.ts) so `ProxyPass ... fcgi://127.0.0.1:9000/`
 * reaches a real php-fpm on the host; the browser has none. Resolves null
 * when it does not handle the address.
 */
export type ExternalConnector = (addr: string, port: number) => Promise<ConnectResult | null>;

export class EmulatedNetwork {
  /** The fallback for loopback addresses nothing emulated listens on (Node only; null in the browser). */
  external: ExternalConnector | null = null;
  private readonly listeners = new Map<string, NetworkListener>();
  private readonly hosts = new Map<string, string>(Object.entries({ ...HOSTS, [APPSERVER_HOST]: APPSERVER_ADDR, [`${APPSERVER_HOST}.localdomain`]: APPSERVER_ADDR }));

  /** Resolves a host name to the address used as key ("localhost" → "127.0.0.1"). */
  resolve(host: string): string {
    const h = host.toLowerCase();
    if (h === "0.0.0.0" || h === "*") return "127.0.0.1";
    return this.hosts.get(h) ?? h;
  }

  /** Adds a host name to the emulated resolver (/etc/hosts). */
  addHost(name: string, addr: string): void {
    this.hosts.set(name.toLowerCase(), addr);
  }

  key(host: string, port: number): string {
    return `${this.resolve(host)}:${port}`;
  }

  /** Starts listening; returns a function that stops it. A second listener on an address replaces the first. */
  listen(host: string, port: number, listener: Omit<NetworkListener, "address" | "label">): () => void {
    const address = this.key(host, port);
    const entry: NetworkListener = { ...listener, address, label: `${host}:${port}` };
    this.listeners.set(address, entry);
    return () => {
      if (this.listeners.get(address) === entry) this.listeners.delete(address);
    };
  }

  listenerAt(host: string, port: number): NetworkListener | undefined {
    return this.listeners.get(this.key(host, port));
  }

  connect(host: string, port: number): ConnectResult {
    const address = this.key(host, port);
    const l = this.listeners.get(address);
    const conn = l?.connect() ?? null;
    if (!l || !conn) return { ok: false, errno: "(111)Connection refused", address };
    return { ok: true, conn, listener: l };
  }

  /** connect(), falling back to the external connector for 127.0.0.1 (and its names) when nothing emulated listens. */
  async open(host: string, port: number): Promise<ConnectResult> {
    const res = this.connect(host, port);
    if (res.ok || !this.external || res.address !== `127.0.0.1:${port}`) return res;
    return (await this.external("127.0.0.1", port)) ?? res;
  }

  list(): NetworkListener[] {
    return [...this.listeners.values()];
  }
}
