/**
 * FCGI_EndRequestBody: appStatus (4 bytes, big-endian), protocolStatus (1),
 * reserved (3) (conformance D3). appStatus is the app's exit status; it is
 * unsigned on the wire, so -1 reads back as 4294967295.
 */
import { ProtocolStatus, RecordType } from "./constants.ts";
import { type DecodeResult, fcgiError } from "./decode-issue.ts";
import { encodeRecord, type PaddingPolicy } from "./record.ts";

export const END_REQUEST_BODY_LEN = 8;

export interface EndRequestBody {
  appStatus: number;
  protocolStatus: number;
}

export function encodeEndRequestBody(
  appStatus: number,
  protocolStatus: number = ProtocolStatus.REQUEST_COMPLETE,
): Uint8Array {
  if (!Number.isInteger(protocolStatus) || protocolStatus < 0 || protocolStatus > 0xff) {
    throw new RangeError(`FastCGI protocolStatus ${protocolStatus} is outside 0..255`);
  }
  const status = appStatus >>> 0; // keep the low 32 bits, as C's uint32 cast would
  const body = new Uint8Array(END_REQUEST_BODY_LEN);
  body[0] = status >>> 24;
  body[1] = (status >>> 16) & 0xff;
  body[2] = (status >>> 8) & 0xff;
  body[3] = status & 0xff;
  body[4] = protocolStatus;
  return body;
}

export function decodeEndRequestBody(content: Uint8Array, offset = 0): DecodeResult<EndRequestBody> {
  if (content.length !== END_REQUEST_BODY_LEN) {
    return {
      ok: false,
      error: fcgiError(
        "bad-body-length",
        `END_REQUEST body is ${content.length} bytes, expected ${END_REQUEST_BODY_LEN}`,
        offset,
      ),
    };
  }
  const appStatus = ((content[0] << 24) | (content[1] << 16) | (content[2] << 8) | content[3]) >>> 0;
  return { ok: true, value: { appStatus, protocolStatus: content[4] } };
}

export function encodeEndRequest(
  requestId: number,
  appStatus: number,
  protocolStatus: number = ProtocolStatus.REQUEST_COMPLETE,
  padding: PaddingPolicy = "align8",
): Uint8Array {
  return encodeRecord(
    { type: RecordType.END_REQUEST, requestId, content: encodeEndRequestBody(appStatus, protocolStatus) },
    { padding },
  );
}
