import { describe, expect, it } from "vitest";
import { ProtocolStatus } from "./constants.ts";
import { decodeEndRequestBody, encodeEndRequest, encodeEndRequestBody } from "./end-request.ts";
import { parseHex, toHex } from "./hex.ts";

describe("END_REQUEST (conformance D3, D14, F9, F10)", () => {
  it("D14: id 1, appStatus 0, REQUEST_COMPLETE", () => {
    expect(toHex(encodeEndRequest(1, 0))).toBe("01030001000800000000000000000000");
  });

  it("F9: appStatus 938", () => {
    expect(toHex(encodeEndRequest(1, 938))).toBe("0103000100080000000003aa00000000");
  });

  it("F10: CANT_MPX_CONN for id 2 and UNKNOWN_ROLE", () => {
    expect(toHex(encodeEndRequest(2, 0, ProtocolStatus.CANT_MPX_CONN))).toBe("01030002000800000000000001000000");
    expect(toHex(encodeEndRequestBody(0, ProtocolStatus.UNKNOWN_ROLE))).toBe("0000000003000000");
  });

  it("appStatus is unsigned 32-bit on the wire", () => {
    expect(toHex(encodeEndRequestBody(-1))).toBe("ffffffff00000000");
    const r = decodeEndRequestBody(parseHex("ffffffff02000000") ?? new Uint8Array(0));
    expect(r).toEqual({ ok: true, value: { appStatus: 4294967295, protocolStatus: 2 } });
  });

  it("rejects a body that is not 8 bytes", () => {
    expect(decodeEndRequestBody(new Uint8Array(9), 40)).toMatchObject({
      ok: false,
      error: { code: "bad-body-length", offset: 40, message: "END_REQUEST body is 9 bytes, expected 8" },
    });
  });
});
