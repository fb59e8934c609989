/** What the audit trail records of an invoice's change: its key fields before and after. */
import type { Tx } from '../../db/client.ts';
import { batchObjects, changedFields, recordAudit } from '../audit/index.ts';
import type { InvoiceRow } from './invoice-queries.service.ts';

const AUDITED_FIELDS = [
  'kind',
  'number',
  'status',
  'customerId',
  'currency',
  'totalMinor',
  'openMinor',
  'issueDate',
  'dueDate',
  'paymentTerms',
] as const;

function auditedOf(row: InvoiceRow | null): Record<string, unknown> | null {
  if (!row) return null;
  return Object.fromEntries(AUDITED_FIELDS.map((f) => [f, row[f]]));
}

/** Record `kind` (e.g. `invoice.voided`) of one invoice, with the fields it changed and the reason. */
export function auditInvoice(
  tx: Tx,
  tenantId: string,
  kind: string,
  before: InvoiceRow | null,
  after: InvoiceRow,
  extra: { reason?: string | null | undefined; details?: Record<string, unknown> } = {},
): Promise<void> {
  return recordAudit(tx, tenantId, {
    kind,
    objectType: after.kind === 'credit_note' ? 'credit_note' : 'invoice',
    objectId: after.invoiceId,
    reason: extra.reason ?? null,
    changes: changedFields(auditedOf(before), auditedOf(after)),
    details: { number: after.number, ...extra.details },
  });
}

/** One record for invoices created together (one invoice: its own record). */
export function auditCreatedInvoices(tx: Tx, tenantId: string, rows: readonly InvoiceRow[]): Promise<void> {
  const [only] = rows;
  if (rows.length === 1 && only) return auditInvoice(tx, tenantId, 'invoice.created', null, only);
  return recordAudit(tx, tenantId, {
    kind: 'invoice.batch_created',
    objectType: 'invoice',
    details: {
      ...batchObjects(rows.map((r) => r.invoiceId)),
      issued: rows.filter((r) => r.status !== 'draft').length,
    },
  });
}
