/**
 * One FastCGI record: an 8-byte header, contentLength bytes of content and
 * paddingLength bytes of padding (conformance D1).
 *
 *   0 version | 1 type | 2-3 requestId | 4-5 contentLength | 6 paddingLength | 7 reserved
 */
import {
  FCGI_HEADER_LEN,
  FCGI_MAX_CONTENT_LENGTH,
  FCGI_MAX_PADDING_LENGTH,
  FCGI_MAX_REQUEST_ID,
  FCGI_VERSION_1,
  recordTypeName,
} from "./constants.ts";
import { type DecodeResult, fcgiError } from "./decode-issue.ts";

/**
 * Who pads how: libfcgi, nginx, Go, flup and php-fpm pad content to a
 * multiple of 8 (`-len & 7`); mod_proxy_fcgi, mod_fcgid and mod_fastcgi
 * always send paddingLength 0.
 */
export type PaddingPolicy = "align8" | "none";

export interface RecordHeader {
  version: number;
  type: number;
  requestId: number;
  contentLength: number;
  paddingLength: number;
  reserved: number;
}

/** What an encoder needs: the rest of the header follows from the content. */
export interface FcgiRecord {
  type: number;
  requestId: number;
  content: Uint8Array;
}

/** A record as read off the wire, with where it was and its exact bytes. */
export interface DecodedRecord extends RecordHeader {
  /** Offset of the header's first byte in the decoded input. */
  offset: number;
  content: Uint8Array;
  padding: Uint8Array;
  /** Header + content + padding, exactly as received. */
  raw: Uint8Array;
}

export interface EncodeRecordOptions {
  /** A policy, or an explicit paddingLength (0–255). Default "align8". */
  padding?: PaddingPolicy | number;
  /** Only for building deliberately broken input in tests and lessons. */
  version?: number;
  reserved?: number;
}

export function paddingLengthFor(contentLength: number, policy: PaddingPolicy): number {
  return policy === "align8" ? -contentLength & 7 : 0;
}

export function encodeHeader(header: RecordHeader): Uint8Array {
  const out = new Uint8Array(FCGI_HEADER_LEN);
  writeHeader(out, 0, header);
  return out;
}

function writeHeader(out: Uint8Array, at: number, h: RecordHeader): void {
  checkRange("version", h.version, 0xff);
  checkRange("type", h.type, 0xff);
  checkRange("requestId", h.requestId, FCGI_MAX_REQUEST_ID);
  checkRange("contentLength", h.contentLength, FCGI_MAX_CONTENT_LENGTH);
  checkRange("paddingLength", h.paddingLength, FCGI_MAX_PADDING_LENGTH);
  checkRange("reserved", h.reserved, 0xff);
  out[at] = h.version;
  out[at + 1] = h.type;
  out[at + 2] = h.requestId >> 8;
  out[at + 3] = h.requestId & 0xff;
  out[at + 4] = h.contentLength >> 8;
  out[at + 5] = h.contentLength & 0xff;
  out[at + 6] = h.paddingLength;
  out[at + 7] = h.reserved;
}

// Encoding is our own data, so a bad field is a programming error: throw.
function checkRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`FastCGI ${field} ${value} is outside 0..${max}`);
  }
}

/** Header fields from 8 bytes at `offset`; the caller ensures they exist. */
export function readHeader(bytes: Uint8Array, offset = 0): RecordHeader {
  return {
    version: bytes[offset],
    type: bytes[offset + 1],
    requestId: (bytes[offset + 2] << 8) | bytes[offset + 3],
    contentLength: (bytes[offset + 4] << 8) | bytes[offset + 5],
    paddingLength: bytes[offset + 6],
    reserved: bytes[offset + 7],
  };
}

/** Encode one record; padding bytes are zero. */
export function encodeRecord(record: FcgiRecord, options: EncodeRecordOptions = {}): Uint8Array {
  const padding = options.padding ?? "align8";
  const paddingLength =
    typeof padding === "number" ? padding : paddingLengthFor(record.content.length, padding);
  const out = new Uint8Array(FCGI_HEADER_LEN + record.content.length + paddingLength);
  writeHeader(out, 0, {
    version: options.version ?? FCGI_VERSION_1,
    type: record.type,
    requestId: record.requestId,
    contentLength: record.content.length,
    paddingLength,
    reserved: options.reserved ?? 0,
  });
  out.set(record.content, FCGI_HEADER_LEN);
  return out;
}

/** Concatenate records encoded with one padding policy. */
export function encodeRecords(records: readonly FcgiRecord[], padding: PaddingPolicy = "align8"): Uint8Array {
  return concatBytes(records.map((r) => encodeRecord(r, { padding })));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Decode the record starting at `offset`. `baseOffset` is added to reported
 * offsets when `bytes` is a window into a larger input.
 */
export function decodeRecord(
  bytes: Uint8Array,
  offset = 0,
  baseOffset = 0,
): DecodeResult<DecodedRecord> {
  const at = baseOffset + offset;
  const available = bytes.length - offset;
  if (available < FCGI_HEADER_LEN) {
    return {
      ok: false,
      error: fcgiError(
        "truncated-header",
        `input ends inside a record header at offset ${at}: ${available} of ${FCGI_HEADER_LEN} header bytes present`,
        at,
      ),
    };
  }
  const h = readHeader(bytes, offset);
  if (h.version !== FCGI_VERSION_1) {
    return {
      ok: false,
      error: fcgiError(
        "bad-version",
        `record at offset ${at} has version ${h.version}, expected ${FCGI_VERSION_1} (not a FastCGI record, or framing lost)`,
        at,
      ),
    };
  }
  const label = `${recordTypeName(h.type)} id=${h.requestId}`;
  const bodyAvailable = available - FCGI_HEADER_LEN;
  if (bodyAvailable < h.contentLength) {
    return {
      ok: false,
      error: fcgiError(
        "truncated-content",
        `record at offset ${at} (${label}) declares contentLength ${h.contentLength} but only ${bodyAvailable} content bytes follow`,
        at,
      ),
    };
  }
  if (bodyAvailable < h.contentLength + h.paddingLength) {
    return {
      ok: false,
      error: fcgiError(
        "truncated-padding",
        `record at offset ${at} (${label}) declares paddingLength ${h.paddingLength} but only ${bodyAvailable - h.contentLength} padding bytes follow`,
        at,
      ),
    };
  }
  const size = FCGI_HEADER_LEN + h.contentLength + h.paddingLength;
  // Copy so the record owns its bytes even if the caller reuses `bytes`.
  const raw = bytes.slice(offset, offset + size);
  return {
    ok: true,
    value: {
      ...h,
      offset: at,
      content: raw.subarray(FCGI_HEADER_LEN, FCGI_HEADER_LEN + h.contentLength),
      padding: raw.subarray(FCGI_HEADER_LEN + h.contentLength),
      raw,
    },
  };
}

/** Total size of a record given its header. */
export function recordSize(header: Pick<RecordHeader, "contentLength" | "paddingLength">): number {
  return FCGI_HEADER_LEN + header.contentLength + header.paddingLength;
}
