/**
 * The hash chain of a tenant's audit trail, as pure functions. Each record's hash is
 * sha256(canonical JSON of the record with the previous record's hash in it); the first record's
 * previous hash is GENESIS_HASH. Changing, deleting, reordering or inserting a record therefore
 * breaks the link at that record or the next one, and `checkChain` names the first one broken.
 *
 * Canonical JSON: object keys sorted by UTF-16 code unit, no whitespace, strings and numbers as
 * `JSON.stringify` writes them; bigints as decimal strings, Dates as ISO 8601 (UTC, ms), `undefined`
 * members left out. Example: `canonicalJson({ b: 1n, a: [true, null] })` → `{"a":[true,null],"b":"1"}`.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** A JSON value after `jsonSafe`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `value` as plain JSON: bigint → string, Date → ISO string, undefined members dropped. */
export function jsonSafe(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsonSafe(v);
    return out;
  }
  return String(value);
}

/** The canonical JSON text of `value` (see the module comment). */
export function canonicalJson(value: unknown): string {
  const v = jsonSafe(value);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
}

/** What is hashed of a record: every stored field but the hash itself. */
export interface ChainedRecord {
  readonly tenantId: string;
  readonly seq: bigint;
  readonly recordId: string;
  readonly occurredAt: Date;
  readonly actorKind: string;
  readonly actorId: string | null;
  readonly actorName: string;
  readonly originChannel: string;
  readonly originIp: string | null;
  readonly originAgent: string | null;
  readonly kind: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly reason: string | null;
  /** Canonical JSON text. */
  readonly changes: string;
  /** Canonical JSON text. */
  readonly details: string;
  readonly prevHash: string;
}

/** sha256 (hex) of the record's canonical JSON, version-tagged so the format can evolve. */
export function recordHash(r: ChainedRecord): string {
  const body = canonicalJson({
    v: 1,
    tenantId: r.tenantId,
    seq: r.seq,
    recordId: r.recordId,
    occurredAt: r.occurredAt,
    actorKind: r.actorKind,
    actorId: r.actorId,
    actorName: r.actorName,
    originChannel: r.originChannel,
    originIp: r.originIp,
    originAgent: r.originAgent,
    kind: r.kind,
    objectType: r.objectType,
    objectId: r.objectId,
    reason: r.reason,
    changes: r.changes,
    details: r.details,
    prevHash: r.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Why a record breaks the chain. */
export type ChainFault =
  | 'missing_or_reordered'
  | 'previous_hash_mismatch'
  | 'content_changed'
  | 'not_canonical'
  | 'head_mismatch';

export interface ChainBreak {
  readonly seq: bigint;
  readonly recordId: string | null;
  readonly fault: ChainFault;
  readonly message: string;
}

/** Where a check stands after some records: the next number and hash expected. */
export interface ChainCursor {
  readonly seq: bigint;
  readonly hash: string;
}

export const CHAIN_START: ChainCursor = { seq: 0n, hash: GENESIS_HASH };

/**
 * Check one record against the cursor (the record before it); returns the next cursor or the
 * break. Example: the first record must have seq 1 and prevHash GENESIS_HASH.
 */
export function checkLink(
  at: ChainCursor,
  record: ChainedRecord & { readonly hash: string },
): ChainCursor | ChainBreak {
  const expected = at.seq + 1n;
  const where = { seq: record.seq, recordId: record.recordId };
  if (record.seq !== expected)
    return {
      ...where,
      fault: 'missing_or_reordered',
      message: `expected record ${expected} after ${at.seq}, found ${record.seq}: a record was deleted, inserted or renumbered`,
    };
  if (record.prevHash !== at.hash)
    return {
      ...where,
      fault: 'previous_hash_mismatch',
      message: `record ${record.seq} does not follow record ${at.seq}: the chain was reordered, or a record replaced or inserted`,
    };
  if (!isCanonical(record.changes) || !isCanonical(record.details))
    return {
      ...where,
      fault: 'not_canonical',
      message: `record ${record.seq}'s changes or details were rewritten`,
    };
  if (recordHash(record) !== record.hash)
    return {
      ...where,
      fault: 'content_changed',
      message: `record ${record.seq} was changed after it was written`,
    };
  return { seq: record.seq, hash: record.hash };
}

function isCanonical(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

export function isBreak(x: ChainCursor | ChainBreak): x is ChainBreak {
  return 'fault' in x;
}
