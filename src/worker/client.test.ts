import { describe, expect, it } from "vitest";
import type { FromWorker, ToWorker } from "./api.ts";
import { EngineCallError, EngineClient, type WorkerPort } from "./client.ts";
import { LogFollower } from "./log-follower.ts";

function fakePort(answer: (m: ToWorker) => FromWorker[]): WorkerPort & { sent: ToWorker[] } {
  let listener: ((e: MessageEvent<FromWorker>) => void) | null = null;
  const sent: ToWorker[] = [];
  return {
    sent,
    postMessage(m) {
      sent.push(m);
      queueMicrotask(() => answer(m).forEach((r) => listener?.({ data: r } as MessageEvent<FromWorker>)));
    },
    addEventListener(_t, l) {
      listener = l;
    },
  };
}

describe("EngineClient", () => {
  it("matches replies to calls by id and passes events on", async () => {
    const port = fakePort((m) => [
      { kind: "event", event: { type: "progress", stage: "downloading", loadedBytes: 1, totalBytes: 2 } },
      m.name === "fs.list" ? { kind: "reply", id: m.id, ok: true, result: ["a", "b"] } : { kind: "reply", id: m.id, ok: false, error: { code: "ENOENT", message: "ENOENT: /x" } },
    ]);
    const client = new EngineClient(port);
    const events: string[] = [];
    client.on((e) => events.push(e.type));
    await expect(client.call("fs.list", { path: "/" })).resolves.toEqual(["a", "b"]);
    const err = await client.call("fs.read", { path: "/x" }).catch((e) => e);
    expect(err).toBeInstanceOf(EngineCallError);
    expect(err.code).toBe("ENOENT");
    expect(port.sent.map((m) => m.id)).toEqual([1, 2]);
    expect(events).toEqual(["progress", "progress"]);
    expect(client.lastProgress?.stage).toBe("downloading");
  });
});

describe("LogFollower", () => {
  it("reports only appended lines and where they are, and starts over when a log shrinks", () => {
    const f = new LogFollower();
    f.prime("/l", "old\n");
    expect(f.appended("/l", "old\nnew 1\nnew 2\n")).toEqual({ lines: ["new 1", "new 2"], from: 4, to: 16 });
    expect(f.appended("/l", "old\nnew 1\nnew 2\n")).toEqual({ lines: [], from: 16, to: 16 });
    expect(f.appended("/l", "fresh\n")).toEqual({ lines: ["fresh"], from: 0, to: 6 });
  });
});
