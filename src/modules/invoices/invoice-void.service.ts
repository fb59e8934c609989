/** Void an invoice: a draft simply, an issued one nothing has touched by reversing its issue entry. */

import { type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { auditInvoice } from './invoice-audit.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { assertCanApply } from './invoice-status.ts';
import * as repo from './invoices.repository.ts';

/** Void: a draft simply; an issued invoice nothing has touched, by reversing its issue entry. */
export async function voidInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  date?: CalendarDate,
  reason?: string,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => voidInvoiceInTx(tx, deps, tenantId, idOrNumber, date, reason));
}

/** voidInvoice in the caller's transaction `tx`. */
export async function voidInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  date?: CalendarDate,
  reason?: string,
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('void', invoice.status, invoice.number);
  if (invoice.status === 'issued' && invoice.openMinor !== invoice.totalMinor)
    throw new AppError(
      'invalid_state',
      `invoice ${invoice.number} has payments or credits; unapply them first`,
    );
  // A zero invoice posted nothing at issue, so there is nothing to reverse.
  if (invoice.status === 'issued' && invoice.totalMinor !== 0n) {
    const issued = await deps.ledger.findEntryIdBySource(
      tx,
      tenantId,
      'invoice',
      invoice.invoiceId,
      'invoice.issued',
    );
    await deps.ledger.reverse(
      tx,
      tenantId,
      issued,
      date ?? todayUtc(deps.clock.now()),
      'invoice.voided',
      reason ? `void: ${reason}` : undefined,
    );
  }
  await repo.updateInvoice(tx, tenantId, invoice.invoiceId, {
    status: 'void',
    openMinor: 0n,
    closedAt: deps.clock.now(),
    voidReason: reason ?? null,
  });
  const after = await getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
  await auditInvoice(tx, tenantId, 'invoice.voided', invoice, after, { reason });
  return after;
}
