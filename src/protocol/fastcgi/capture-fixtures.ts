/**
 * TEST-ONLY helper (uses node:fs): loads the live FastCGI captures from the
 * shared reference folder and parses their `*.decoded.txt` companions, so
 * tests can check our decoder against what the capture tool printed.
 * The folder sits beside the checkout (../shared/reference); set
 * CGI_LAB_REFERENCE to point elsewhere. Tests fail when it is absent.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseHex } from "./hex.ts";

import { REFERENCE_DIR as SHARED_REFERENCE } from "../fixtures/reference.ts";

export const REFERENCE_DIR = process.env.CGI_LAB_REFERENCE ?? SHARED_REFERENCE;
export const CAPTURE_DIR = join(REFERENCE_DIR, "peers", "fcgi-captures");
export const capturesAvailable = existsSync(CAPTURE_DIR);

/** e.g. ["apache_get.hex", "apache_get.reply.hex", ...] */
export function captureFiles(): string[] {
  if (!capturesAvailable) throw new Error(`FastCGI captures not found in ${CAPTURE_DIR}: the shared reference folder must sit beside the checkout`);
  return readdirSync(CAPTURE_DIR).filter((f) => f.endsWith(".hex")).sort();
}

export function captureBytes(file: string): Uint8Array {
  const bytes = parseHex(readFileSync(join(CAPTURE_DIR, file), "utf8"));
  if (!bytes) throw new Error(`${file} is not hex`);
  return bytes;
}

export function capturePath(file: string): string {
  return join(CAPTURE_DIR, file);
}

export interface CaptureRecordLine {
  offset: number;
  version: number;
  typeName: string;
  requestId: number;
  contentLength: number;
  paddingLength: number;
  reserved: number;
}

export interface CaptureDecoded {
  records: CaptureRecordLine[];
  /** PARAMS pairs in the order the decoder printed them. */
  params: [string, string][];
}

const RECORD_LINE =
  /^@\s*(\d+) v(\d+) FCGI_(\w+)\s+requestId=(\d+) contentLength=(\d+) paddingLength=(\d+) reserved=(\d+)/;

/** Parse `<file minus .hex>.decoded.txt`. */
export function captureDecoded(hexFile: string): CaptureDecoded {
  const text = readFileSync(join(CAPTURE_DIR, hexFile.replace(/\.hex$/, ".decoded.txt")), "utf8");
  const records: CaptureRecordLine[] = [];
  const params: [string, string][] = [];
  let inParams = false;
  for (const line of text.split("\n")) {
    const m = RECORD_LINE.exec(line);
    if (m) {
      records.push({
        offset: Number(m[1]),
        version: Number(m[2]),
        typeName: m[3],
        requestId: Number(m[4]),
        contentLength: Number(m[5]),
        paddingLength: Number(m[6]),
        reserved: Number(m[7]),
      });
      continue;
    }
    if (line.startsWith("-- ")) inParams = line.startsWith("-- FCGI_PARAMS");
    else if (inParams && line.startsWith("   ")) {
      const eq = line.indexOf("=");
      params.push([line.slice(3, eq), unPythonRepr(line.slice(eq + 1))]);
    }
  }
  return { records, params };
}

/** Undo Python's str repr: quotes plus \n \r \t \\ \' \" \xNN escapes. */
export function unPythonRepr(repr: string): string {
  const quote = repr[0];
  if ((quote !== "'" && quote !== '"') || repr[repr.length - 1] !== quote) {
    throw new Error(`not a Python string repr: ${repr}`);
  }
  const body = repr.slice(1, -1);
  const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", "'": "'", '"': '"' };
  return body.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, esc: string) =>
    esc.startsWith("x") && esc.length === 3 ? String.fromCharCode(parseInt(esc.slice(1), 16)) : (simple[esc] ?? `\\${esc}`),
  );
}
