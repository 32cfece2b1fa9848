import { describe, expect, it } from "vitest";
import { buildRequest, concatBytes, encodeRecord, MOD_FASTCGI, RecordType, requestOptionsFor } from "../../protocol/fastcgi/index.ts";
import type { AppConnection } from "../../runtime/process.ts";
import type { CapturedRecord } from "../exchange.ts";
import { ClientConnection } from "./client.ts";

/** An AppConnection that records writes and keeps its listeners, as a runtime may after close. */
function fakeConnection() {
  const written: Uint8Array[] = [];
  const data: ((b: Uint8Array) => void)[] = [];
  const close: (() => void)[] = [];
  const conn: AppConnection = {
    write: (b) => written.push(b.slice()),
    close: () => {},
    onData: (l) => data.push(l),
    onClose: (l) => close.push(l),
  };
  return { conn, written, deliver: (b: Uint8Array) => data.forEach((l) => l(b)), appClose: () => close.forEach((l) => l()) };
}

const enc = new TextEncoder();
const concat = concatBytes;

describe("ClientConnection", () => {
  it("captures every record that crossed, both ways, byte for byte", async () => {
    const f = fakeConnection();
    const sink: CapturedRecord[] = [];
    const client = new ClientConnection(f.conn, [sink]);
    const built = buildRequest(requestOptionsFor(MOD_FASTCGI, { params: [["REQUEST_METHOD", "GET"], ["QUERY_STRING", ""]], stdin: new Uint8Array() }));
    if (!built.ok) throw new Error(built.error);
    client.expect(1);
    client.send(built.bytes);
    const reply = [
      encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: enc.encode("Content-Type: text/plain\r\n\r\nhi\n") }),
      encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: new Uint8Array() }),
      encodeRecord({ type: RecordType.END_REQUEST, requestId: 1, content: new Uint8Array(8) }),
    ];
    const wire = concat(reply);
    f.deliver(wire.subarray(0, 11)); // a record cut across two reads
    f.deliver(wire.subarray(11));
    const outcome = await client.wait(1, 1000);
    client.close();

    expect(outcome.stop).toBe("end-request");
    expect(new TextDecoder().decode(outcome.stdout)).toBe("Content-Type: text/plain\r\n\r\nhi\n");
    const toApp = sink.filter((r) => r.direction === "to-app").map((r) => r.bytes);
    const fromApp = sink.filter((r) => r.direction === "from-app").map((r) => r.bytes);
    expect(toApp).toHaveLength(built.records.length);
    expect(concat(toApp)).toEqual(concat(f.written));
    expect(fromApp).toEqual(reply);
    expect(client.records).toEqual(sink);
  });

  it("after closing, reads and keeps nothing more from the connection", async () => {
    const f = fakeConnection();
    const sink: CapturedRecord[] = [];
    const client = new ClientConnection(f.conn, [sink]);
    client.expect(1);
    f.deliver(encodeRecord({ type: RecordType.END_REQUEST, requestId: 1, content: new Uint8Array(8) }));
    await client.wait(1, 1000);
    client.close();
    const before = sink.length;
    // A late record and the application's close reach listeners the runtime still holds.
    f.deliver(encodeRecord({ type: RecordType.STDOUT, requestId: 1, content: enc.encode("late") }));
    f.appClose();
    expect(sink).toHaveLength(before);
    expect(client.appClosed).toBe(false);
  });
});
