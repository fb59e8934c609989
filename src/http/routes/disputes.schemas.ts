/** Disputes and their notes as the API shows them, with customer external ids and invoice numbers. */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { DisputeRow, getDisputeDetail } from '../../modules/disputes/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { authorSchema, instant, iso, money } from './common.ts';
import { authorJson, lookups } from './shared-views.ts';

export const disputeSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string().nullable(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    customerName: z.string().nullable(),
    reason: z.string().describe('pricing, quantity, quality, not_received, duplicate, other'),
    amount: money('disputed amount'),
    currency: z.string(),
    status: z.string().describe('open, resolved, rejected'),
    openedAt: instant,
    openedBy: authorSchema,
    closedAt: instant.nullable(),
    closedBy: authorSchema.nullable(),
    resolution: z.string().nullable().describe('why rejected, or what was agreed'),
    creditNoteId: z.string().nullable(),
    creditNoteNumber: z.string().nullable(),
  })
  .meta({ id: 'Dispute' });

export const disputeDetailSchema = disputeSchema
  .extend({
    notes: z.array(z.object({ id: z.string(), author: authorSchema, text: z.string(), createdAt: instant })),
  })
  .meta({ id: 'DisputeDetail' });

export async function disputeViews(
  q: Queryable,
  tenantId: string,
  rows: readonly DisputeRow[],
): Promise<z.infer<typeof disputeSchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => (r.creditNoteId ? [r.invoiceId, r.creditNoteId] : [r.invoiceId])),
  );
  return rows.map((r) => ({
    id: r.disputeId,
    invoiceId: r.invoiceId,
    invoiceNumber: l.number(r.invoiceId),
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    customerName: l.name(r.customerId),
    reason: r.reasonCode,
    amount: formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    status: r.status,
    openedAt: r.openedAt.toISOString(),
    openedBy: authorJson(r.openedByName, r.openedByKeyId, r.openedByUserId),
    closedAt: iso(r.closedAt),
    closedBy: r.closedByName ? authorJson(r.closedByName, r.closedByKeyId, r.closedByUserId) : null,
    resolution: r.resolution,
    creditNoteId: r.creditNoteId,
    creditNoteNumber: l.number(r.creditNoteId),
  }));
}

export async function disputeDetailView(
  q: Queryable,
  tenantId: string,
  detail: Awaited<ReturnType<typeof getDisputeDetail>>,
): Promise<z.infer<typeof disputeDetailSchema>> {
  const [view] = await disputeViews(q, tenantId, [detail.dispute]);
  if (!view) throw new Error('dispute view missing');
  return {
    ...view,
    notes: detail.notes.map((n) => ({
      id: n.noteId,
      author: authorJson(n.authorName, n.authorKeyId, n.authorUserId),
      text: n.text,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}
