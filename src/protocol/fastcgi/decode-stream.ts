/**
 * Decode a whole captured byte stream, in either direction (web server →
 * app or app → web server): records, streams reassembled per
 * (requestId, type), PARAMS decoded into pairs, plus errors and notes.
 */
import { decodeBeginRequestBody } from "./begin-request.ts";
import {
  FCGI_HEADER_LEN,
  FCGI_NULL_REQUEST_ID,
  isKnownRecordType,
  isManagementType,
  isStreamType,
  RecordType,
  recordTypeName,
} from "./constants.ts";
import { type FcgiIssue, fcgiError, fcgiNote } from "./decode-issue.ts";
import { decodeEndRequestBody } from "./end-request.ts";
import { decodeGetValuesBody, decodeGetValuesResultBody, decodeUnknownTypeBody } from "./management.ts";
import { type DecodedPair, decodeNameValuePairs } from "./name-value-pairs.ts";
import type { DecodedRecord } from "./record.ts";
import { readAllRecords } from "./record-reader.ts";
import { type AssembledStream, StreamAssembler, streamOffsetToInput } from "./stream.ts";

export interface DecodedStream extends AssembledStream {
  typeName: string;
  /** PARAMS only: pairs decoded from the whole stream (offsets are stream-relative). */
  pairs?: DecodedPair[];
}

export interface StreamDecodeResult {
  records: DecodedRecord[];
  streams: DecodedStream[];
  /** Protocol violations, sorted by offset. */
  errors: FcgiIssue[];
  /** Legal but noteworthy, sorted by offset. */
  notes: FcgiIssue[];
}

export function decodeFcgiStream(bytes: Uint8Array): StreamDecodeResult {
  const { records, errors } = readAllRecords(bytes);
  const notes: FcgiIssue[] = [];
  const assembler = new StreamAssembler();

  for (const record of records) {
    checkRecord(record, errors, notes);
    if (isStreamType(record.type)) assembler.push(record);
  }

  const streams = assembler.streams().map((s) => decodeStreamContent(s, errors, notes));
  return { records, streams, errors: byOffset(errors), notes: byOffset(notes) };
}

function checkRecord(record: DecodedRecord, errors: FcgiIssue[], notes: FcgiIssue[]): void {
  const at = record.offset;
  const label = `${recordTypeName(record.type)} at offset ${at}`;
  const contentAt = at + FCGI_HEADER_LEN;

  if (!isKnownRecordType(record.type)) {
    notes.push(
      fcgiNote(
        "unknown-type",
        `record type ${record.type} at offset ${at} is not defined by FastCGI 1.0` +
          (record.requestId === FCGI_NULL_REQUEST_ID ? " (an app answers UNKNOWN_TYPE)" : ""),
        at,
      ),
    );
  }
  if (record.reserved !== 0) {
    notes.push(fcgiNote("nonzero-reserved", `${label} has reserved byte ${record.reserved}`, at + 7));
  }
  if (record.padding.some((b) => b !== 0)) {
    notes.push(fcgiNote("nonzero-padding", `${label} has non-zero padding bytes (receivers skip them)`, contentAt + record.contentLength));
  }
  if (isKnownRecordType(record.type)) {
    const management = isManagementType(record.type);
    if (management !== (record.requestId === FCGI_NULL_REQUEST_ID)) {
      notes.push(
        fcgiNote(
          "request-id-mismatch",
          management
            ? `${label} is a management record but uses request id ${record.requestId} (expected 0)`
            : `${label} uses request id 0, which is reserved for management records`,
          at + 2,
        ),
      );
    }
  }

  const bodyIssue = checkBody(record, contentAt);
  if (bodyIssue) errors.push(bodyIssue.error);
  else if (record.type === RecordType.GET_VALUES) {
    const q = decodeGetValuesBody(record.content, contentAt);
    if (q.ok) notes.push(...q.value.notes);
  }
}

function checkBody(record: DecodedRecord, contentAt: number): { error: FcgiIssue } | undefined {
  const c = record.content;
  const result = (() => {
    switch (record.type) {
      case RecordType.BEGIN_REQUEST:
        return decodeBeginRequestBody(c, contentAt);
      case RecordType.END_REQUEST:
        return decodeEndRequestBody(c, contentAt);
      case RecordType.UNKNOWN_TYPE:
        return decodeUnknownTypeBody(c, contentAt);
      case RecordType.GET_VALUES:
        return decodeGetValuesBody(c, contentAt);
      case RecordType.GET_VALUES_RESULT:
        return decodeGetValuesResultBody(c, contentAt);
      default:
        return undefined;
    }
  })();
  return result && !result.ok ? { error: result.error } : undefined;
}

function decodeStreamContent(stream: AssembledStream, errors: FcgiIssue[], notes: FcgiIssue[]): DecodedStream {
  const typeName = recordTypeName(stream.type);
  const label = `${typeName} stream for request id ${stream.requestId}`;
  if (!stream.terminated) {
    notes.push(
      fcgiNote("stream-not-terminated", `${label} has no terminating empty record before the end of input`, stream.firstOffset),
    );
  }
  if (stream.type !== RecordType.PARAMS) return { ...stream, typeName };

  const { pairs, error } = decodeNameValuePairs(stream.content);
  if (error) {
    const at = streamOffsetToInput(stream, error.offset);
    errors.push(fcgiError(error.code, `${label}: ${error.message.replace(/^name-value pair at byte \d+/, `name-value pair at stream byte ${error.offset}`)}`, at));
  }
  for (const p of pairs) {
    const first = segmentIndex(stream, p.start);
    const last = segmentIndex(stream, p.end - 1);
    if (first !== last) {
      notes.push(
        fcgiNote(
          "pair-split-across-records",
          `${label}: pair ${p.name} is split across ${last - first + 1} records; fine for the spec, but flup decodes each PARAMS record on its own and would lose it`,
          streamOffsetToInput(stream, p.start),
        ),
      );
    }
  }
  return { ...stream, typeName, pairs };
}

function segmentIndex(stream: AssembledStream, streamOffset: number): number {
  return stream.segments.findIndex((s) => streamOffset >= s.streamOffset && streamOffset < s.streamOffset + s.length);
}

function byOffset(issues: FcgiIssue[]): FcgiIssue[] {
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => a.issue.offset - b.issue.offset || a.i - b.i).map((x) => x.issue);
}
