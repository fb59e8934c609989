/**
 * SEPA mandates and the creditor settings. A mandate belongs to one customer; its reference is
 * unique per creditor (tenant). `sequence` is the sequence type of its next collection: FRST until
 * a collection is booked, then RCUR; OOFF for a one-off mandate; FNAL when the company marks the
 * next collection as the last. Revoked and expired mandates are never collected.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import {
  type CreateMandateInput,
  createMandateInput,
  type SepaSettingsPatch,
  sepaSettingsPatch,
  type UpdateMandateInput,
  updateMandateInput,
} from './sepa.input.ts';
import * as repo from './sepa.repository.ts';

export type MandateRow = repo.MandateRow;

export interface SepaSettings {
  readonly creditorId: string | null;
  readonly preNotificationDays: number;
}

/** The creditor settings (defaults: no creditor id, 14 days of pre-notification). */
export async function getSepaSettings(q: Queryable, tenantId: string): Promise<SepaSettings> {
  const row = await repo.settingsOf(q, tenantId);
  return { creditorId: row?.creditorId ?? null, preNotificationDays: row?.preNotificationDays ?? 14 };
}

/** Change the creditor id or the pre-notification days; a bad creditor id is refused. */
export async function updateSepaSettings(deps: CoreDeps, tenantId: string, raw: SepaSettingsPatch) {
  const patch = sepaSettingsPatch.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const before = await getSepaSettings(tx, tenantId);
    await repo.upsertSettings(tx, tenantId, patch, deps.clock.now());
    const after = await getSepaSettings(tx, tenantId);
    await recordAudit(tx, tenantId, {
      kind: 'sepa.settings_changed',
      objectType: 'tenant',
      objectId: tenantId,
      details: { before, after },
    });
    return after;
  });
}

/** Record a signed mandate; a reference already used by this creditor is a 409 naming `reference`. */
export async function createMandate(deps: CoreDeps, tenantId: string, raw: CreateMandateInput) {
  const input = createMandateInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
    if (await repo.findMandateByReference(tx, tenantId, input.reference))
      throw duplicateMandateReference(input.reference);
    const mandateId = newId();
    await insertMandateOrConflict(tx, {
      tenantId,
      mandateId,
      customerId: customer.customerId,
      reference: input.reference,
      signedOn: input.signedOn,
      debtorName: input.debtorName ?? customer.name,
      iban: input.iban,
      bic: input.bic ?? null,
      scheme: input.scheme,
      sequence: input.oneOff ? 'OOFF' : 'FRST',
      status: 'active',
    });
    await recordAudit(tx, tenantId, {
      kind: 'sepa.mandate_created',
      objectType: 'sepa_mandate',
      objectId: mandateId,
      details: { reference: input.reference, customerId: customer.customerId, scheme: input.scheme },
    });
    return getMandateOrThrow(tx, tenantId, mandateId);
  });
}

async function insertMandateOrConflict(tx: Tx, row: Parameters<typeof repo.insertMandate>[1]) {
  try {
    await repo.insertMandate(tx, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateMandateReference(row.reference);
    throw error;
  }
}

/** A mandate by id or reference. */
export async function getMandateOrThrow(q: Queryable, tenantId: string, idOrReference: string, lock = false) {
  const row =
    (isUuid(idOrReference) ? await repo.findMandate(q, tenantId, idOrReference, lock) : null) ??
    (await repo.findMandateByReference(q, tenantId, idOrReference, lock));
  if (!row) throw notFound('mandate', idOrReference);
  return row;
}

/** Mandates by reference, optionally of one customer or in one status. */
export async function listMandates(
  q: Queryable,
  tenantId: string,
  filter: { customer?: string | undefined; status?: string | undefined },
) {
  const customerId = filter.customer
    ? (await getCustomerRowOrThrow(q, tenantId, filter.customer)).customerId
    : undefined;
  return repo.listMandates(q, tenantId, {
    ...(customerId ? { customerId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  });
}

/**
 * Change the debtor's account or name, or mark the next collection final. A new IBAN after a
 * booked collection is sent once as amendment information (the original IBAN).
 */
export async function updateMandate(
  deps: CoreDeps,
  tenantId: string,
  idOrReference: string,
  raw: UpdateMandateInput,
) {
  const patch = updateMandateInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const m = await getMandateOrThrow(tx, tenantId, idOrReference, true);
    assertActive(m);
    const ibanChanged = patch.iban !== undefined && patch.iban !== m.iban;
    const fields: Partial<repo.MandateRow> = {
      ...(patch.iban !== undefined ? { iban: patch.iban } : {}),
      ...(patch.bic !== undefined ? { bic: patch.bic } : {}),
      ...(patch.debtorName !== undefined ? { debtorName: patch.debtorName } : {}),
      ...(ibanChanged && m.lastCollectedOn ? { amendedFromIban: m.amendedFromIban ?? m.iban } : {}),
      ...(patch.finalCollection && m.sequence === 'RCUR' ? { sequence: 'FNAL' } : {}),
    };
    await repo.updateMandate(tx, tenantId, m.mandateId, fields);
    await recordAudit(tx, tenantId, {
      kind: 'sepa.mandate_updated',
      objectType: 'sepa_mandate',
      objectId: m.mandateId,
      details: { fields: Object.keys(fields) },
    });
    return getMandateOrThrow(tx, tenantId, m.mandateId);
  });
}

/** Revoke a mandate (the debtor withdrew it): never collected again. */
export async function revokeMandate(deps: CoreDeps, tenantId: string, idOrReference: string, reason: string) {
  return withTransaction(deps.db, async (tx) => {
    const m = await getMandateOrThrow(tx, tenantId, idOrReference, true);
    assertActive(m);
    await setMandateStatusInTx(tx, tenantId, m.mandateId, 'revoked', reason);
    return getMandateOrThrow(tx, tenantId, m.mandateId);
  });
}

function assertActive(m: repo.MandateRow) {
  if (m.status !== 'active') throw invalidState(`mandate ${m.reference} is ${m.status}`);
}

/** Set a mandate's status (revoked, expired) with its reason, audited. */
export async function setMandateStatusInTx(
  tx: Tx,
  tenantId: string,
  mandateId: string,
  status: 'revoked' | 'expired',
  reason: string,
): Promise<void> {
  await repo.updateMandate(tx, tenantId, mandateId, { status, statusReason: reason });
  await recordAudit(tx, tenantId, {
    kind: status === 'revoked' ? 'sepa.mandate_revoked' : 'sepa.mandate_expired',
    objectType: 'sepa_mandate',
    objectId: mandateId,
    reason,
  });
}

/**
 * True when the mandate lapsed by `on`: EPC rulebook — a mandate not used for 36 months after its
 * last collection (or its signature, if never used) expires.
 */
export function isMandateExpired(
  m: { signedOn: CalendarDate; lastCollectedOn: CalendarDate | null },
  on: CalendarDate,
) {
  const from = m.lastCollectedOn ?? m.signedOn;
  const year = Number(from.slice(0, 4)) + 3;
  return on > `${year}${from.slice(4)}`;
}

function duplicateMandateReference(reference: string): AppError {
  return new AppError('conflict', `mandate reference "${reference}" is already used by this creditor`, [
    { field: 'reference', message: 'already used' },
  ]);
}
