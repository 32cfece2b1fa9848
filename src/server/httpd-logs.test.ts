/**
 * Logs are files in the Vfs: each request appends its lines to access_log
 * (and error_log), with a change event, without rewriting what was there.
 */
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../protocol/http-message.ts";
import type { ProcessRunner } from "../runtime/process.ts";
import { createDefaultFs } from "./default-workspace/index.ts";
import { Httpd } from "./httpd.ts";

const noRunner: ProcessRunner = {
  spawn: () => {
    throw new Error("no process should run");
  },
  dispose: async () => {},
};

const get = (target: string, remotePort: number): HttpRequest => ({
  method: "GET", target, version: "HTTP/1.1", headers: [["Host", "localhost"], ["User-Agent", "t"]], body: new Uint8Array(),
  remoteAddr: "127.0.0.1", remotePort, localAddr: "127.0.0.1", localPort: 80,
});

describe("httpd logs", () => {
  it("appends each request's lines to the log files, byte for byte, with a change event each", async () => {
    const fs = createDefaultFs();
    const httpd = new Httpd({ fs, runner: noRunner, clock: () => Date.UTC(2024, 0, 2, 3, 4, 5) });
    const access = "/var/log/httpd/access_log";
    const errors = "/var/log/httpd/error_log";
    let expectAccess = fs.readText(access);
    let expectErrors = fs.readText(errors);
    const changes: string[] = [];
    fs.onChange((p) => changes.push(p));
    const buffers = new Set<ArrayBufferLike>();
    for (let i = 0; i < 300; i++) {
      const x = await httpd.handle(get(i % 3 ? "/index.html" : "/../../etc/passwd", 40000 + i));
      expectAccess += x.accessLog.map((l) => l + "\n").join("");
      expectErrors += x.errorLog.map((l) => l + "\n").join("");
      buffers.add(fs.readFile(access).buffer);
    }
    expect(fs.readText(access)).toBe(expectAccess);
    expect(fs.readText(errors)).toBe(expectErrors);
    expect(expectAccess.split("\n").filter((l) => l.includes('"GET /index.html HTTP/1.1" 200')).length).toBe(200);
    expect(expectErrors.split("\n").filter((l) => l.includes("AH10244: invalid URI path")).length).toBe(100);
    expect(changes.filter((p) => p === access)).toHaveLength(300);
    // Appending reuses spare room: a handful of buffers, not one copy of the whole log per request.
    expect(buffers.size).toBeLessThan(10);
  });
});
