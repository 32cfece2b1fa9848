/**
 * Human-readable views of one record: a one-line summary for logs and
 * lists, and the byte ranges of its fields for a hex view to highlight.
 */
import { decodeBeginRequestBody } from "./begin-request.ts";
import { FCGI_HEADER_LEN, isStreamType, protocolStatusName, RecordType, recordTypeName, roleName } from "./constants.ts";
import { decodeEndRequestBody } from "./end-request.ts";
import { decodeUnknownTypeBody } from "./management.ts";
import { decodeNameValuePairs } from "./name-value-pairs.ts";

/** The fields describe needs; a DecodedRecord has them all. */
export interface DescribableRecord {
  type: number;
  requestId: number;
  content: Uint8Array;
  paddingLength?: number;
}

export type FieldKind = "header" | "content" | "body" | "pair" | "pair-field" | "padding";

/**
 * A byte range within the record (0 = first header byte). "content" spans
 * the whole content; "body", "pair" and "pair-field" ranges lie inside it.
 */
export interface FieldRange {
  name: string;
  kind: FieldKind;
  start: number;
  end: number;
  /** Decoded value, e.g. "RESPONDER" or "REQUEST_METHOD=GET". */
  detail?: string;
}

const NV_TYPES: ReadonlySet<number> = new Set([RecordType.PARAMS, RecordType.GET_VALUES, RecordType.GET_VALUES_RESULT]);

/** e.g. `BEGIN_REQUEST id=1 role=RESPONDER flags=0`, `PARAMS id=1 512 B`. */
export function describeRecord(record: DescribableRecord): string {
  const head = `${recordTypeName(record.type)} id=${record.requestId}`;
  const { content } = record;
  switch (record.type) {
    case RecordType.BEGIN_REQUEST: {
      const body = decodeBeginRequestBody(content);
      if (!body.ok) return `${head} malformed body (${content.length} B)`;
      const { role, flags, keepConn } = body.value;
      return `${head} role=${roleName(role)} flags=${flags}${keepConn ? "(KEEP_CONN)" : ""}`;
    }
    case RecordType.END_REQUEST: {
      const body = decodeEndRequestBody(content);
      if (!body.ok) return `${head} malformed body (${content.length} B)`;
      return `${head} appStatus=${body.value.appStatus} protocolStatus=${protocolStatusName(body.value.protocolStatus)}`;
    }
    case RecordType.ABORT_REQUEST:
      return content.length === 0 ? head : `${head} ${content.length} B`;
    case RecordType.UNKNOWN_TYPE: {
      const body = decodeUnknownTypeBody(content);
      return body.ok ? `${head} type=${body.value.type}` : `${head} malformed body (${content.length} B)`;
    }
    case RecordType.GET_VALUES:
    case RecordType.GET_VALUES_RESULT: {
      const { pairs, error } = decodeNameValuePairs(content);
      const shown = pairs.map((p) => (record.type === RecordType.GET_VALUES ? p.name : `${p.name}=${p.value}`));
      if (error) shown.push("(malformed)");
      return shown.length ? `${head} ${shown.join(" ")}` : `${head} (empty)`;
    }
    default:
      if (isStreamType(record.type)) {
        return content.length === 0 ? `${head} 0 B (end of stream)` : `${head} ${content.length} B`;
      }
      return `${head} ${content.length} B`;
  }
}

export function recordFieldRanges(record: DescribableRecord): FieldRange[] {
  const n = record.content.length;
  const c = FCGI_HEADER_LEN; // content starts right after the header
  const ranges: FieldRange[] = [
    { name: "version", kind: "header", start: 0, end: 1 },
    { name: "type", kind: "header", start: 1, end: 2, detail: recordTypeName(record.type) },
    { name: "requestId", kind: "header", start: 2, end: 4, detail: String(record.requestId) },
    { name: "contentLength", kind: "header", start: 4, end: 6, detail: String(n) },
    { name: "paddingLength", kind: "header", start: 6, end: 7, detail: String(record.paddingLength ?? 0) },
    { name: "reserved", kind: "header", start: 7, end: 8 },
  ];
  if (n > 0) ranges.push({ name: "content", kind: "content", start: c, end: c + n });
  ranges.push(...bodyRanges(record, c));
  const pad = record.paddingLength ?? 0;
  if (pad > 0) ranges.push({ name: "padding", kind: "padding", start: c + n, end: c + n + pad });
  return ranges;
}

function bodyRanges(record: DescribableRecord, c: number): FieldRange[] {
  const { content } = record;
  const body = (name: string, start: number, end: number, detail?: string): FieldRange => ({
    name,
    kind: "body",
    start: c + start,
    end: c + end,
    ...(detail !== undefined ? { detail } : {}),
  });
  if (record.type === RecordType.BEGIN_REQUEST) {
    const b = decodeBeginRequestBody(content);
    if (!b.ok) return [];
    return [body("role", 0, 2, roleName(b.value.role)), body("flags", 2, 3, b.value.keepConn ? "KEEP_CONN" : String(b.value.flags)), body("reserved", 3, 8)];
  }
  if (record.type === RecordType.END_REQUEST) {
    const b = decodeEndRequestBody(content);
    if (!b.ok) return [];
    return [
      body("appStatus", 0, 4, String(b.value.appStatus)),
      body("protocolStatus", 4, 5, protocolStatusName(b.value.protocolStatus)),
      body("reserved", 5, 8),
    ];
  }
  if (record.type === RecordType.UNKNOWN_TYPE) {
    const b = decodeUnknownTypeBody(content);
    return b.ok ? [body("type", 0, 1, recordTypeName(b.value.type)), body("reserved", 1, 8)] : [];
  }
  if (NV_TYPES.has(record.type)) return pairRanges(content, c);
  return [];
}

// Pairs are decoded per record, as flup does: a pair cut across records
// shows up here as a "fragment".
function pairRanges(content: Uint8Array, c: number): FieldRange[] {
  const { pairs, error } = decodeNameValuePairs(content);
  const out: FieldRange[] = [];
  for (const p of pairs) {
    out.push({ name: "pair", kind: "pair", start: c + p.start, end: c + p.end, detail: `${p.name}=${p.value}` });
    const nameLenSize = (content[p.start] & 0x80) === 0 ? 1 : 4;
    out.push(
      { name: "nameLength", kind: "pair-field", start: c + p.start, end: c + p.start + nameLenSize, detail: String(p.nameBytes.length) },
      { name: "valueLength", kind: "pair-field", start: c + p.start + nameLenSize, end: c + p.nameStart, detail: String(p.valueBytes.length) },
      { name: "name", kind: "pair-field", start: c + p.nameStart, end: c + p.valueStart, detail: p.name },
      { name: "value", kind: "pair-field", start: c + p.valueStart, end: c + p.end, detail: p.value },
    );
  }
  if (error) {
    const from = pairs.length ? pairs[pairs.length - 1].end : 0;
    out.push({ name: "fragment", kind: "pair", start: c + from, end: c + content.length, detail: error.message });
  }
  return out;
}
