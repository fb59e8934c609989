/** The activity log as people use it: log a call, email, note, meeting or letter; read the log. */
import type { Queryable } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { resolveInvoiceRefs } from '../invoices/index.ts';
import { type ActivityKind, type LogActivityInput, logActivityInput } from './activity.input.ts';
import * as repo from './activity.repository.ts';
import { logActivity } from './activity-log.service.ts';
import type { Actor } from './actor.ts';

export type ActivityRow = repo.ActivityRow;

/** Log what a person did with a customer; the invoices named must be the customer's. */
export async function recordActivity(
  deps: CoreDeps,
  tenantId: string,
  raw: LogActivityInput,
  author: Actor,
): Promise<ActivityRow> {
  const input = logActivityInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
    const invoices = await resolveInvoiceRefs(
      tx,
      tenantId,
      input.invoices ?? [],
      'invoices',
      customer.customerId,
    );
    const id = await logActivity(tx, tenantId, {
      kind: input.kind,
      customerId: customer.customerId,
      text: input.text,
      invoiceIds: invoices.map((i) => i.invoiceId),
      author,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : deps.clock.now(),
    });
    const row = await repo.findActivity(tx, tenantId, id);
    if (!row) throw new Error('activity insert returned nothing');
    return row;
  });
}

export interface ActivityListQuery {
  customer?: string;
  kinds?: readonly ActivityKind[];
  event?: string;
  /** The cursor: `occurredAt ISO|activityId` of the last item of the previous page. */
  cursor?: string;
  limit: number;
}

/** A page of activities, newest first (by when they happened). */
export async function listActivities(q: Queryable, tenantId: string, query: ActivityListQuery) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const before = query.cursor ? parseCursor(query.cursor) : undefined;
  const rows = await repo.listActivityRows(q, tenantId, {
    ...(customerId ? { customerId } : {}),
    ...(query.kinds ? { kinds: query.kinds } : {}),
    ...(query.event ? { event: query.event } : {}),
    ...(before ? { before } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    activities: page,
    nextCursor:
      rows.length > query.limit && last ? `${last.occurredAt.toISOString()}|${last.activityId}` : null,
  };
}

function parseCursor(cursor: string): { occurredAt: Date; activityId: string } {
  const [at, id] = cursor.split('|');
  const occurredAt = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(occurredAt.getTime()))
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return { occurredAt, activityId: id };
}
