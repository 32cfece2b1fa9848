/**
 * The web server's end of one FastCGI connection: writes the records a
 * module built, splits what comes back into records (frame-reader.ts), and
 * captures every record that crosses, both ways, with its exact bytes.
 * Several requests may share a connection (the multiplexing demo); each has
 * its own outcome, keyed by request id.
 */
import { decodeEndRequestBody, type EndRequestBody, RecordType } from "../../protocol/fastcgi/index.ts";
import type { AppConnection } from "../../runtime/process.ts";
import type { CapturedRecord } from "../exchange.ts";
import { FrameReader } from "./frame-reader.ts";

export interface RequestOutcome {
  requestId: number;
  stdout: Uint8Array;
  /** STDERR content, one entry per record (mod_proxy_fcgi logs per record). */
  stderrRecords: Uint8Array[];
  end: EndRequestBody | null;
  /** Why the wait stopped. */
  stop: "end-request" | "app-closed" | "timeout" | "protocol-error";
  /** A record-layer error, when stop is "protocol-error". */
  error?: string;
}

interface Pending {
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  end: EndRequestBody | null;
  done?: RequestOutcome;
  waiters: ((o: RequestOutcome) => void)[];
}

export class ClientConnection {
  /** Every record that crossed, in order. */
  readonly records: CapturedRecord[] = [];
  private readonly reader = new FrameReader();
  private readonly pending = new Map<number, Pending>();
  private closedByApp = false;
  private closedByUs = false;
  private protocolError: string | undefined;
  private readonly t0 = performance.now();
  /** Records for request id 0 (management), as decoded. */
  readonly management: { type: number; content: Uint8Array }[] = [];
  /** Cuts the connection's listeners loose from this object (see close()). */
  private readonly detach: () => void;

  constructor(private readonly conn: AppConnection, private readonly sinks: CapturedRecord[][] = []) {
    // The listeners reach this object through `link` only: a runtime may keep a closed
    // connection and its listeners, and must not keep the records captured on it.
    const link: { to: ClientConnection | null } = { to: this };
    this.detach = () => (link.to = null);
    conn.onData((bytes) => link.to?.receive(bytes));
    conn.onClose(() => link.to?.onAppClose());
  }

  private onAppClose(): void {
    this.closedByApp = true;
    const tail = this.reader.finish();
    if (tail.errors[0]) this.protocolError = tail.errors[0].message;
    for (const [id, p] of this.pending) this.settle(id, p, "app-closed");
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  private capture(rec: CapturedRecord): void {
    this.records.push(rec);
    for (const s of this.sinks) s.push(rec);
  }

  /** Opens the books for a request id before its records go out. */
  expect(requestId: number): void {
    if (!this.pending.has(requestId)) this.pending.set(requestId, { stdout: [], stderr: [], end: null, waiters: [] });
  }

  /**
   * Writes bytes (whole records) to the application; they are captured record
   * by record, as views of `bytes`, which the caller must not change afterwards.
   */
  send(bytes: Uint8Array): void {
    if (this.closedByUs) return;
    const t = this.now();
    for (const r of new FrameReader().feed(bytes).records) this.capture({ direction: "to-app", bytes: r.raw, t });
    this.conn.write(bytes);
  }

  private receive(bytes: Uint8Array): void {
    const out = this.reader.feed(bytes);
    const t = this.now();
    for (const r of out.records) {
      this.capture({ direction: "from-app", bytes: r.raw, t });
      if (r.requestId === 0) {
        this.management.push({ type: r.type, content: r.content });
        continue;
      }
      const p = this.pending.get(r.requestId);
      if (!p || p.done) continue; // a record for an inactive id is ignored (D7)
      if (r.type === RecordType.STDOUT) p.stdout.push(r.content);
      else if (r.type === RecordType.STDERR) p.stderr.push(r.content);
      else if (r.type === RecordType.END_REQUEST) {
        const body = decodeEndRequestBody(r.content);
        p.end = body.ok ? body.value : { appStatus: 0, protocolStatus: 0 };
        this.settle(r.requestId, p, "end-request");
      }
    }
    if (out.errors[0]) {
      this.protocolError = out.errors[0].message;
      for (const [id, p] of this.pending) this.settle(id, p, "protocol-error");
    }
  }

  private settle(requestId: number, p: Pending, stop: RequestOutcome["stop"]): void {
    if (p.done) return;
    const total = p.stdout.reduce((n, c) => n + c.length, 0);
    const stdout = new Uint8Array(total);
    let at = 0;
    for (const c of p.stdout) {
      stdout.set(c, at);
      at += c.length;
    }
    p.done = { requestId, stdout, stderrRecords: p.stderr.filter((c) => c.length > 0), end: p.end, stop, ...(stop === "protocol-error" && this.protocolError ? { error: this.protocolError } : {}) };
    for (const w of p.waiters) w(p.done);
    p.waiters = [];
  }

  /** Waits for END_REQUEST of `requestId`, the application closing, or the timeout. */
  wait(requestId: number, timeoutMs: number): Promise<RequestOutcome> {
    this.expect(requestId);
    const p = this.pending.get(requestId)!;
    if (p.done) return Promise.resolve(p.done);
    if (this.closedByApp) {
      this.settle(requestId, p, "app-closed");
      return Promise.resolve(p.done!);
    }
    return new Promise((resolve) => {
      const timer = timeoutMs > 0 ? setTimeout(() => this.settle(requestId, p, "timeout"), timeoutMs) : undefined;
      p.waiters.push((o) => {
        if (timer) clearTimeout(timer);
        resolve(o);
      });
    });
  }

  /**
   * Closes the server's side (Apache closes as soon as END_REQUEST arrives).
   * Whatever the application sends after that is never read, so it is not
   * captured either, and nothing here stays reachable from the connection.
   */
  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    this.conn.close();
    this.detach();
  }

  get appClosed(): boolean {
    return this.closedByApp;
  }
}

/** Splits STDERR text into log lines the way mod_fastcgi and mod_fcgid do (CR/LF separated, empty lines skipped). */
export function stderrLogLines(chunks: readonly Uint8Array[]): string[] {
  const text = chunks.map((c) => new TextDecoder("utf-8", { fatal: false }).decode(c)).join("");
  return text.split(/[\r\n]+/).filter((l) => l.length > 0);
}
