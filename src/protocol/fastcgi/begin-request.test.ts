import { describe, expect, it } from "vitest";
import { decodeBeginRequestBody, encodeBeginRequest, encodeBeginRequestBody } from "./begin-request.ts";
import { Role } from "./constants.ts";
import { parseHex, toHex } from "./hex.ts";

describe("BEGIN_REQUEST (conformance D3, D14)", () => {
  it("D14: responder, KEEP_CONN off, id 1", () => {
    expect(toHex(encodeBeginRequest(1, Role.RESPONDER, false))).toBe("01010001000800000001000000000000");
  });

  it("D14: KEEP_CONN on sets byte 11 to 01", () => {
    const bytes = encodeBeginRequest(1, Role.RESPONDER, true);
    expect(bytes[10]).toBe(1);
    expect(toHex(bytes)).toBe("01010001000800000001010000000000");
  });

  it("encodes the other roles and padding policy makes no difference for an 8-byte body", () => {
    expect(toHex(encodeBeginRequestBody(Role.FILTER, false))).toBe("0003000000000000");
    expect(toHex(encodeBeginRequest(7, Role.AUTHORIZER, false, "none"))).toBe("01010007000800000002000000000000");
  });

  it("decodes role and flags, keeping unknown flag bits", () => {
    const body = parseHex("0002030000000000") ?? new Uint8Array(0);
    expect(decodeBeginRequestBody(body)).toEqual({ ok: true, value: { role: 2, flags: 3, keepConn: true } });
  });

  it("rejects a body that is not 8 bytes", () => {
    const r = decodeBeginRequestBody(new Uint8Array(5), 8);
    expect(r).toMatchObject({ ok: false, error: { code: "bad-body-length", offset: 8 } });
    expect(!r.ok && r.error.message).toBe("BEGIN_REQUEST body is 5 bytes, expected 8");
  });
});
