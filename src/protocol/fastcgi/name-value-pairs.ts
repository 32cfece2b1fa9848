/**
 * Name-value pairs, the content of PARAMS streams and GET_VALUES(_RESULT)
 * records (conformance D4): nameLength, valueLength, name, value. A length
 * up to 127 takes one byte; anything larger takes four big-endian bytes with
 * bit 31 set. Every surveyed encoder uses the 4-byte form exactly when the
 * length exceeds 127; decoders accept either form for any length.
 */
import { type FcgiIssue, fcgiError } from "./decode-issue.ts";
import { concatBytes } from "./record.ts";

/** What encoders take: strings are sent as UTF-8. */
export type NameValueInput = readonly [name: string | Uint8Array, value: string | Uint8Array];

/** Offsets are relative to the start of the bytes that were decoded. */
export interface DecodedPair {
  name: string;
  value: string;
  nameBytes: Uint8Array;
  valueBytes: Uint8Array;
  /** First byte of the length prefix. */
  start: number;
  nameStart: number;
  valueStart: number;
  /** One past the last value byte. */
  end: number;
}

export interface DecodedPairs {
  pairs: DecodedPair[];
  /** Set when the bytes stop making sense; pairs before it are kept. */
  error?: FcgiIssue;
}

/** Largest length the 4-byte form can carry (bit 31 is the marker). */
export const MAX_NV_LENGTH = 0x7fffffff;

const utf8 = new TextEncoder();
// Not fatal: a CGI environment is bytes, and a viewer must show odd ones too.
const utf8Lenient = new TextDecoder("utf-8", { fatal: false });

function toBytes(text: string | Uint8Array): Uint8Array {
  return typeof text === "string" ? utf8.encode(text) : text;
}

/** The length prefix for one name or value (conformance F1). */
export function encodeNvLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > MAX_NV_LENGTH) {
    throw new RangeError(`name-value length ${length} is outside 0..${MAX_NV_LENGTH}`);
  }
  if (length <= 0x7f) return Uint8Array.of(length);
  return Uint8Array.of(((length >>> 24) & 0x7f) | 0x80, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

export function nvLengthSize(length: number): number {
  return length <= 0x7f ? 1 : 4;
}

const NON_ASCII = /[^\x00-\x7f]/;
/** ASCII strings are written byte by byte (TextEncoder per short string was a visible cost); anything else as UTF-8. */
function asBytesOrAscii(text: string | Uint8Array): Uint8Array | string {
  return typeof text === "string" && NON_ASCII.test(text) ? utf8.encode(text) : text;
}

export function encodeNameValuePair(name: string | Uint8Array, value: string | Uint8Array): Uint8Array {
  const n = asBytesOrAscii(name);
  const v = asBytesOrAscii(value);
  const nl = nvLengthSize(n.length);
  const vl = nvLengthSize(v.length);
  const out = new Uint8Array(nl + vl + n.length + v.length);
  out.set(encodeNvLength(n.length), 0);
  out.set(encodeNvLength(v.length), nl);
  const put = (x: Uint8Array | string, at: number) => {
    if (typeof x !== "string") out.set(x, at);
    else for (let i = 0; i < x.length; i++) out[at + i] = x.charCodeAt(i);
  };
  put(n, nl + vl);
  put(v, nl + vl + n.length);
  return out;
}

export function encodeNameValuePairs(pairs: readonly NameValueInput[]): Uint8Array {
  return concatBytes(pairs.map(([n, v]) => encodeNameValuePair(n, v)));
}

/** Encoded size of one pair without building it. */
export function encodedPairLength(name: string | Uint8Array, value: string | Uint8Array): number {
  const n = toBytes(name).length;
  const v = toBytes(value).length;
  return nvLengthSize(n) + nvLengthSize(v) + n + v;
}

type LengthRead = { length: number; next: number } | { missing: number };

function readLength(bytes: Uint8Array, at: number): LengthRead {
  if (at >= bytes.length) return { missing: 1 };
  const b0 = bytes[at];
  if ((b0 & 0x80) === 0) return { length: b0, next: at + 1 };
  if (at + 4 > bytes.length) return { missing: at + 4 - bytes.length };
  // Multiply rather than shift so the result never goes negative.
  const length = (b0 & 0x7f) * 0x1000000 + bytes[at + 1] * 0x10000 + bytes[at + 2] * 0x100 + bytes[at + 3];
  return { length, next: at + 4 };
}

/**
 * Decode pairs until the bytes run out. Stops at the first malformed pair
 * (a length field cut short, or lengths that run past the end): after that
 * there is no way to find the next pair. `baseOffset` is added to the
 * error's offset only.
 */
export function decodeNameValuePairs(bytes: Uint8Array, baseOffset = 0): DecodedPairs {
  const pairs: DecodedPair[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const nameLen = readLength(bytes, at);
    if ("missing" in nameLen) return { pairs, error: truncatedLength("name", start, bytes, baseOffset) };
    const valueLen = readLength(bytes, nameLen.next);
    if ("missing" in valueLen) return { pairs, error: truncatedLength("value", start, bytes, baseOffset) };
    const nameStart = valueLen.next;
    const left = bytes.length - nameStart;
    if (nameLen.length + valueLen.length > left) {
      return {
        pairs,
        error: fcgiError(
          "nv-length-past-end",
          `name-value pair at byte ${start} declares a ${nameLen.length}-byte name and a ${valueLen.length}-byte value, but only ${left} bytes follow`,
          baseOffset + start,
        ),
      };
    }
    const valueStart = nameStart + nameLen.length;
    const end = valueStart + valueLen.length;
    const nameBytes = bytes.subarray(nameStart, valueStart);
    const valueBytes = bytes.subarray(valueStart, end);
    pairs.push({
      name: utf8Lenient.decode(nameBytes),
      value: utf8Lenient.decode(valueBytes),
      nameBytes,
      valueBytes,
      start,
      nameStart,
      valueStart,
      end,
    });
    at = end;
  }
  return { pairs };
}

function truncatedLength(which: string, start: number, bytes: Uint8Array, baseOffset: number): FcgiIssue {
  return fcgiError(
    "nv-truncated-length",
    `name-value pair at byte ${start}: the ${which} length is cut off (${bytes.length - start} bytes left)`,
    baseOffset + start,
  );
}

/** Just the [name, value] strings, for callers that only want the environment. */
export function pairsToEntries(pairs: readonly DecodedPair[]): [string, string][] {
  return pairs.map((p) => [p.name, p.value]);
}
