/**
 * `cgi-lab decode [FILE|-] [--json]`: decode captured FastCGI bytes (either
 * direction) into records and reassembled streams. Input may be raw bytes
 * or a hex dump (only hex digits and whitespace, like peers/fcgi-captures).
 *
 * Exit codes: 0 decoded cleanly, 1 decoded with protocol errors (or bad
 * hex), 2 usage error or unreadable input.
 * I/O is injected so this runs under tests and any host.
 */
import { recordTypeName } from "../protocol/fastcgi/constants.ts";
import { type FcgiIssue, fcgiError } from "../protocol/fastcgi/decode-issue.ts";
import { type DecodedStream, decodeFcgiStream, type StreamDecodeResult } from "../protocol/fastcgi/decode-stream.ts";
import { describeRecord } from "../protocol/fastcgi/describe.ts";
import { hexDumpLines, looksLikeHexText, parseHex, toBase64 } from "../protocol/fastcgi/hex.ts";

export interface DecodeIo {
  readStdin(): Promise<Uint8Array>;
  readFile(path: string): Promise<Uint8Array>;
  write(text: string): void;
}

export const DECODE_USAGE = `usage: cgi-lab decode [FILE|-] [--json]

Decode FastCGI records from FILE (or stdin when FILE is - or absent).
Input may be raw bytes or hex text. Exit 0: no errors; 1: protocol errors; 2: usage.
`;

/** Contents up to this size are dumped whole; longer ones are cut. */
const FULL_DUMP_MAX = 64;
const PARTIAL_DUMP = 32;

export async function runDecode(args: string[], io: DecodeIo): Promise<number> {
  let json = false;
  const inputs: string[] = [];
  for (const arg of args) {
    if (arg === "--json") json = true;
    else if (arg === "-h" || arg === "--help") {
      io.write(DECODE_USAGE);
      return 0;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.write(`cgi-lab decode: unknown option ${arg}\n${DECODE_USAGE}`);
      return 2;
    } else inputs.push(arg);
  }
  if (inputs.length > 1) {
    io.write(`cgi-lab decode: expected one input, got ${inputs.length}\n${DECODE_USAGE}`);
    return 2;
  }
  const source = inputs[0] ?? "-";

  let input: Uint8Array;
  try {
    input = source === "-" ? await io.readStdin() : await io.readFile(source);
  } catch (err) {
    io.write(`cgi-lab decode: cannot read ${source === "-" ? "stdin" : source}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }

  const isHex = looksLikeHexText(input);
  let bytes = input;
  let result: StreamDecodeResult;
  if (isHex) {
    const parsed = parseHex(new TextDecoder().decode(input));
    if (!parsed) {
      const error = fcgiError("bad-hex", "input looks like hex text but has an odd number of hex digits", 0);
      result = { records: [], streams: [], errors: [error], notes: [] };
    } else {
      bytes = parsed;
      result = decodeFcgiStream(bytes);
    }
  } else {
    result = decodeFcgiStream(bytes);
  }

  io.write(json ? formatJson(result) : formatText(result, bytes.length, isHex));
  return result.errors.length ? 1 : 0;
}

function formatJson(r: StreamDecodeResult): string {
  const out = {
    records: r.records.map((rec) => ({
      offset: rec.offset,
      version: rec.version,
      type: rec.type,
      typeName: recordTypeName(rec.type),
      requestId: rec.requestId,
      contentLength: rec.contentLength,
      paddingLength: rec.paddingLength,
      content_base64: toBase64(rec.content),
    })),
    streams: r.streams.map((s) => ({
      requestId: s.requestId,
      type: s.type,
      typeName: s.typeName,
      content_base64: toBase64(s.content),
      ...(s.pairs ? { pairs: s.pairs.map((p) => [p.name, p.value]) } : {}),
    })),
    errors: r.errors.map((e) => ({ code: e.code, message: e.message, offset: e.offset })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function formatText(r: StreamDecodeResult, size: number, isHex: boolean): string {
  const lines: string[] = [
    `input: ${size} bytes (${isHex ? "hex text" : "raw"}), ${plural(r.records.length, "record")}, ` +
      `${plural(r.streams.length, "stream")}, ${plural(r.errors.length, "error")}, ${plural(r.notes.length, "note")}`,
  ];
  if (r.records.length) lines.push("", "records:");
  for (const rec of r.records) {
    lines.push(
      `@${String(rec.offset).padEnd(7)} ${recordTypeName(rec.type).padEnd(17)} id=${String(rec.requestId).padEnd(5)} ` +
        `content=${String(rec.contentLength).padEnd(5)} padding=${String(rec.paddingLength).padEnd(3)}  ${describeRecord(rec)}`,
    );
    const shown = rec.content.length <= FULL_DUMP_MAX ? rec.content : rec.content.subarray(0, PARTIAL_DUMP);
    for (const line of hexDumpLines(shown, rec.offset + 8, 10)) lines.push(`         ${line}`);
    if (shown.length < rec.content.length) lines.push(`         … ${rec.content.length - shown.length} more bytes`);
  }
  if (r.streams.length) lines.push("", "streams:");
  for (const s of r.streams) lines.push(...streamLines(s));
  lines.push(...issueLines("notes", r.notes), ...issueLines("errors", r.errors));
  return `${lines.join("\n")}\n`;
}

function streamLines(s: DecodedStream): string[] {
  const records = s.segments.length + (s.terminated ? 1 : 0);
  const head = `${s.typeName} id=${s.requestId}: ${s.content.length} B in ${plural(records, "record")}, ${s.terminated ? "terminated" : "NOT terminated"}`;
  if (s.pairs) return [head, ...s.pairs.map((p) => `    ${p.name}=${JSON.stringify(p.value)}`)];
  if (s.content.length === 0) return [head];
  const preview = new TextDecoder("utf-8", { fatal: false }).decode(s.content.subarray(0, 200));
  return [head, `    ${JSON.stringify(preview)}${s.content.length > 200 ? " …" : ""}`];
}

function issueLines(title: string, issues: readonly FcgiIssue[]): string[] {
  if (!issues.length) return [];
  return ["", `${title}:`, ...issues.map((i) => `  @${i.offset} [${i.code}] ${i.message}`)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
