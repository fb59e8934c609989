/** Write-offs: (part of) an invoice's open amount to bad debt. */

import { type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { amountWithinOpen, postAdjustment } from './invoice-adjustments.service.ts';
import { auditInvoice } from './invoice-audit.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { assertCanApply } from './invoice-status.ts';
import { type WriteOffInvoiceInput, writeOffInvoiceInput } from './invoices.input.ts';

/** Write off (part of) an invoice's open amount to bad debt. */
export async function writeOffInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  raw: WriteOffInvoiceInput,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => writeOffInvoiceInTx(tx, deps, tenantId, idOrNumber, raw));
}

/** writeOffInvoice in the caller's transaction `tx`. */
export async function writeOffInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  raw: WriteOffInvoiceInput,
): Promise<InvoiceRow> {
  const input = writeOffInvoiceInput.parse(raw);
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('write_off', invoice.status, invoice.number);
  const amount = amountWithinOpen(invoice, input.amount);
  await postAdjustment(deps, tx, invoice, {
    kind: 'write_off',
    amountMinor: amount,
    reason: input.reason,
    date: input.date ?? todayUtc(deps.clock.now()),
  });
  const after = await getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
  await auditInvoice(tx, tenantId, 'invoice.written_off', invoice, after, {
    reason: input.reason,
    details: { amountMinor: amount },
  });
  return after;
}
