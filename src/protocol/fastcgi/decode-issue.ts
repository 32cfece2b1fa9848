/**
 * Decoders in this folder never throw on bad input: they return issues.
 * An "error" means the bytes break the protocol (a real peer would abort or
 * misread them); a "note" means the bytes are legal but worth pointing out
 * (e.g. a PARAMS pair cut across records, which flup cannot read, D5).
 */

export type FcgiIssueCode =
  | "bad-version"
  | "truncated-header"
  | "truncated-content"
  | "truncated-padding"
  | "bad-body-length"
  | "nv-truncated-length"
  | "nv-length-past-end"
  | "bad-hex"
  // notes
  | "unknown-type"
  | "nonzero-reserved"
  | "nonzero-padding"
  | "request-id-mismatch"
  | "pair-split-across-records"
  | "stream-not-terminated"
  | "get-values-with-value";

export interface FcgiIssue {
  severity: "error" | "note";
  code: FcgiIssueCode;
  message: string;
  /** Byte offset in the decoded input where the problem starts. */
  offset: number;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: FcgiIssue };

export function fcgiError(code: FcgiIssueCode, message: string, offset: number): FcgiIssue {
  return { severity: "error", code, message, offset };
}

export function fcgiNote(code: FcgiIssueCode, message: string, offset: number): FcgiIssue {
  return { severity: "note", code, message, offset };
}
