/**
 * Build the records a web server sends to start one request: BEGIN_REQUEST,
 * the PARAMS stream, STDIN, and for FILTER the DATA stream (D12). Peers
 * differ only in how they cut PARAMS and STDIN into records and whether
 * they pad; client-profiles.ts holds the measured settings per peer.
 */
import { encodeBeginRequestBody } from "./begin-request.ts";
import { FCGI_MAX_CONTENT_LENGTH, RecordType } from "./constants.ts";
import { encodedPairLength, encodeNameValuePair, encodeNameValuePairs, type NameValueInput } from "./name-value-pairs.ts";
import { concatBytes, encodeRecord, type FcgiRecord, type PaddingPolicy, paddingLengthFor } from "./record.ts";
import { streamToRecords } from "./stream.ts";

/**
 * How PARAMS is cut into records:
 * - "stream": encode all pairs, cut every paramsRecordMax bytes; a pair may
 *   straddle records (libfcgi's FCGX writer, used by cgi-fcgi).
 * - "whole-pairs": pack whole pairs greedily into records of at most
 *   paramsRecordMax; a pair that alone is larger is skipped
 *   (mod_proxy_fcgi: 16 KiB records, AH02536 "couldn't encode envvar").
 * - "single": one record, which fails if larger than paramsRecordMax
 *   (nginx "fastcgi request record is too big"; mod_fcgid likewise).
 * - "pair-per-record": one record per pair (mod_fastcgi's queue_env).
 */
export type ParamsLayout = "stream" | "whole-pairs" | "single" | "pair-per-record";

export interface RequestBuildOptions {
  requestId: number;
  role: number;
  keepConn: boolean;
  params: readonly NameValueInput[];
  stdin: Uint8Array;
  /** FILTER role only: the DATA stream, sent after STDIN. */
  data?: Uint8Array;
  padding: PaddingPolicy;
  paramsRecordMax: number;
  stdinRecordMax: number;
  /** Default "stream". */
  paramsLayout?: ParamsLayout;
  /** Padding for STDIN/DATA when it differs from PARAMS (cgi-fcgi pads PARAMS only). */
  stdinPadding?: PaddingPolicy;
  /** Default stdinRecordMax. */
  dataRecordMax?: number;
}

/** A record ready to send, with the padding it was given. */
export interface BuiltRecord extends FcgiRecord {
  paddingLength: number;
}

export type BuiltRequest =
  | {
      ok: true;
      bytes: Uint8Array;
      records: BuiltRecord[];
      /** Names of pairs left out ("whole-pairs" layout only). */
      skippedParams: string[];
    }
  | { ok: false; error: string };

export function buildRequest(options: RequestBuildOptions): BuiltRequest {
  const { requestId } = options;
  const params = paramsRecords(options);
  if ("error" in params) return { ok: false, error: params.error };

  const stdinPadding = options.stdinPadding ?? options.padding;
  const records: BuiltRecord[] = [
    pad({ type: RecordType.BEGIN_REQUEST, requestId, content: encodeBeginRequestBody(options.role, options.keepConn) }, options.padding),
    ...params.records.map((r) => pad(r, options.padding)),
    ...streamToRecords(RecordType.STDIN, requestId, options.stdin, { maxContentLength: options.stdinRecordMax }).map((r) =>
      pad(r, stdinPadding),
    ),
  ];
  if (options.data !== undefined) {
    const max = options.dataRecordMax ?? options.stdinRecordMax;
    records.push(
      ...streamToRecords(RecordType.DATA, requestId, options.data, { maxContentLength: max }).map((r) => pad(r, stdinPadding)),
    );
  }
  const bytes = concatBytes(records.map((r) => encodeRecord(r, { padding: r.paddingLength })));
  return { ok: true, bytes, records, skippedParams: params.skipped };
}

function pad(record: FcgiRecord, policy: PaddingPolicy): BuiltRecord {
  return { ...record, paddingLength: paddingLengthFor(record.content.length, policy) };
}

type ParamsResult = { records: FcgiRecord[]; skipped: string[] } | { error: string };

function paramsRecords(o: RequestBuildOptions): ParamsResult {
  const max = o.paramsRecordMax;
  if (!Number.isInteger(max) || max < 1 || max > FCGI_MAX_CONTENT_LENGTH) {
    throw new RangeError(`paramsRecordMax ${max} is outside 1..${FCGI_MAX_CONTENT_LENGTH}`);
  }
  const id = o.requestId;
  const type = RecordType.PARAMS;
  const end: FcgiRecord = { type, requestId: id, content: new Uint8Array(0) };
  switch (o.paramsLayout ?? "stream") {
    case "stream":
      return { records: streamToRecords(type, id, encodeNameValuePairs(o.params), { maxContentLength: max }), skipped: [] };
    case "single": {
      const content = encodeNameValuePairs(o.params);
      if (content.length > max) return { error: `PARAMS record is too big: ${content.length} bytes (limit ${max})` };
      return { records: content.length ? [{ type, requestId: id, content }, end] : [end], skipped: [] };
    }
    case "pair-per-record": {
      const records: FcgiRecord[] = [];
      for (const [name, value] of o.params) {
        const content = encodeNameValuePair(name, value);
        if (content.length > max) return { error: `PARAMS pair ${label(name)} is ${content.length} bytes (limit ${max})` };
        records.push({ type, requestId: id, content });
      }
      return { records: [...records, end], skipped: [] };
    }
    case "whole-pairs":
      return packWholePairs(o.params, id, max, end);
  }
}

function packWholePairs(params: readonly NameValueInput[], id: number, max: number, end: FcgiRecord): ParamsResult {
  const records: FcgiRecord[] = [];
  const skipped: string[] = [];
  let batch: NameValueInput[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length) records.push({ type: RecordType.PARAMS, requestId: id, content: encodeNameValuePairs(batch) });
    batch = [];
    size = 0;
  };
  for (const pair of params) {
    const len = encodedPairLength(pair[0], pair[1]);
    if (len > max) {
      // Apache ends the current record at the pair that doesn't fit, then
      // finds it can't fit alone and skips it (util_fcgi.c, AH02536).
      flush();
      skipped.push(label(pair[0]));
      continue;
    }
    if (size + len > max) flush();
    batch.push(pair);
    size += len;
  }
  flush();
  return { records: [...records, end], skipped };
}

function label(name: string | Uint8Array): string {
  return typeof name === "string" ? name : new TextDecoder().decode(name);
}
