/**
 * Management records, always on request id 0 (conformance D2, D8, D9).
 * GET_VALUES lists names with empty values; GET_VALUES_RESULT answers only
 * the names the app knows; UNKNOWN_TYPE echoes a type the app can't handle.
 * No surveyed web server sends GET_VALUES, but apps answer it.
 */
import { FCGI_NULL_REQUEST_ID, RecordType } from "./constants.ts";
import { type DecodeResult, type FcgiIssue, fcgiError, fcgiNote } from "./decode-issue.ts";
import { decodeNameValuePairs, encodeNameValuePairs } from "./name-value-pairs.ts";
import { encodeRecord, type PaddingPolicy } from "./record.ts";

export const UNKNOWN_TYPE_BODY_LEN = 8;

export function encodeGetValuesBody(names: readonly string[]): Uint8Array {
  return encodeNameValuePairs(names.map((n) => [n, ""] as const));
}

export function encodeGetValuesResultBody(values: readonly (readonly [string, string])[]): Uint8Array {
  return encodeNameValuePairs(values);
}

export function encodeGetValues(names: readonly string[], padding: PaddingPolicy = "align8"): Uint8Array {
  return encodeRecord(
    { type: RecordType.GET_VALUES, requestId: FCGI_NULL_REQUEST_ID, content: encodeGetValuesBody(names) },
    { padding },
  );
}

export function encodeGetValuesResult(
  values: readonly (readonly [string, string])[],
  padding: PaddingPolicy = "align8",
): Uint8Array {
  return encodeRecord(
    { type: RecordType.GET_VALUES_RESULT, requestId: FCGI_NULL_REQUEST_ID, content: encodeGetValuesResultBody(values) },
    { padding },
  );
}

export interface GetValuesQuery {
  names: string[];
  /** Notes, e.g. a query that carried values (legal to read, but odd). */
  notes: FcgiIssue[];
}

export function decodeGetValuesBody(content: Uint8Array, offset = 0): DecodeResult<GetValuesQuery> {
  const { pairs, error } = decodeNameValuePairs(content, offset);
  if (error) return { ok: false, error };
  const notes = pairs
    .filter((p) => p.value !== "")
    .map((p) => fcgiNote("get-values-with-value", `GET_VALUES asks for ${p.name} with a non-empty value`, offset + p.start));
  return { ok: true, value: { names: pairs.map((p) => p.name), notes } };
}

export function decodeGetValuesResultBody(content: Uint8Array, offset = 0): DecodeResult<[string, string][]> {
  const { pairs, error } = decodeNameValuePairs(content, offset);
  if (error) return { ok: false, error };
  return { ok: true, value: pairs.map((p) => [p.name, p.value]) };
}

export function encodeUnknownTypeBody(type: number): Uint8Array {
  if (!Number.isInteger(type) || type < 0 || type > 0xff) {
    throw new RangeError(`record type ${type} is outside 0..255`);
  }
  const body = new Uint8Array(UNKNOWN_TYPE_BODY_LEN);
  body[0] = type;
  return body;
}

/** `{UNKNOWN_TYPE, 0, {T, 0×7}}`: what an app answers to management type T. */
export function encodeUnknownType(type: number, padding: PaddingPolicy = "align8"): Uint8Array {
  return encodeRecord(
    { type: RecordType.UNKNOWN_TYPE, requestId: FCGI_NULL_REQUEST_ID, content: encodeUnknownTypeBody(type) },
    { padding },
  );
}

export function decodeUnknownTypeBody(content: Uint8Array, offset = 0): DecodeResult<{ type: number }> {
  if (content.length !== UNKNOWN_TYPE_BODY_LEN) {
    return {
      ok: false,
      error: fcgiError(
        "bad-body-length",
        `UNKNOWN_TYPE body is ${content.length} bytes, expected ${UNKNOWN_TYPE_BODY_LEN}`,
        offset,
      ),
    };
  }
  return { ok: true, value: { type: content[0] } };
}
