import { describe, expect, it } from "vitest";
import {
  isManagementType,
  isStreamType,
  protocolStatusName,
  RecordType,
  recordTypeName,
  Role,
  roleName,
} from "./constants.ts";

describe("FastCGI constants (conformance D2, D3)", () => {
  it("numbers the record types 1–11", () => {
    expect(Object.values(RecordType)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(recordTypeName(4)).toBe("PARAMS");
    expect(recordTypeName(12)).toBe("TYPE_12");
  });

  it("classifies streams and management types", () => {
    expect([4, 5, 6, 7, 8].every(isStreamType)).toBe(true);
    expect([1, 2, 3, 9, 10, 11].some(isStreamType)).toBe(false);
    expect([9, 10, 11].every(isManagementType)).toBe(true);
  });

  it("names roles and protocol statuses", () => {
    expect([Role.RESPONDER, Role.AUTHORIZER, Role.FILTER].map(roleName)).toEqual(["RESPONDER", "AUTHORIZER", "FILTER"]);
    expect([0, 1, 2, 3, 9].map(protocolStatusName)).toEqual([
      "REQUEST_COMPLETE",
      "CANT_MPX_CONN",
      "OVERLOADED",
      "UNKNOWN_ROLE",
      "STATUS_9",
    ]);
  });
});
