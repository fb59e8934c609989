/**
 * What other modules read of the invoices, as figures rather than rows: the AR tie-out's open
 * amounts per currency and the invoices whose open amount differs from the ledger's lines.
 */
import type { SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import * as repo from './invoices.repository.ts';

/** Σ open amounts of the issued invoices per currency. */
export async function openInvoicesByCurrency(q: Queryable, tenantId: string): Promise<Map<string, bigint>> {
  const rows = await repo.openByCurrency(q, tenantId);
  return new Map(rows.map((r) => [r.currency, r.open_minor]));
}

export interface OpenAmountMismatch {
  invoiceId: string;
  number: string | null;
  openMinor: bigint;
  ledgerMinor: bigint;
}

/**
 * Up to `limit` issued invoices whose open amount differs from what `ledger` — a relation
 * (`invoice_id`, `amount`) such as the ledger's `arPerInvoice` — holds on them.
 */
export async function invoicesDifferingFrom(
  q: Queryable,
  tenantId: string,
  ledger: SQL,
  limit: number,
): Promise<OpenAmountMismatch[]> {
  const rows = await repo.openDifferingFrom(q, tenantId, ledger, limit);
  return rows.map((m) => ({
    invoiceId: m.invoice_id,
    number: m.number,
    openMinor: m.open_minor,
    ledgerMinor: m.ledger_minor,
  }));
}
