/** Invoices named by id or number in collections commands, checked to belong to one customer. */
import type { Queryable } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { getInvoiceRowOrThrow, getInvoicesByIds, type InvoiceRow } from './invoice-queries.service.ts';

/**
 * The invoices `refs` name (ids or numbers), in order and without repeats. Each must exist, be an
 * invoice (not a credit note) and, when `customerId` is given, belong to that customer; otherwise a
 * validation error names `field[i]`.
 */
export async function resolveInvoiceRefs(
  q: Queryable,
  tenantId: string,
  refs: readonly string[],
  field: string,
  customerId?: string,
): Promise<InvoiceRow[]> {
  const unique = [...new Set(refs)];
  const byId = new Map(
    (await getInvoicesByIds(q, tenantId, unique.filter(isUuid))).map((r) => [r.invoiceId, r]),
  );
  const rows: InvoiceRow[] = [];
  for (const ref of unique) {
    const row = byId.get(ref) ?? (await getInvoiceRowOrThrow(q, tenantId, ref).catch(() => null));
    const where = `${field}[${refs.indexOf(ref)}]`;
    if (row?.kind !== 'invoice')
      throw validationFailed(`invoice ${ref} not found`, [{ field: where, message: 'unknown invoice' }]);
    if (customerId && row.customerId !== customerId)
      throw validationFailed(`invoice ${ref} belongs to another customer`, [
        { field: where, message: 'not an invoice of this customer' },
      ]);
    if (!rows.some((r) => r.invoiceId === row.invoiceId)) rows.push(row);
  }
  return rows;
}
