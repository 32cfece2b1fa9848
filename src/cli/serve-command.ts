import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { HttpRequest, HeaderField } from "../protocol/http-message.ts";
import type { NodeEngine } from "./node-engine.ts";

export interface ServeOptions {
  host: string;
  port: number;
}

/** Reads `serve` options: --root DIR [--host H] [--port P]. */
export function parseServeArgs(args: string[]): (ServeOptions & { root?: string }) | { error: string } {
  const out: ServeOptions & { root?: string } = { host: "127.0.0.1", port: 8080 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === "--root" && v) (out.root = v), i++;
    else if (a === "--host" && v) (out.host = v), i++;
    else if (a === "--port" && v && /^\d+$/.test(v)) (out.port = Number(v)), i++;
    else return { error: `unexpected argument ${a}` };
  }
  return out;
}

function pairs(raw: string[]): HeaderField[] {
  const out: HeaderField[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** Turns a Node request into the engine's HttpRequest, keeping the raw target and header order. */
async function toRequest(req: IncomingMessage): Promise<HttpRequest> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    version: `HTTP/${req.httpVersion}`,
    headers: pairs(req.rawHeaders),
    body: new Uint8Array(Buffer.concat(chunks)),
    remoteAddr: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    remotePort: req.socket.remotePort ?? 0,
    localAddr: req.socket.localAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    localPort: req.socket.localPort ?? 0,
  };
}

/** `cgi-lab serve`: the emulated httpd as a real HTTP/1.1 server. */
export function serve(engine: NodeEngine, opts: ServeOptions, log: (line: string) => void): Promise<() => Promise<void>> {
  const server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
    res.sendDate = false;
    toRequest(req)
      .then((r) => engine.request(r))
      .then((ex) => {
        const { response } = ex;
        if (response.status === 0) {
          res.destroy();
          return;
        }
        if (ex.cgi && ex.response.headers.length === 0) {
          // nph- script: its bytes go to the socket as they are.
          res.socket?.end(Buffer.from(response.body));
          return;
        }
        const flat: string[] = [];
        for (const [k, v] of response.headers) flat.push(k, v);
        res.writeHead(response.status, response.reason, flat);
        res.end(Buffer.from(response.body));
      })
      .catch((e: unknown) => {
        log(`cgi-lab serve: ${(e as Error).stack ?? e}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      log(`cgi-lab: serving the emulated httpd on http://${opts.host}:${opts.port}/`);
      resolve(() => new Promise<void>((r) => server.close(() => r())));
    });
  });
}
