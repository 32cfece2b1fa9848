/**
 * The share link's fragment: `#s=v1.<base64url of the frame>`.
 *
 * Frame (all integers little-endian):
 *   0      u8   format version (1, the same as the "v1" prefix)
 *   1..4   u32  length of the JSON payload once inflated
 *   5..8   u32  length of the deflated payload
 *   9..10  u16  low 16 bits of CRC-32 of bytes 0..8 (the header's own check)
 *   11..   deflate-raw (level 9) of the UTF-8 JSON (see stateToWire)
 *   last 4 u32  CRC-32 of everything before it
 *
 * The header's lengths tell exactly how long the link must be, so a cut-off
 * link is reported with the number of characters missing; the CRC-32 catches
 * any changed character (base64url is decoded strictly, so no two texts give
 * the same bytes). Sizes are checked before anything is inflated, and the
 * inflate stops as soon as it passes the declared size.
 */
import { Inflate, deflateSync } from "fflate";
import { base64urlLength, firstInvalidChar, fromBase64url, toBase64url } from "./base64url.ts";
import { crc32 } from "./crc32.ts";
import { kib, n, plural, shareError, type ShareLinkError } from "./errors.ts";
import { MAX_FILES, stateToWire, wireToState, type ShareState } from "./state.ts";

export const FORMAT_VERSION = 1;
/** Longest fragment (everything after "#") decodeShareLink looks at; longer ones are refused unread. */
export const MAX_LINK_CHARS = 32 * 1024;
/** Most bytes a link's payload may inflate to. */
export const MAX_DECOMPRESSED_BYTES = 2 * 1024 * 1024;
/** The fragment parameter that holds the state. */
export const PARAM = "s";

const HEADER_BYTES = 11;
const TRAILER_BYTES = 4;
const PREFIX = `${PARAM}=v${FORMAT_VERSION}.`;

function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 255;
  b[at + 1] = (v >>> 8) & 255;
  b[at + 2] = (v >>> 16) & 255;
  b[at + 3] = (v >>> 24) & 255;
}

/**
 * Wraps an already deflated payload into a fragment. Exported for tests that
 * build hostile links (a bomb that lies about its size); the page uses
 * encodeShareLink.
 */
export function frameFragment(deflated: Uint8Array, declaredRawLength: number, version = FORMAT_VERSION): string {
  const out = new Uint8Array(HEADER_BYTES + deflated.length + TRAILER_BYTES);
  out[0] = version;
  putU32(out, 1, declaredRawLength);
  putU32(out, 5, deflated.length);
  const hc = crc32(out, 0, 9) & 0xffff;
  out[9] = hc & 255;
  out[10] = hc >>> 8;
  out.set(deflated, HEADER_BYTES);
  putU32(out, HEADER_BYTES + deflated.length, crc32(out, 0, HEADER_BYTES + deflated.length));
  return `#${PARAM}=v${version}.${toBase64url(out)}`;
}

export interface EncodeStats {
  /** Characters of the fragment, "#" included. */
  chars: number;
  jsonBytes: number;
  deflatedBytes: number;
}

export type EncodeResult = { ok: true; fragment: string; stats: EncodeStats } | { ok: false; error: ShareLinkError };

/** The fragment ("#s=v1.…") for a state; fails (never throws) when the result would be over the limits. */
export function encodeShareLink(state: ShareState): EncodeResult {
  const json = new TextEncoder().encode(JSON.stringify(stateToWire(state)));
  const entries = state.files.length + state.deleted.length + state.links.length + state.removedLinks.length;
  const check = wireToState(JSON.parse(new TextDecoder().decode(json)));
  if (!check.ok) {
    const message =
      check.error.code === "TOO_MANY_FILES"
        ? `Your workspace differs from its start in ${n(entries)} files; a link can carry at most ${n(MAX_FILES)}. Download the workspace as a zip instead.`
        : `This workspace cannot be put in a link: ${check.error.message}`;
    return { ok: false, error: shareError(check.error.code, message) };
  }
  if (json.length > MAX_DECOMPRESSED_BYTES) {
    return {
      ok: false,
      error: shareError("TOO_LARGE", `Your changes come to ${kib(json.length)}; a link can carry at most ${kib(MAX_DECOMPRESSED_BYTES)}. Download the workspace as a zip instead.`),
    };
  }
  const deflated = deflateSync(json, { level: 9 });
  const fragment = frameFragment(deflated, json.length);
  if (fragment.length - 1 > MAX_LINK_CHARS) {
    return {
      ok: false,
      error: shareError(
        "TOO_LONG",
        `The link would be ${n(fragment.length)} characters long; CGI Lab opens links of at most ${n(MAX_LINK_CHARS)}. Remove large files you added, or download the workspace as a zip instead.`,
      ),
    };
  }
  return { ok: true, fragment, stats: { chars: fragment.length, jsonBytes: json.length, deflatedBytes: deflated.length } };
}

