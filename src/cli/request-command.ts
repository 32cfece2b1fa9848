import { readFile } from "node:fs/promises";
import type { HttpRequest } from "../protocol/http-message.ts";
import { parseRequestArgs, targetParts } from "./parse-request-args.ts";
import { curlStyle, jsonReport } from "./format-response.ts";
import type { NodeEngine } from "./node-engine.ts";

export interface CommandIo {
  write(bytes: Uint8Array | string): void;
  error(text: string): void;
}

/** `cgi-lab request`: one request through the engine, without a socket. */
export async function runRequest(args: string[], io: CommandIo, makeEngine: (root?: string) => Promise<NodeEngine>): Promise<number> {
  const parsed = parseRequestArgs(args);
  if ("error" in parsed) {
    io.error(`cgi-lab request: ${parsed.error}\nusage: cgi-lab request [--root DIR] [-X METHOD] [-H 'Name: value']... [-d DATA | --data-binary @FILE] [--json] TARGET\n`);
    return 2;
  }
  let body = new Uint8Array();
  if (parsed.data?.kind === "text") body = new TextEncoder().encode(parsed.data.value);
  if (parsed.data?.kind === "file") {
    try {
      body = new Uint8Array(await readFile(parsed.data.path));
    } catch (e) {
      io.error(`cgi-lab request: cannot read ${parsed.data.path}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const { host, path } = targetParts(parsed.target, "localhost");
  const headers: HttpRequest["headers"] = [["Host", host], ["User-Agent", "curl/8.9.1"], ["Accept", "*/*"]];
  for (const [n, v] of parsed.headers) {
    const i = headers.findIndex(([k]) => k.toLowerCase() === n.toLowerCase());
    if (i >= 0) headers.splice(i, 1);
    if (v !== "") headers.push([n, v]);
  }
  if (parsed.data) {
    if (!headers.some(([k]) => k.toLowerCase() === "content-type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    headers.push(["Content-Length", String(body.length)]);
  }
  const engine = await makeEngine(parsed.root);
  try {
    const ex = await engine.request({
      method: parsed.method ?? (parsed.data ? "POST" : "GET"),
      target: path,
      version: "HTTP/1.1",
      headers,
      body,
      remoteAddr: "127.0.0.1",
      remotePort: 40000 + Math.floor(Math.random() * 20000),
      localAddr: "127.0.0.1",
      localPort: 80,
    });
    io.write(parsed.json ? JSON.stringify(jsonReport(ex), null, 1) + "\n" : curlStyle(ex));
    return ex.response.status === 0 ? 7 : 0;
  } finally {
    await engine.dispose();
  }
}
