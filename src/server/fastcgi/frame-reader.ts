/**
 * The web server's record splitter: whole FastCGI records out of a byte
 * stream, as views of the bytes that arrived (no copy when a record arrives
 * whole, which is nearly always: one copy of the held part when a record is
 * cut across chunks). Per request the server splits ~40 records (mod_fastcgi
 * sends a PARAMS record per variable), so the protocol's RecordReader, which
 * copies every record and builds a full DecodedRecord, showed in profiles.
 *
 * Errors are the RecordReader's, word for word (frame-reader.test.ts feeds
 * both the same input): a bad version byte stops the reader for good, and
 * finish() reports a record cut off by the end of input.
 */
import { decodeRecord, type FcgiIssue, fcgiError, FCGI_HEADER_LEN, FCGI_VERSION_1 } from "../../protocol/fastcgi/index.ts";

export interface Frame {
  type: number;
  requestId: number;
  /** Views of `raw`. */
  content: Uint8Array;
  /** Header + content + padding, exactly as received. */
  raw: Uint8Array;
}

export interface FrameOutput {
  records: Frame[];
  errors: FcgiIssue[];
}

export class FrameReader {
  /** The start of a record still incomplete, if any. */
  private held: Uint8Array | null = null;
  /** Input offset of the first byte not yet returned in a record. */
  private consumed = 0;
  private failure: FcgiIssue | undefined;

  feed(chunk: Uint8Array): FrameOutput {
    const records: Frame[] = [];
    if (this.failure || chunk.length === 0) return { records, errors: [] };
    // Views must be plain Uint8Arrays of bytes nobody rewrites (a Node Buffer is copied once).
    let data = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk);
    if (this.held) {
      const joined = new Uint8Array(this.held.length + data.length);
      joined.set(this.held);
      joined.set(data, this.held.length);
      data = joined;
      this.held = null;
    }
    let at = 0;
    while (at < data.length) {
      const version = data[at]!;
      if (version !== FCGI_VERSION_1) {
        this.failure = fcgiError(
          "bad-version",
          `record at offset ${this.consumed} has version ${version}, expected ${FCGI_VERSION_1} (not a FastCGI record, or framing lost)`,
          this.consumed,
        );
        return { records, errors: [this.failure] };
      }
      if (data.length - at < FCGI_HEADER_LEN) break;
      const contentLength = (data[at + 4]! << 8) | data[at + 5]!;
      const size = FCGI_HEADER_LEN + contentLength + data[at + 6]!;
      if (data.length - at < size) break;
      const raw = data.subarray(at, at + size);
      records.push({
        type: data[at + 1]!,
        requestId: (data[at + 2]! << 8) | data[at + 3]!,
        content: raw.subarray(FCGI_HEADER_LEN, FCGI_HEADER_LEN + contentLength),
        raw,
      });
      at += size;
      this.consumed += size;
    }
    // Keep only the incomplete tail (a copy: the caller's chunk may be large).
    if (at < data.length) this.held = data.slice(at);
    return { records, errors: [] };
  }

  /** End of input: a partial record left over is an error. */
  finish(): FrameOutput {
    if (this.failure || !this.held) return { records: [], errors: [] };
    const result = decodeRecord(this.held, 0, this.consumed);
    this.failure = result.ok
      ? fcgiError("truncated-content", `input ends inside the record at offset ${this.consumed}`, this.consumed)
      : result.error;
    return { records: [], errors: [this.failure] };
  }
}
