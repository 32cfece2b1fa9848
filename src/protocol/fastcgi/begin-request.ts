/**
 * FCGI_BeginRequestBody: role (2 bytes, big-endian), flags (1), reserved (5)
 * (conformance D3). Only bit 0 of flags means anything: KEEP_CONN.
 */
import { FCGI_KEEP_CONN, RecordType } from "./constants.ts";
import { type DecodeResult, fcgiError } from "./decode-issue.ts";
import { encodeRecord, type PaddingPolicy } from "./record.ts";

export const BEGIN_REQUEST_BODY_LEN = 8;

export interface BeginRequestBody {
  role: number;
  /** The whole flags byte, kept so odd bits stay visible. */
  flags: number;
  keepConn: boolean;
}

export function encodeBeginRequestBody(role: number, keepConn: boolean): Uint8Array {
  if (!Number.isInteger(role) || role < 0 || role > 0xffff) {
    throw new RangeError(`FastCGI role ${role} is outside 0..65535`);
  }
  const body = new Uint8Array(BEGIN_REQUEST_BODY_LEN);
  body[0] = role >> 8;
  body[1] = role & 0xff;
  body[2] = keepConn ? FCGI_KEEP_CONN : 0;
  return body;
}

/** `offset` is where the content starts in the input, for error messages. */
export function decodeBeginRequestBody(content: Uint8Array, offset = 0): DecodeResult<BeginRequestBody> {
  if (content.length !== BEGIN_REQUEST_BODY_LEN) {
    return {
      ok: false,
      error: fcgiError(
        "bad-body-length",
        `BEGIN_REQUEST body is ${content.length} bytes, expected ${BEGIN_REQUEST_BODY_LEN}`,
        offset,
      ),
    };
  }
  const flags = content[2];
  return {
    ok: true,
    value: { role: (content[0] << 8) | content[1], flags, keepConn: (flags & FCGI_KEEP_CONN) !== 0 },
  };
}

/** The whole BEGIN_REQUEST record (its 8-byte body never needs padding). */
export function encodeBeginRequest(
  requestId: number,
  role: number,
  keepConn: boolean,
  padding: PaddingPolicy = "align8",
): Uint8Array {
  return encodeRecord(
    { type: RecordType.BEGIN_REQUEST, requestId, content: encodeBeginRequestBody(role, keepConn) },
    { padding },
  );
}
