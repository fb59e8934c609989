/**
 * Receipts and their allocations as the API shows them: response schemas and JSON views.
 * Money is a decimal string in major units next to its currency, never a JSON number; dates are
 * 'YYYY-MM-DD', instants ISO 8601 strings.
 */
import { z } from 'zod';
import type { getReceiptDetail, ReceiptRow } from '../../modules/receipts/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, instant, iso, money } from './common.ts';

export const receiptSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    method: z.string(),
    receivedOn: date,
    currency: z.string(),
    fxRate: z.string(),
    amount: money('amount received'),
    unapplied: money('unapplied cash'),
    payerName: z.string().nullable(),
    payerIban: z.string().nullable(),
    reference: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'Receipt' });

export const receiptDetailSchema = receiptSchema
  .extend({
    allocations: z.array(
      z.object({
        id: z.string().describe('allocation id (for POST /v1/allocations/{id}/unapply)'),
        invoiceId: z.string(),
        invoiceNumber: z.string().nullable(),
        amount: money('amount'),
        active: z.boolean().describe('false once unapplied'),
        entryId: z.string(),
        reversalEntryId: z.string().nullable(),
        createdAt: instant,
        unappliedAt: instant.nullable(),
      }),
    ),
    disbursements: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['refund', 'write_off']),
        amount: money('amount'),
        date,
        reason: z.string().nullable(),
        entryId: z.string(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'ReceiptDetail' });

export function receiptJson(r: ReceiptRow): z.infer<typeof receiptSchema> {
  return {
    id: r.receiptId,
    customerId: r.customerId,
    method: r.method,
    receivedOn: r.receivedOn,
    currency: r.currency,
    fxRate: r.fxRate,
    amount: formatAmount(r.amountMinor, r.currency),
    unapplied: formatAmount(r.unappliedMinor, r.currency),
    payerName: r.payerName,
    payerIban: r.payerIban,
    reference: r.reference,
    createdAt: r.createdAt.toISOString(),
  };
}

type ReceiptDetail = Awaited<ReturnType<typeof getReceiptDetail>>;

/** `numbers` maps invoice id → invoice number for the allocations. */
export function receiptDetailJson(
  d: ReceiptDetail,
  numbers: ReadonlyMap<string, string | null>,
): z.infer<typeof receiptDetailSchema> {
  const currency = d.receipt.currency;
  return {
    ...receiptJson(d.receipt),
    allocations: d.allocations.map((a) => ({
      id: a.allocationId,
      invoiceId: a.invoiceId,
      invoiceNumber: numbers.get(a.invoiceId) ?? null,
      amount: formatAmount(a.amountMinor, currency),
      active: a.unappliedAt === null,
      entryId: a.entryId,
      reversalEntryId: a.reversalEntryId,
      createdAt: a.createdAt.toISOString(),
      unappliedAt: iso(a.unappliedAt),
    })),
    disbursements: d.disbursements.map((x) => ({
      id: x.disbursementId,
      kind: x.kind === 'refund' ? 'refund' : 'write_off',
      amount: formatAmount(x.amountMinor, currency),
      date: x.onDate,
      reason: x.reason,
      entryId: x.entryId,
      createdAt: x.createdAt.toISOString(),
    })),
  };
}
