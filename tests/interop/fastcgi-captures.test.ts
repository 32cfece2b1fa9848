/**
 * Interop, replayed: every request captured from a real web server (nginx,
 * Apache mod_proxy_fcgi, cgi-fcgi; ../shared/reference/peers/fcgi-captures,
 * the *.hex files without .reply) is written, byte for byte, into the
 * article's flup program running in our runtime (the emulator's application
 * side: ConnectionRunner.start() + connect()), whole and cut into small
 * pieces. Each must get a well-formed reply: records that decode cleanly,
 * STDOUT beginning `Status: 200 OK`, an END_REQUEST with protocolStatus 0
 * last, and the application closing the connection (FCGI_KEEP_CONN is off in
 * every capture). Missing captures fail the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureBytes, captureFiles } from "../../src/protocol/fastcgi/capture-fixtures.ts";
import { concatBytes, decodeEndRequestBody, readAllRecords, RecordType } from "../../src/protocol/fastcgi/index.ts";
import type { ConnectionProcess } from "../../src/runtime/process.ts";
import { createNodeRunner, type PythonRunner } from "../../src/runtime/python/node.ts";
import { ARTICLE_FLUP_APP } from "../../src/server/fastcgi/examples.ts";

const REQUESTS = captureFiles().filter((f) => !f.includes(".reply"));

/** Writes `bytes` (in pieces of `chunk` bytes, if given) on a new connection; resolves with what came back once the app closed. */
function replay(proc: ConnectionProcess, bytes: Uint8Array, chunk?: number, timeoutMs = 20_000): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const conn = proc.connect();
    const got: Uint8Array[] = [];
    const timer = setTimeout(() => reject(new Error(`the application did not close within ${timeoutMs} ms (${got.length} chunks so far)`)), timeoutMs);
    conn.onData((b) => got.push(b));
    conn.onClose(() => {
      clearTimeout(timer);
      conn.close();
      resolve(concatBytes(got));
    });
    if (!chunk) conn.write(bytes);
    else for (let i = 0; i < bytes.length; i += chunk) conn.write(bytes.subarray(i, i + chunk));
  });
}

function checkReply(reply: Uint8Array): string {
  const { records, errors } = readAllRecords(reply);
  expect(errors).toEqual([]);
  expect(records.every((r) => r.requestId === 1)).toBe(true);
  const last = records[records.length - 1]!;
  expect(last.type).toBe(RecordType.END_REQUEST);
  const end = decodeEndRequestBody(last.content);
  expect(end.ok && end.value).toEqual({ appStatus: 0, protocolStatus: 0 });
  // STDOUT ends with its empty record, just before END_REQUEST.
  const stdout = records.filter((r) => r.type === RecordType.STDOUT);
  expect(stdout[stdout.length - 1]!.contentLength).toBe(0);
  const text = Buffer.concat(stdout.map((r) => r.content)).toString("utf8");
  expect(text).toMatch(/^Status: 200 OK\r\n/);
  return text;
}

describe("captured requests from real web servers, replayed into flup-compat", () => {
  let runner: PythonRunner;
  let proc: ConnectionProcess;

  beforeAll(async () => {
    runner = createNodeRunner({ spares: 0 });
    proc = runner.start({
      argv: ["/srv/app/article.py"],
      env: [["PATH", "/usr/local/bin:/usr/bin:/bin"]],
      cwd: "/srv/app",
      stdin: new Uint8Array(),
      files: [{ path: "/srv/app/article.py", data: new TextEncoder().encode(ARTICLE_FLUP_APP), mode: 0o755 }],
      directories: ["/srv", "/srv/app"],
      writableRoots: [],
    });
    const early = await proc.ready;
    if (early) throw new Error(`the article's program did not start serving: ${JSON.stringify(early.end)}`);
  });

  afterAll(async () => {
    proc?.kill("test over");
    await runner?.dispose();
  });

  it("finds the request captures of all three clients", () => {
    expect(REQUESTS.length).toBeGreaterThanOrEqual(10);
    for (const client of ["nginx_", "apache_", "cgifcgi_"]) expect(REQUESTS.some((f) => f.startsWith(client))).toBe(true);
  });

  it.each(REQUESTS)("%s: whole, and in 5-byte pieces", async (file) => {
    const bytes = captureBytes(file);
    const whole = checkReply(await replay(proc, bytes));
    expect(whole).toContain("<h1>FastCGI Environment</h1>");
    const method = file.includes("post") ? "POST" : "GET";
    expect(whole).toContain(`<tr><th>REQUEST_METHOD</th><td>${method}</td></tr>`);
    const pieces = checkReply(await replay(proc, bytes, 5));
    // The same table, up to the addresses of wsgi.input/wsgi.errors objects.
    const addr = (t: string) => t.replace(/ at 0x[0-9a-f]+/g, " at 0x…");
    expect(addr(pieces)).toBe(addr(whole));
  });
});
