/**
 * Streams (PARAMS, STDIN, STDOUT, STDERR, DATA) are zero or more non-empty
 * records followed by one empty record; the value does not depend on how
 * it was split (conformance D5). Splitting is where peers differ: nginx
 * cuts STDIN at 32768 bytes, mod_proxy_fcgi at 8192, Go at 65535.
 */
import { FCGI_HEADER_LEN, FCGI_MAX_CONTENT_LENGTH } from "./constants.ts";
import { concatBytes, type DecodedRecord, encodeRecords, type FcgiRecord, type PaddingPolicy } from "./record.ts";

export interface SplitStreamOptions {
  /** Largest content per record, 1..65535. Default 65535. */
  maxContentLength?: number;
  /** Append the empty record that ends the stream. Default true. */
  terminate?: boolean;
}

/** Cut `data` into records of at most maxContentLength bytes (+ terminator). */
export function streamToRecords(
  type: number,
  requestId: number,
  data: Uint8Array,
  options: SplitStreamOptions = {},
): FcgiRecord[] {
  const max = options.maxContentLength ?? FCGI_MAX_CONTENT_LENGTH;
  if (!Number.isInteger(max) || max < 1 || max > FCGI_MAX_CONTENT_LENGTH) {
    throw new RangeError(`record size ${max} is outside 1..${FCGI_MAX_CONTENT_LENGTH}`);
  }
  const records: FcgiRecord[] = [];
  for (let at = 0; at < data.length; at += max) {
    records.push({ type, requestId, content: data.subarray(at, Math.min(at + max, data.length)) });
  }
  if (options.terminate ?? true) records.push({ type, requestId, content: new Uint8Array(0) });
  return records;
}

export function encodeStream(
  type: number,
  requestId: number,
  data: Uint8Array,
  options: SplitStreamOptions & { padding?: PaddingPolicy } = {},
): Uint8Array {
  return encodeRecords(streamToRecords(type, requestId, data, options), options.padding ?? "align8");
}

/** Where one record's content landed in the reassembled stream. */
export interface StreamSegment {
  /** Offset of the record's header in the decoded input. */
  recordOffset: number;
  /** Offset of the record's first content byte in the decoded input. */
  inputOffset: number;
  /** Offset of that byte within the stream. */
  streamOffset: number;
  length: number;
}

export interface AssembledStream {
  requestId: number;
  type: number;
  content: Uint8Array;
  /** One per non-empty record, in order. */
  segments: StreamSegment[];
  /** Whether the empty record arrived. */
  terminated: boolean;
  /** Offset of the first record (or of the terminator for an empty stream). */
  firstOffset: number;
  /** Offset of the terminating empty record, if seen. */
  endOffset?: number;
}

interface OpenStream {
  requestId: number;
  type: number;
  parts: Uint8Array[];
  segments: StreamSegment[];
  length: number;
  firstOffset: number;
  endOffset?: number;
}

/**
 * Reassembles stream records per (requestId, type). After a stream ends,
 * a new record for the same key starts a new stream: with KEEP_CONN a
 * connection reuses request id 1 for the next request.
 */
export class StreamAssembler {
  private readonly open = new Map<string, OpenStream>();
  private readonly all: OpenStream[] = [];

  /** Add a stream record; returns the stream when this record ends it. */
  push(record: Pick<DecodedRecord, "type" | "requestId" | "content" | "offset">): AssembledStream | undefined {
    const key = `${record.requestId}:${record.type}`;
    let stream = this.open.get(key);
    if (!stream) {
      stream = {
        requestId: record.requestId,
        type: record.type,
        parts: [],
        segments: [],
        length: 0,
        firstOffset: record.offset,
      };
      this.open.set(key, stream);
      this.all.push(stream);
    }
    if (record.content.length === 0) {
      stream.endOffset = record.offset;
      this.open.delete(key);
      return snapshot(stream);
    }
    stream.segments.push({
      recordOffset: record.offset,
      inputOffset: record.offset + FCGI_HEADER_LEN,
      streamOffset: stream.length,
      length: record.content.length,
    });
    stream.parts.push(record.content);
    stream.length += record.content.length;
    return undefined;
  }

  /** Every stream seen so far, ended or not, in order of first record. */
  streams(): AssembledStream[] {
    return this.all.map(snapshot);
  }
}

function snapshot(s: OpenStream): AssembledStream {
  return {
    requestId: s.requestId,
    type: s.type,
    content: concatBytes(s.parts),
    segments: s.segments.slice(),
    terminated: s.endOffset !== undefined,
    firstOffset: s.firstOffset,
    ...(s.endOffset !== undefined ? { endOffset: s.endOffset } : {}),
  };
}

/** Map an offset inside a reassembled stream back to the decoded input. */
export function streamOffsetToInput(stream: Pick<AssembledStream, "segments">, streamOffset: number): number {
  for (const seg of stream.segments) {
    if (streamOffset < seg.streamOffset + seg.length) return seg.inputOffset + (streamOffset - seg.streamOffset);
  }
  const last = stream.segments[stream.segments.length - 1];
  return last ? last.inputOffset + last.length : 0;
}
