import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { capturePath } from "../protocol/fastcgi/capture-fixtures.ts";
import { encodeBeginRequest } from "../protocol/fastcgi/begin-request.ts";
import { RecordType, Role } from "../protocol/fastcgi/constants.ts";
import { encodeEndRequest } from "../protocol/fastcgi/end-request.ts";
import { encodeNameValuePairs } from "../protocol/fastcgi/name-value-pairs.ts";
import { concatBytes, encodeRecord } from "../protocol/fastcgi/record.ts";
import { encodeStream } from "../protocol/fastcgi/stream.ts";
import { runDecode } from "./decode-command.ts";

interface Run {
  code: number;
  out: string;
}

async function run(args: string[], files: Record<string, Uint8Array | string> = {}, stdin: Uint8Array = new Uint8Array(0)): Promise<Run> {
  let out = "";
  const code = await runDecode(args, {
    readStdin: async () => stdin,
    readFile: async (path) => {
      const file = files[path];
      if (file === undefined) return new Uint8Array(await readFile(path));
      return typeof file === "string" ? new TextEncoder().encode(file) : file;
    },
    write: (text) => {
      out += text;
    },
  });
  return { code, out };
}

const request = concatBytes([
  encodeBeginRequest(1, Role.RESPONDER, false),
  encodeStream(RecordType.PARAMS, 1, encodeNameValuePairs([["REQUEST_METHOD", "GET"], ["QUERY_STRING", "a=1\n"]])),
  encodeStream(RecordType.STDIN, 1, new Uint8Array(0)),
]);
const reply = concatBytes([
  encodeStream(RecordType.STDOUT, 1, new TextEncoder().encode("Content-Type: text/plain\r\n\r\nok")),
  encodeEndRequest(1, 0),
]);

describe("cgi-lab decode", () => {
  it("decodes raw bytes from stdin as text", async () => {
    const { code, out } = await run([], {}, request);
    expect(code).toBe(0);
    expect(out).toContain("input: 80 bytes (raw), 4 records, 2 streams, 0 errors, 0 notes");
    expect(out).toMatch(/@0 +BEGIN_REQUEST +id=1 +content=8 +padding=0 +BEGIN_REQUEST id=1 role=RESPONDER flags=0/);
    expect(out).toContain("|........|");
    expect(out).toContain('    QUERY_STRING="a=1\\n"');
    expect(out).toContain("STDIN id=1: 0 B in 1 record, terminated");
  });

  it("decodes a hex dump from a file, reply direction, as the exact JSON shape", async () => {
    const hex = Array.from(reply, (b) => b.toString(16).padStart(2, "0")).join("");
    const { code, out } = await run(["reply.hex", "--json"], { "reply.hex": `${hex.slice(0, 20)}\n${hex.slice(20)}\n` });
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["records", "streams", "errors"]);
    expect(parsed.records).toEqual([
      { offset: 0, version: 1, type: 6, typeName: "STDOUT", requestId: 1, contentLength: 30, paddingLength: 2, content_base64: "Q29udGVudC1UeXBlOiB0ZXh0L3BsYWluDQoNCm9r" },
      { offset: 40, version: 1, type: 6, typeName: "STDOUT", requestId: 1, contentLength: 0, paddingLength: 0, content_base64: "" },
      { offset: 48, version: 1, type: 3, typeName: "END_REQUEST", requestId: 1, contentLength: 8, paddingLength: 0, content_base64: "AAAAAAAAAAA=" },
    ]);
    expect(parsed.streams).toEqual([
      { requestId: 1, type: 6, typeName: "STDOUT", content_base64: "Q29udGVudC1UeXBlOiB0ZXh0L3BsYWluDQoNCm9r" },
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it("PARAMS streams carry pairs in JSON", async () => {
    const { out } = await run(["-", "--json"], {}, request);
    const parsed = JSON.parse(out) as { streams: { typeName: string; pairs?: [string, string][] }[] };
    expect(parsed.streams[0]).toMatchObject({ typeName: "PARAMS", pairs: [["REQUEST_METHOD", "GET"], ["QUERY_STRING", "a=1\n"]] });
    expect(parsed.streams[1].pairs).toBeUndefined();
  });

  it("exits 1 and lists errors for truncated or malformed input", async () => {
    const truncated = await run(["-"], {}, request.subarray(0, 30));
    expect(truncated.code).toBe(1);
    expect(truncated.out).toContain("errors:\n  @16 [truncated-content] record at offset 16 (PARAMS id=1) declares contentLength 37 but only 6 content bytes follow");

    const f7 = "0101000100080000 0001010000000000 01040001000a0000 3232030405060708 090a 0104000100000000";
    const malformed = await run(["f7.hex", "--json"], { "f7.hex": f7 });
    expect(malformed.code).toBe(1);
    expect((JSON.parse(malformed.out) as { errors: unknown[] }).errors).toEqual([
      { code: "nv-length-past-end", offset: 24, message: expect.stringContaining("50-byte name and a 50-byte value") },
    ]);

    const oddHex = await run(["odd.hex"], { "odd.hex": "010" });
    expect(oddHex.code).toBe(1);
    expect(oddHex.out).toContain("[bad-hex]");

    const garbage = await run(["-"], {}, new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
    expect(garbage.code).toBe(1);
    expect(garbage.out).toContain("[bad-version] record at offset 0 has version 71");
  });

  it("shows notes without failing", async () => {
    const split = concatBytes([
      encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: Uint8Array.of(0x41) }),
    ]);
    const { code, out } = await run(["-"], {}, split);
    expect(code).toBe(0);
    expect(out).toContain("STDOUT id=1: 1 B in 1 record, NOT terminated");
    expect(out).toContain("notes:\n  @0 [stream-not-terminated]");
  });

  it("usage errors exit 2; --help exits 0", async () => {
    expect((await run(["--bogus"])).code).toBe(2);
    expect((await run(["a", "b"])).code).toBe(2);
    const missing = await run(["/nonexistent/capture.hex"]);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/cannot read \/nonexistent\/capture.hex/);
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("usage: cgi-lab decode [FILE|-] [--json]");
  });

  it("decodes the Apache 100k POST capture file", async () => {
    const { code, out } = await run([capturePath("apache_post_100k.hex")]);
    expect(code).toBe(0);
    expect(out).toContain("input: 100884 bytes (hex text), 17 records, 2 streams, 0 errors, 0 notes");
    expect(out).toMatch(/@99172 +STDIN +id=1 +content=1696 /);
    expect(out).toContain("… 8160 more bytes");
    expect(out).toContain('    SCRIPT_FILENAME="proxy:fcgi://127.0.0.1:9009/test"');
    expect(out).toContain("STDIN id=1: 100000 B in 14 records, terminated");

    const json = await run([capturePath("nginx_post_100k.hex"), "--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as { records: { contentLength: number; paddingLength: number }[] };
    expect(parsed.records.map((r) => [r.contentLength, r.paddingLength])).toEqual([
      [8, 0], [602, 6], [0, 0], [32768, 0], [32768, 0], [32768, 0], [1696, 0], [0, 0],
    ]);
  });
});
