import { describe, expect, it } from "vitest";
import { lockDownWorkerGlobals } from "./worker-lockdown.ts";

describe("lockDownWorkerGlobals", () => {
  it("removes members from the global and from its prototypes, and leaves the rest", () => {
    const proto = {};
    Object.defineProperty(proto, "indexedDB", { get: () => "idb", configurable: true });
    const navProto = {};
    Object.defineProperty(navProto, "storage", { get: () => "opfs", configurable: true });
    const g = Object.create(proto) as Record<string, unknown>;
    Object.assign(g, { WorkerGlobalScope: function () {}, fetch: () => "net", postMessage: () => "kept", navigator: Object.create(navProto) });
    Object.defineProperty(g, "caches", { value: "c", configurable: false, writable: false });
    const still = lockDownWorkerGlobals(g as unknown as typeof globalThis);
    expect(g.indexedDB).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(proto, "indexedDB")).toBeUndefined();
    expect(g.fetch).toBeUndefined();
    expect((g.navigator as Record<string, unknown>).storage).toBeUndefined();
    expect(typeof g.postMessage).toBe("function");
    // A non-configurable member cannot be removed: it is reported.
    expect(still).toEqual(["caches"]);
  });

  it("does nothing outside a browser worker", () => {
    const g = { fetch: () => 1 } as unknown as typeof globalThis;
    expect(lockDownWorkerGlobals(g)).toEqual([]);
    expect(typeof (g as unknown as { fetch: unknown }).fetch).toBe("function");
  });
});
