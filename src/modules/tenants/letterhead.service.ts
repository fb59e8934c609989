/**
 * The tenant's letterhead: the seller as its documents show it (names, address, tax id, bank
 * account, contact, register entry, footer).
 *
 * Versioned so that an issued document prints the letterhead it was issued under, forever: the
 * tenant row holds the current letterhead and its version number; every issue records that number
 * on the invoice (no extra statement in a billing run); a change writes the version it replaces
 * (if not stored yet) and the new one to `tenant_letterheads`, which is append-only.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { type LetterheadPatch, letterheadPatch } from './letterhead.input.ts';
import * as repo from './letterhead.repository.ts';

export {
  type DocumentPurpose,
  type LetterheadGapCode,
  type LetterheadWarning,
  letterheadGaps,
} from './letterhead-gaps.ts';

export interface Letterhead extends repo.LetterheadFields {
  readonly version: number;
}

/** The current letterhead. */
export async function getLetterhead(q: Queryable, tenantId: string): Promise<Letterhead> {
  const row = await repo.currentLetterhead(q, tenantId);
  if (!row) throw notFound('tenant', tenantId);
  return row;
}

/**
 * The letterhead as it was in `version` (null: a document issued before letterheads had versions,
 * i.e. under the first). Throws if that version never existed.
 */
export async function getLetterheadVersion(
  q: Queryable,
  tenantId: string,
  version: number | null,
): Promise<Letterhead> {
  const wanted = version ?? 1;
  const stored = await repo.findLetterheadVersion(q, tenantId, wanted);
  if (stored) return { ...fieldsOf(stored), version: stored.version };
  const current = await getLetterhead(q, tenantId);
  // Only the current version may be unstored: a change always stores the version it replaces.
  if (current.version !== wanted) throw notFound('letterhead version', String(wanted));
  return current;
}

/**
 * Change the letterhead: fields given replace the current ones (`null` clears), the rest stay.
 * A change that alters nothing keeps the version; otherwise the version goes up by one, and
 * documents issued before keep printing the old one.
 */
export function updateLetterhead(
  deps: CoreDeps,
  tenantId: string,
  raw: LetterheadPatch,
): Promise<Letterhead> {
  return withTransaction(deps.db, (tx) => updateLetterheadInTx(tx, deps, tenantId, raw));
}

/** `updateLetterhead` in the caller's transaction. */
export async function updateLetterheadInTx(
  tx: Tx,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  raw: LetterheadPatch,
): Promise<Letterhead> {
  const patch = letterheadPatch.parse(raw);
  const current = await repo.currentLetterhead(tx, tenantId, true);
  if (!current) throw notFound('tenant', tenantId);
  const next = { ...fieldsOf(current), ...definedOnly(patch) };
  if (sameFields(fieldsOf(current), next)) return current;
  const now = deps.clock.now();
  await repo.insertLetterheadVersion(tx, tenantId, current.version, fieldsOf(current), now);
  await repo.insertLetterheadVersion(tx, tenantId, current.version + 1, next, now);
  await repo.setCurrentLetterhead(tx, tenantId, current.version + 1, next);
  await recordAudit(tx, tenantId, {
    kind: 'letterhead.updated',
    objectType: 'tenant',
    objectId: tenantId,
    changes: changedFields({ ...fieldsOf(current) }, { ...next }),
    details: { version: current.version + 1 },
  });
  return { ...next, version: current.version + 1 };
}

function fieldsOf(row: repo.LetterheadFields): repo.LetterheadFields {
  return {
    name: row.name,
    legalName: row.legalName,
    country: row.country,
    taxId: row.taxId,
    address: row.address,
    iban: row.iban,
    bic: row.bic,
    bankName: row.bankName,
    email: row.email,
    phone: row.phone,
    website: row.website,
    registration: row.registration,
    footer: row.footer,
    electronicAddress: row.electronicAddress,
  };
}

function definedOnly(patch: LetterheadPatch): Partial<repo.LetterheadFields> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}

function sameFields(a: repo.LetterheadFields, b: repo.LetterheadFields): boolean {
  return JSON.stringify(fieldsOf(a)) === JSON.stringify(fieldsOf(b));
}
