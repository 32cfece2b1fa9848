/**
 * Node only: lets the emulated httpd reach REAL FastCGI applications on this
 * machine. `ProxyPass "/php/" "fcgi://127.0.0.1:9000/"` (or
 * `FastCgiExternalServer ... -host 127.0.0.1:9000`) in the emulated
 * httpd.conf connects to a real php-fpm / fcgiwrap / flup listening on the
 * host when no emulated application listens on that address.
 *
 * Only 127.0.0.1 (and the names the emulated resolver maps to it:
 * localhost, ::1) is ever connected to; any other address stays emulated
 * (refused). The bytes cross unchanged in both directions; the module
 * captures them record by record as it does for emulated applications.
 *
 * node-engine.ts installs it (`installExternalConnector(httpd)`); the
 * browser build never imports this file.
 */
import { connect, type Socket } from "node:net";
import type { AppConnection } from "../runtime/process.ts";
import { fastcgiFor } from "../server/fastcgi/index.ts";
import type { Vfs } from "../server/vfs.ts";
import type { ConnectResult, ExternalConnector, NetworkListener } from "../server/fastcgi/network.ts";

export interface ExternalConnectorOptions {
  /** Give up connecting after this long (ms); default 5000. */
  connectTimeoutMs?: number;
  /** A socket the server closed is destroyed after this long if the application never closes its side (ms); default 10000. */
  lingerMs?: number;
}

/** Wraps a connected socket as the server's end of an application connection. */
export function socketConnection(socket: Socket, lingerMs = 10_000): AppConnection {
  const dataListeners: ((b: Uint8Array) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  const pending: Uint8Array[] = [];
  let appClosed = false;
  let serverClosed = false;
  const appClose = () => {
    if (appClosed) return;
    appClosed = true;
    for (const l of closeListeners) l();
  };
  socket.on("data", (b: Buffer) => {
    if (appClosed) return;
    const bytes = new Uint8Array(b.buffer, b.byteOffset, b.length).slice();
    if (dataListeners.length === 0) pending.push(bytes);
    else for (const l of dataListeners) l(bytes);
  });
  // The application closed its side (EOF) or the connection broke.
  socket.on("end", appClose);
  socket.on("close", appClose);
  socket.on("error", () => undefined); // 'close' follows
  return {
    write(bytes) {
      if (serverClosed || socket.destroyed || bytes.length === 0) return;
      socket.write(bytes);
    },
    close() {
      if (serverClosed) return;
      serverClosed = true;
      if (appClosed) {
        socket.destroy();
        return;
      }
      socket.end();
      setTimeout(() => socket.destroy(), lingerMs).unref();
    },
    onData(listener) {
      dataListeners.push(listener);
      for (const b of pending.splice(0)) listener(b);
    },
    onClose(listener) {
      closeListeners.push(listener);
      if (appClosed) listener();
    },
  };
}

/** Linux's errno text for a failed connect(), as Apache logs it. */
function errnoText(code: string | undefined): Extract<ConnectResult, { ok: false }>["errno"] {
  // EHOSTUNREACH/ENETUNREACH cannot happen on loopback; everything else reads as refused.
  return code === "EHOSTUNREACH" || code === "ENETUNREACH" ? "(113)No route to host" : "(111)Connection refused";
}

/** A connector that opens real TCP connections to 127.0.0.1 only. */
export function createExternalConnector(opts: ExternalConnectorOptions = {}): ExternalConnector {
  const timeoutMs = opts.connectTimeoutMs ?? 5000;
  return (addr, port) => {
    if (addr !== "127.0.0.1" || !Number.isInteger(port) || port <= 0 || port > 65535) return Promise.resolve(null);
    const address = `${addr}:${port}`;
    return new Promise<ConnectResult>((resolve) => {
      const socket = connect({ host: addr, port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ ok: false, errno: "(111)Connection refused", address });
      }, timeoutMs);
      socket.once("error", (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ ok: false, errno: errnoText(e.code), address });
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        const listener: NetworkListener = {
          address,
          label: address,
          application: `real process listening on ${address} (outside the emulator)`,
          pid: () => null,
          connect: () => null,
        };
        resolve({ ok: true, conn: socketConnection(socket, opts.lingerMs), listener });
      });
    });
  };
}

/** Lets an httpd's FastCGI modules reach real applications on 127.0.0.1. */
export function installExternalConnector(httpd: { fs: Vfs }, opts: ExternalConnectorOptions = {}): boolean {
  const m = fastcgiFor(httpd);
  if (!m) return false;
  m.network.external = createExternalConnector(opts);
  return true;
}
