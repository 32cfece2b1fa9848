/**
 * Line patches: how a share link carries a long text file of which only a few
 * lines changed (httpd.conf with one directive edited) without its whole text.
 * Lines keep their "\n", so joining them gives back the exact text.
 */
import { crc32 } from "./crc32.ts";

/** Lines starting at base line `at` (0-based): `remove` of them go, `insert` come in their place. */
export interface Hunk {
  at: number;
  remove: number;
  insert: string[];
}

export interface LinePatch {
  /** CRC-32 of the base file's bytes: the patch applies to that text only. */
  baseCrc32: number;
  /** Hunks in order, not overlapping. */
  hunks: Hunk[];
}

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n").map((l) => l + "\n");
  if (text.endsWith("\n")) lines.pop();
  else lines[lines.length - 1] = lines[lines.length - 1].slice(0, -1);
  return lines;
}

/** Above this many line pairs the changed middle is sent as one hunk instead of a fine diff. */
const MAX_LCS_CELLS = 4_000_000;

export function diffLines(baseText: string, newText: string): LinePatch {
  const a = splitLines(baseText);
  const b = splitLines(newText);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const hunks: Hunk[] = [];
  const baseCrc32 = crc32(baseText);
  if (A.length === 0 && B.length === 0) return { baseCrc32, hunks };
  if (A.length * B.length > MAX_LCS_CELLS || A.length === 0 || B.length === 0) {
    return { baseCrc32, hunks: [{ at: pre, remove: A.length, insert: B }] };
  }
  // LCS lengths from the end: L[i][j] = LCS of A[i..], B[j..].
  const n = A.length;
  const m = B.length;
  const L = new Uint32Array((n + 1) * (m + 1));
  const w = m + 1;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i * w + j] = A[i] === B[j] ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let cur: Hunk | null = null;
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) {
      if (cur) hunks.push(cur);
      cur = null;
      i++;
      j++;
    } else if (j < m && (i === n || L[i * w + j + 1] >= L[(i + 1) * w + j])) {
      cur ??= { at: pre + i, remove: 0, insert: [] };
      cur.insert.push(B[j++]);
    } else {
      cur ??= { at: pre + i, remove: 0, insert: [] };
      cur.remove++;
      i++;
    }
  }
  if (cur) hunks.push(cur);
  return { baseCrc32, hunks };
}

export type PatchResult = { ok: true; text: string } | { ok: false; reason: "base-changed" | "bad-hunks" };

export function applyLinePatch(baseText: string, patch: LinePatch): PatchResult {
  if (crc32(baseText) !== patch.baseCrc32) return { ok: false, reason: "base-changed" };
  const a = splitLines(baseText);
  const out: string[] = [];
  let pos = 0;
  for (const h of patch.hunks) {
    if (h.at < pos || h.at + h.remove > a.length) return { ok: false, reason: "bad-hunks" };
    for (; pos < h.at; pos++) out.push(a[pos]);
    out.push(...h.insert);
    pos += h.remove;
  }
  for (; pos < a.length; pos++) out.push(a[pos]);
  return { ok: true, text: out.join("") };
}
