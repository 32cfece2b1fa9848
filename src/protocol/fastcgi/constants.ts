/**
 * FastCGI 1.0 numbers, named as in the spec's `fastcgi.h` but without the
 * `FCGI_` prefix where the prefix is only noise (record types, roles,
 * statuses). Plain `as const` objects rather than enums so the values stay
 * ordinary numbers on the wire and in JSON.
 */

export const FCGI_VERSION_1 = 1;
/** Every record starts with this many header bytes. */
export const FCGI_HEADER_LEN = 8;
/** contentLength is 16 bits. */
export const FCGI_MAX_CONTENT_LENGTH = 0xffff;
/** paddingLength is 8 bits. */
export const FCGI_MAX_PADDING_LENGTH = 0xff;
/** Management records (GET_VALUES, UNKNOWN_TYPE) use request id 0. */
export const FCGI_NULL_REQUEST_ID = 0;
export const FCGI_MAX_REQUEST_ID = 0xffff;

export const RecordType = {
  BEGIN_REQUEST: 1,
  ABORT_REQUEST: 2,
  END_REQUEST: 3,
  PARAMS: 4,
  STDIN: 5,
  STDOUT: 6,
  STDERR: 7,
  DATA: 8,
  GET_VALUES: 9,
  GET_VALUES_RESULT: 10,
  UNKNOWN_TYPE: 11,
} as const;
export type RecordTypeName = keyof typeof RecordType;
/** The highest type the spec defines (`FCGI_MAXTYPE`). */
export const FCGI_MAX_TYPE = RecordType.UNKNOWN_TYPE;

export const Role = { RESPONDER: 1, AUTHORIZER: 2, FILTER: 3 } as const;
export type RoleName = keyof typeof Role;

/** Bit 0 of BEGIN_REQUEST's flags byte: keep the connection after END_REQUEST. */
export const FCGI_KEEP_CONN = 1;

export const ProtocolStatus = {
  REQUEST_COMPLETE: 0,
  CANT_MPX_CONN: 1,
  OVERLOADED: 2,
  UNKNOWN_ROLE: 3,
} as const;
export type ProtocolStatusName = keyof typeof ProtocolStatus;

/** The variable names GET_VALUES may ask about (spec §4.1). */
export const FCGI_MAX_CONNS = "FCGI_MAX_CONNS";
export const FCGI_MAX_REQS = "FCGI_MAX_REQS";
export const FCGI_MPXS_CONNS = "FCGI_MPXS_CONNS";
export const MANAGEMENT_VARIABLES = [FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS] as const;

/** Environment variables a FILTER request adds (conformance D12). */
export const FCGI_DATA_LAST_MOD = "FCGI_DATA_LAST_MOD";
export const FCGI_DATA_LENGTH = "FCGI_DATA_LENGTH";

function reverse<K extends string>(table: Record<K, number>): Map<number, K> {
  const out = new Map<number, K>();
  for (const key of Object.keys(table) as K[]) out.set(table[key], key);
  return out;
}

const TYPE_NAMES = reverse(RecordType);
const ROLE_NAMES = reverse(Role);
const STATUS_NAMES = reverse(ProtocolStatus);

/** `BEGIN_REQUEST` for 1; types outside the spec read `TYPE_<n>`. */
export function recordTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `TYPE_${type}`;
}

export function isKnownRecordType(type: number): boolean {
  return TYPE_NAMES.has(type);
}

export function roleName(role: number): string {
  return ROLE_NAMES.get(role) ?? `ROLE_${role}`;
}

export function protocolStatusName(status: number): string {
  return STATUS_NAMES.get(status) ?? `STATUS_${status}`;
}

/** Types whose content is a stream ended by an empty record (spec §3.3). */
export function isStreamType(type: number): boolean {
  return (
    type === RecordType.PARAMS ||
    type === RecordType.STDIN ||
    type === RecordType.STDOUT ||
    type === RecordType.STDERR ||
    type === RecordType.DATA
  );
}

/**
 * Management types travel on request id 0. Any type above FCGI_MAX_TYPE on
 * id 0 is also management traffic (the app must answer UNKNOWN_TYPE, D9).
 */
export function isManagementType(type: number): boolean {
  return (
    type === RecordType.GET_VALUES ||
    type === RecordType.GET_VALUES_RESULT ||
    type === RecordType.UNKNOWN_TYPE
  );
}
