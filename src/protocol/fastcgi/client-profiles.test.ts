import { describe, expect, it } from "vitest";
import { captureBytes, captureFiles } from "./capture-fixtures.ts";
import {
  APACHE_PROXY_FCGI,
  CGI_FCGI,
  CLIENT_PROFILES,
  type ClientProfile,
  MOD_FASTCGI,
  MOD_FCGID,
  NGINX,
  requestOptionsFor,
} from "./client-profiles.ts";
import { RecordType } from "./constants.ts";
import { decodeFcgiStream } from "./decode-stream.ts";
import { toHex } from "./hex.ts";
import { pairsToEntries } from "./name-value-pairs.ts";
import { buildRequest } from "./request-builder.ts";

function profileFor(file: string): ClientProfile {
  if (file.startsWith("apache_")) return APACHE_PROXY_FCGI;
  if (file.startsWith("nginx_")) return NGINX;
  return CGI_FCGI;
}

describe("client profiles reproduce the live captures byte for byte", () => {
  const requests = captureFiles().filter((f) => !f.includes(".reply."));

  it.each(requests)("%s", (file) => {
    const captured = captureBytes(file);
    const decoded = decodeFcgiStream(captured);
    const params = pairsToEntries(decoded.streams.find((s) => s.type === RecordType.PARAMS)?.pairs ?? []);
    const stdin = decoded.streams.find((s) => s.type === RecordType.STDIN)?.content ?? new Uint8Array(0);
    const built = buildRequest(requestOptionsFor(profileFor(file), { params, stdin }));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.bytes.length).toBe(captured.length);
    expect(toHex(built.bytes)).toBe(toHex(captured));
  });

  it("another client's framing does not match (the test can fail)", () => {
    const captured = captureBytes("nginx_post_100k.hex");
    const decoded = decodeFcgiStream(captured);
    const params = pairsToEntries(decoded.streams[0].pairs ?? []);
    const stdin = decoded.streams[1].content;
    const built = buildRequest(requestOptionsFor(APACHE_PROXY_FCGI, { params, stdin }));
    expect(built.ok && toHex(built.bytes) === toHex(captured)).toBe(false);
  });
});

describe("profiles without captures", () => {
  const params: [string, string][] = [
    ["GATEWAY_INTERFACE", "CGI/1.1"],
    ["REQUEST_METHOD", "POST"],
  ];

  it("mod_fcgid: one PARAMS record, no padding, flags 0", () => {
    const built = buildRequest(requestOptionsFor(MOD_FCGID, { params, stdin: new Uint8Array(10000) }));
    if (!built.ok) throw new Error(built.error);
    expect(built.records.map((r) => [r.type, r.content.length, r.paddingLength])).toEqual([
      [RecordType.BEGIN_REQUEST, 8, 0],
      [RecordType.PARAMS, 26 + 20, 0],
      [RecordType.PARAMS, 0, 0],
      [RecordType.STDIN, 8192, 0],
      [RecordType.STDIN, 1808, 0],
      [RecordType.STDIN, 0, 0],
    ]);
  });

  it("mod_fastcgi: one PARAMS record per pair, no padding", () => {
    const built = buildRequest(requestOptionsFor(MOD_FASTCGI, { params, stdin: new Uint8Array(0) }));
    if (!built.ok) throw new Error(built.error);
    expect(built.records.filter((r) => r.type === RecordType.PARAMS).map((r) => r.content.length)).toEqual([26, 20, 0]);
  });

  it("every profile uses request id 1, RESPONDER and KEEP_CONN off by default", () => {
    for (const profile of CLIENT_PROFILES) {
      const o = requestOptionsFor(profile, { params, stdin: new Uint8Array(0) });
      expect([o.requestId, o.role, o.keepConn]).toEqual([1, 1, false]);
      expect(profile.source.length).toBeGreaterThan(0);
    }
  });

  it("keepConn can be turned on (enablereuse=on, fastcgi_keep_conn on)", () => {
    const built = buildRequest(requestOptionsFor(NGINX, { params, stdin: new Uint8Array(0), keepConn: true }));
    expect(built.ok && built.bytes[10]).toBe(1);
  });
});
