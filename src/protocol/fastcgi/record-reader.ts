/**
 * Incremental record decoder: feed bytes as they arrive, in chunks of any
 * size, and get whole records back with their input offset and exact bytes.
 *
 * It never throws on input and never loops without consuming: every record
 * is at least 8 bytes. A bad version byte means framing is lost (a real
 * peer drops the connection: nginx "unsupported FastCGI protocol version",
 * libfcgi FCGX_UNSUPPORTED_VERSION), so the reader reports it once and then
 * ignores further input. finish() reports a record cut off by end of input.
 */
import { FCGI_HEADER_LEN, FCGI_VERSION_1 } from "./constants.ts";
import { type FcgiIssue, fcgiError } from "./decode-issue.ts";
import { type DecodedRecord, decodeRecord, readHeader, recordSize } from "./record.ts";

export interface RecordReaderOutput {
  records: DecodedRecord[];
  errors: FcgiIssue[];
}

export class RecordReader {
  private buf = new Uint8Array(1024);
  private start = 0;
  private end = 0;
  /** Input offset of buf[start]. */
  private consumed = 0;
  private failure: FcgiIssue | undefined;

  /** Bytes consumed into whole records so far. */
  get offset(): number {
    return this.consumed;
  }

  /** Bytes held back waiting for the rest of a record. */
  get buffered(): number {
    return this.end - this.start;
  }

  /** The error that stopped the reader, if any. */
  get error(): FcgiIssue | undefined {
    return this.failure;
  }

  feed(chunk: Uint8Array): RecordReaderOutput {
    if (this.failure) return { records: [], errors: [] };
    this.append(chunk);
    const records: DecodedRecord[] = [];
    const errors: FcgiIssue[] = [];
    for (;;) {
      const available = this.end - this.start;
      if (available === 0) break;
      // Check the version as soon as its byte is here, so garbage fails fast.
      const version = this.buf[this.start];
      if (version !== FCGI_VERSION_1) {
        this.failure = fcgiError(
          "bad-version",
          `record at offset ${this.consumed} has version ${version}, expected ${FCGI_VERSION_1} (not a FastCGI record, or framing lost)`,
          this.consumed,
        );
        errors.push(this.failure);
        break;
      }
      if (available < FCGI_HEADER_LEN) break;
      const size = recordSize(readHeader(this.buf, this.start));
      if (available < size) break;
      const result = decodeRecord(this.buf.subarray(this.start, this.start + size), 0, this.consumed);
      // Cannot fail: version and length were checked above. Guard anyway.
      if (!result.ok) {
        this.failure = result.error;
        errors.push(result.error);
        break;
      }
      records.push(result.value);
      this.start += size;
      this.consumed += size;
    }
    return { records, errors };
  }

  /** End of input: a partial record left in the buffer is an error. */
  finish(): RecordReaderOutput {
    if (this.failure || this.buffered === 0) return { records: [], errors: [] };
    const result = decodeRecord(this.buf.subarray(this.start, this.end), 0, this.consumed);
    // With bytes buffered, decodeRecord can only report truncation here.
    const error = result.ok
      ? fcgiError("truncated-content", `input ends inside the record at offset ${this.consumed}`, this.consumed)
      : result.error;
    this.failure = error;
    return { records: [], errors: [error] };
  }

  private append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const pending = this.end - this.start;
    if (this.end + chunk.length > this.buf.length) {
      if (pending + chunk.length <= this.buf.length / 2) {
        // Plenty of room once consumed bytes are dropped.
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let capacity = this.buf.length;
        while (capacity < (pending + chunk.length) * 2) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      }
      this.start = 0;
      this.end = pending;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
}

/** Decode a complete input in one go. */
export function readAllRecords(bytes: Uint8Array): RecordReaderOutput {
  const reader = new RecordReader();
  const out = reader.feed(bytes);
  const tail = reader.finish();
  return { records: out.records, errors: [...out.errors, ...tail.errors] };
}
