/** Activities as the API shows them, with the customer's external id and the invoice number looked up. */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { ActivityRow } from '../../modules/activities/index.ts';
import { authorSchema, instant } from './common.ts';
import { authorJson, lookups } from './shared-views.ts';

export const activitySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    kind: z.string().describe('call, email, note, meeting, letter, or system'),
    event: z
      .string()
      .nullable()
      .describe('for system entries: promise_broken, dispute_opened, credit_hold_set …'),
    text: z.string(),
    invoiceIds: z.array(z.string()),
    invoiceNumbers: z.array(z.string().nullable()),
    author: authorSchema,
    occurredAt: instant,
    createdAt: instant,
  })
  .meta({ id: 'Activity' });

export async function activityViews(
  q: Queryable,
  tenantId: string,
  rows: readonly ActivityRow[],
): Promise<z.infer<typeof activitySchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => r.invoiceIds),
  );
  return rows.map((r) => ({
    id: r.activityId,
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    kind: r.kind,
    event: r.event,
    text: r.text,
    invoiceIds: r.invoiceIds,
    invoiceNumbers: r.invoiceIds.map((id) => l.number(id)),
    author: authorJson(r.authorName, r.authorKeyId, r.authorUserId),
    occurredAt: r.occurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }));
}
