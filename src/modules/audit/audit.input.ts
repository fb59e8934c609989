/** What a module tells the audit trail about a change it makes. */
import { createHash } from 'node:crypto';
import type { ActingAs } from '../../shared/acting-as.ts';
import { canonicalJson } from './audit-chain.ts';

/** Changed fields: `{ field: [before, after] }` (null for a field that did not exist). */
export type AuditChanges = Record<string, readonly [unknown, unknown]>;

export interface AuditEvent {
  /** `<object>.<verb>`, e.g. `customer.updated`, `invoice.written_off`, `import.invoices`. */
  readonly kind: string;
  /** `customer`, `invoice`, `receipt`, `api_key`, `tenant` (for batches and settings) … */
  readonly objectType: string;
  /** The object's id (null for a batch over many). */
  readonly objectId?: string | null;
  /** The reason the person gave, if any. */
  readonly reason?: string | null;
  readonly changes?: AuditChanges;
  /** Anything else that says what happened (counts, ids of a batch, a file's sha256). */
  readonly details?: Record<string, unknown>;
  /** Who, when the work does not run inside the request's acting-as context (CLI user commands). */
  readonly actor?: ActingAs;
}

/** Kinds and object types are lower-case words joined by `.` and `_`. */
export const AUDIT_KIND_PATTERN = /^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/;

/**
 * The fields that differ between `before` and `after` (compared as canonical JSON), as
 * AuditChanges. `fields` limits the comparison; by default every key of either object.
 * Example: `changedFields({ name: 'ACME', iban: 'DE89…' }, { name: 'ACME', iban: 'DE02…' })`
 * → `{ iban: ['DE89…', 'DE02…'] }`.
 */
export function changedFields(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
  fields?: readonly string[],
): AuditChanges {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const out: Record<string, readonly [unknown, unknown]> = {};
  for (const key of keys) {
    const was = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (canonicalJson(was) !== canonicalJson(now)) out[key] = [was, now];
  }
  return out;
}

/** Batches name up to this many objects by id; above it, their count and the sha256 of the ids. */
export const BATCH_IDS_MAX = 1000;

/**
 * How a batch record names the objects it changed: `{ count, ids }` for up to BATCH_IDS_MAX of
 * them, else `{ count, idsSha256 }` (sha256 of the ids sorted and joined by `\n`), so that a
 * 40,000-line run stays one small record that can still be checked against the rows it changed.
 */
export function batchObjects(ids: readonly string[]): Record<string, unknown> {
  const sorted = [...ids].sort();
  if (sorted.length <= BATCH_IDS_MAX) return { count: sorted.length, ids: sorted };
  return { count: sorted.length, idsSha256: createHash('sha256').update(sorted.join('\n')).digest('hex') };
}