export type DecodeResult = { ok: true; state: ShareState } | { ok: false; error: ShareLinkError };

const fail = (code: ShareLinkError["code"], message: string): DecodeResult => ({ ok: false, error: shareError(code, message) });

const NEW_LINK = "Ask the person who sent it for the link again, or for the workspace as a zip.";

/**
 * Reads a share link: `location.hash`, the part after "#", or a whole URL.
 * Returns the state or a specific error; never throws.
 */
export function decodeShareLink(fragment: string): DecodeResult {
  try {
    return decode(fragment);
  } catch (e) {
    return fail("BAD_CONTENT", `This link could not be read (${String(e)}). ${NEW_LINK}`);
  }
}

function decode(input: string): DecodeResult {
  let text = typeof input === "string" ? input : "";
  const hash = text.indexOf("#");
  if (hash >= 0) text = text.slice(hash + 1);
  // Checked before any other work, on the text exactly as given.
  if (text.length > MAX_LINK_CHARS) {
    return fail(
      "TOO_LONG",
      `This link is ${n(text.length)} characters long; CGI Lab opens links of at most ${n(MAX_LINK_CHARS)}, so it was not read. A workspace this large travels better as a zip file.`,
    );
  }
  // Mail programs wrap long links: spaces and line breaks are not part of any link.
  text = text.replace(/\s+/g, "");
  const param = text.split("&").find((p) => p.startsWith(`${PARAM}=`));
  if (param === undefined) return fail("NOT_A_SHARE_LINK", "This address has no shared workspace in it.");
  const value = param.slice(PARAM.length + 1);
  const m = /^v(\d{1,6})\.(.*)$/s.exec(value);
  if (!m) {
    return fail("MALFORMED", `This link does not look like a CGI Lab share link: after "#${PARAM}=" it should go on with "v${FORMAT_VERSION}." and then letters and digits. ${NEW_LINK}`);
  }
  const version = Number(m[1]);
  if (version !== FORMAT_VERSION) {
    return fail(
      "UNSUPPORTED_VERSION",
      version > FORMAT_VERSION
        ? `This link was made by a newer CGI Lab (link format v${version}); this page reads v${FORMAT_VERSION}. Reload the page to get the new version, then open the link again.`
        : `This link uses link format v${version}, which this CGI Lab does not read (it reads v${FORMAT_VERSION}).`,
    );
  }
  const data = m[2].replace(/=+$/, "");
  const bad = firstInvalidChar(data);
  if (bad >= 0) {
    const ch = data[bad];
    const shown = /[\u0000-\u001f\u007f-\u00a0]/.test(ch) ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : `"${ch}"`;
    return fail(
      "BAD_CHARACTER",
      `This link has a character that CGI Lab links never contain: ${shown} at position ${n(bad + 1)} of ${n(data.length)} (after "${PREFIX}"). Something changed the link on its way; copy it again from the original message.`,
    );
  }
  const minChars = base64urlLength(HEADER_BYTES + TRAILER_BYTES);
  if (data.length < base64urlLength(HEADER_BYTES)) {
    return fail("TRUNCATED", `This link is cut off: it has only ${plural(data.length, "character")} of data, and even an empty workspace needs ${n(minChars)}. Copy the whole link again.`);
  }
  // The header alone (first 11 bytes = 15 characters) tells how long the rest must be.
  const head = fromBase64url((data + "AA").slice(0, 16));
  if (!head.ok) return fail("CORRUPTED", `This link's beginning is damaged. ${NEW_LINK}`);
  const h = head.bytes;
  const headerCheck = h[9] | (h[10] << 8);
  if ((crc32(h, 0, 9) & 0xffff) !== headerCheck) {
    return fail("CORRUPTED", `This link was changed after it was made: the check of its first 15 characters does not match. ${NEW_LINK}`);
  }
  if (h[0] !== version) {
    return fail("CORRUPTED", `This link says "v${version}" in front but its data says format ${h[0]}: it was edited by hand. ${NEW_LINK}`);
  }
  const rawLength = u32(h, 1);
  const bodyLength = u32(h, 5);
  if (rawLength > MAX_DECOMPRESSED_BYTES) {
    return fail(
      "TOO_LARGE",
      `This link's workspace would unpack to ${kib(rawLength)}; CGI Lab opens at most ${kib(MAX_DECOMPRESSED_BYTES)} from a link, so it was not unpacked. Ask for the workspace as a zip file instead.`,
    );
  }
  const totalBytes = HEADER_BYTES + bodyLength + TRAILER_BYTES;
  const expected = base64urlLength(totalBytes);
  if (data.length < expected) {
    const missing = expected - data.length;
    return fail(
      "TRUNCATED",
      `This link is cut off: it ends ${plural(missing, "character")} early (it has ${n(data.length)} of the ${n(expected)} after "${PREFIX}"). The program that carried it probably shortened it; copy the whole link again.`,
    );
  }
  if (data.length > expected) {
    const extra = data.length - expected;
    return fail(
      "EXTRA_CHARACTERS",
      `This link has ${plural(extra, "extra character")} at the end ("${data.slice(expected, expected + 20)}${extra > 20 ? "…" : ""}"): it should stop after ${n(expected)}. Remove what was added after it, or copy the link again.`,
    );
  }
  const all = fromBase64url(data);
  if (!all.ok || all.bytes.length !== totalBytes) {
    return fail("CORRUPTED", `This link was changed after it was made: its last character is not one CGI Lab writes. ${NEW_LINK}`);
  }
  const bytes = all.bytes;
  if (crc32(bytes, 0, totalBytes - TRAILER_BYTES) !== u32(bytes, totalBytes - TRAILER_BYTES)) {
    return fail(
      "CORRUPTED",
      `This link was changed after it was made: its checksum does not match, so at least one of its ${n(data.length)} characters differs from the link CGI Lab wrote. ${NEW_LINK}`,
    );
  }
  const inflated = boundedInflate(bytes.subarray(HEADER_BYTES, HEADER_BYTES + bodyLength), rawLength);
  if (!inflated.ok) {
    if (inflated.reason === "too-large") {
      return fail(
        "TOO_LARGE",
        `This link's data unpacks to more than the ${kib(rawLength)} it declares (it was stopped after ${kib(inflated.at)}); a link that grows like this is made to exhaust memory, so nothing was opened.`,
      );
    }
    return fail("BAD_CONTENT", `This link's checksum is right but its data does not unpack (${inflated.reason}); it was not made by CGI Lab. ${NEW_LINK}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes));
  } catch {
    return fail("BAD_CONTENT", `This link's data unpacks, but not to a CGI Lab workspace (it is not valid JSON text). ${NEW_LINK}`);
  }
  return wireToState(json);
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; reason: string; at: number };

/** Inflates in small steps and stops as soon as the output passes `limit` bytes (a bomb cannot fill memory). */
function boundedInflate(deflated: Uint8Array, limit: number): Inflated {
  const out = new Uint8Array(limit);
  let size = 0;
  let over = false;
  const inf = new Inflate((chunk) => {
    if (over) return;
    if (size + chunk.length > limit) {
      over = true;
      size += chunk.length;
      return;
    }
    out.set(chunk, size);
    size += chunk.length;
  });
  const STEP = 256;
  try {
    for (let i = 0; i < deflated.length && !over; i += STEP) {
      const end = Math.min(i + STEP, deflated.length);
      inf.push(deflated.subarray(i, end), end === deflated.length);
    }
    if (deflated.length === 0) inf.push(new Uint8Array(), true);
  } catch (e) {
    if (over) return { ok: false, reason: "too-large", at: size };
    return { ok: false, reason: e instanceof Error ? e.message : String(e), at: size };
  }
  if (over) return { ok: false, reason: "too-large", at: size };
  if (size !== limit) return { ok: false, reason: `${n(size)} bytes instead of the ${n(limit)} declared`, at: size };
  return { ok: true, bytes: out };
}
