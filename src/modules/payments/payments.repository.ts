/** All SQL of the payments module: provider settings, checkouts, provider events, payouts, chargebacks. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import {
  paymentCheckouts,
  paymentDisputes,
  paymentEvents,
  paymentPayouts,
  paymentProviderSettings,
} from './payments.tables.ts';

export type SettingsRow = typeof paymentProviderSettings.$inferSelect;
export type CheckoutRow = typeof paymentCheckouts.$inferSelect;
export type EventRow = typeof paymentEvents.$inferSelect;
export type PayoutRow = typeof paymentPayouts.$inferSelect;
export type ChargebackRow = typeof paymentDisputes.$inferSelect;

export async function settingsOf(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const [row] = await q
    .select()
    .from(paymentProviderSettings)
    .where(eq(paymentProviderSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettings(q: Queryable, row: typeof paymentProviderSettings.$inferInsert) {
  await q
    .insert(paymentProviderSettings)
    .values(row)
    .onConflictDoUpdate({ target: paymentProviderSettings.tenantId, set: row });
}

export async function insertCheckout(q: Queryable, row: typeof paymentCheckouts.$inferInsert) {
  await q.insert(paymentCheckouts).values(row);
}

export async function findCheckout(q: Queryable, tenantId: string, checkoutId: string, lock = false) {
  const query = q
    .select()
    .from(paymentCheckouts)
    .where(and(eq(paymentCheckouts.tenantId, tenantId), eq(paymentCheckouts.checkoutId, checkoutId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findCheckoutByIntent(q: Queryable, tenantId: string, paymentIntentId: string) {
  const [row] = await q
    .select()
    .from(paymentCheckouts)
    .where(
      and(eq(paymentCheckouts.tenantId, tenantId), eq(paymentCheckouts.paymentIntentId, paymentIntentId)),
    )
    .for('update');
  return row ?? null;
}

export async function updateCheckout(
  q: Queryable,
  tenantId: string,
  checkoutId: string,
  fields: Partial<typeof paymentCheckouts.$inferInsert>,
) {
  await q
    .update(paymentCheckouts)
    .set(fields)
    .where(and(eq(paymentCheckouts.tenantId, tenantId), eq(paymentCheckouts.checkoutId, checkoutId)));
}

/** Store the event unless its id is known; true when this call stored it. */
export async function insertEventIfNew(
  q: Queryable,
  row: typeof paymentEvents.$inferInsert,
): Promise<boolean> {
  const inserted = await q
    .insert(paymentEvents)
    .values(row)
    .onConflictDoNothing()
    .returning({ eventId: paymentEvents.eventId });
  return inserted.length > 0;
}

const eventKey = (tenantId: string, provider: string, eventId: string) =>
  and(
    eq(paymentEvents.tenantId, tenantId),
    eq(paymentEvents.provider, provider),
    eq(paymentEvents.eventId, eventId),
  );

export async function lockEvent(q: Queryable, tenantId: string, provider: string, eventId: string) {
  const [row] = await q
    .select()
    .from(paymentEvents)
    .where(eventKey(tenantId, provider, eventId))
    .for('update');
  return row ?? null;
}

export async function markEvent(
  q: Queryable,
  key: { tenantId: string; provider: string; eventId: string },
  fields: { status: string; note: string | null; handledAt: Date },
) {
  await q
    .update(paymentEvents)
    .set(fields)
    .where(eventKey(key.tenantId, key.provider, key.eventId));
}

/** The payout, locked (null when unknown). */
export async function lockPayout(q: Queryable, tenantId: string, provider: string, payoutId: string) {
  const [row] = await q
    .select()
    .from(paymentPayouts)
    .where(
      and(
        eq(paymentPayouts.tenantId, tenantId),
        eq(paymentPayouts.provider, provider),
        eq(paymentPayouts.payoutId, payoutId),
      ),
    )
    .for('update');
  return row ?? null;
}

export async function insertPayout(q: Queryable, row: typeof paymentPayouts.$inferInsert) {
  await q.insert(paymentPayouts).values(row).onConflictDoNothing();
}

export async function updatePayout(
  q: Queryable,
  key: Pick<PayoutRow, 'tenantId' | 'provider' | 'payoutId'>,
  fields: Partial<typeof paymentPayouts.$inferInsert>,
) {
  await q
    .update(paymentPayouts)
    .set(fields)
    .where(
      and(
        eq(paymentPayouts.tenantId, key.tenantId),
        eq(paymentPayouts.provider, key.provider),
        eq(paymentPayouts.payoutId, key.payoutId),
      ),
    );
}

/** Payouts still waiting for their bank line (expected, or an exception a person has not booked), locked. */
export function lockWaitingPayouts(q: Queryable, tenantId: string) {
  return q
    .select()
    .from(paymentPayouts)
    .where(
      and(
        eq(paymentPayouts.tenantId, tenantId),
        inArray(paymentPayouts.matchState, ['expected', 'exception']),
      ),
    )
    .orderBy(paymentPayouts.arrivalDate, paymentPayouts.payoutId)
    .for('update');
}

/** Payouts by arrival date, newest first, after the cursor `before`. */
export function listPayouts(
  q: Queryable,
  tenantId: string,
  limit: number,
  before?: { arrivalDate: string; payoutId: string },
) {
  const after = before
    ? sql`(${paymentPayouts.arrivalDate}, ${paymentPayouts.payoutId}) < (${before.arrivalDate}::date, ${before.payoutId})`
    : undefined;
  return q
    .select()
    .from(paymentPayouts)
    .where(and(eq(paymentPayouts.tenantId, tenantId), after))
    .orderBy(sql`${paymentPayouts.arrivalDate} desc`, sql`${paymentPayouts.payoutId} desc`)
    .limit(limit);
}

/** The chargeback, created when new, locked. */
export async function lockChargeback(q: Queryable, row: typeof paymentDisputes.$inferInsert) {
  await q.insert(paymentDisputes).values(row).onConflictDoNothing();
  const [locked] = await q
    .select()
    .from(paymentDisputes)
    .where(
      and(
        eq(paymentDisputes.tenantId, row.tenantId),
        eq(paymentDisputes.provider, row.provider),
        eq(paymentDisputes.disputeId, row.disputeId),
      ),
    )
    .for('update');
  if (!locked) throw new Error(`chargeback ${row.disputeId} vanished`);
  return locked;
}

export async function updateChargeback(
  q: Queryable,
  key: Pick<ChargebackRow, 'tenantId' | 'provider' | 'disputeId'>,
  fields: Partial<typeof paymentDisputes.$inferInsert>,
) {
  await q
    .update(paymentDisputes)
    .set(fields)
    .where(
      and(
        eq(paymentDisputes.tenantId, key.tenantId),
        eq(paymentDisputes.provider, key.provider),
        eq(paymentDisputes.disputeId, key.disputeId),
      ),
    );
}

/** The events (refunds, chargebacks) that waited for the payment of `paymentIntentId`, oldest first. */
export function pendingEventsOfIntent(q: Queryable, tenantId: string, paymentIntentId: string) {
  return q
    .select()
    .from(paymentEvents)
    .where(
      and(
        eq(paymentEvents.tenantId, tenantId),
        eq(paymentEvents.paymentIntentId, paymentIntentId),
        eq(paymentEvents.status, 'pending'),
      ),
    )
    .orderBy(paymentEvents.receivedAt, sql`${paymentEvents.eventId}`);
}

/** Events newest first (received, then event id, both descending), after the cursor `before`. */
export function listEvents(
  q: Queryable,
  tenantId: string,
  limit: number,
  before?: { receivedAt: Date; eventId: string },
) {
  const after = before
    ? sql`(${paymentEvents.receivedAt}, ${paymentEvents.eventId}) < (${before.receivedAt.toISOString()}::timestamptz, ${before.eventId})`
    : undefined;
  return q
    .select()
    .from(paymentEvents)
    .where(and(eq(paymentEvents.tenantId, tenantId), after))
    .orderBy(sql`${paymentEvents.receivedAt} desc`, sql`${paymentEvents.eventId} desc`)
    .limit(limit);
}

/** Every tenant's provider settings, locked (the secret rotation re-seals them). */
export function lockAllSettings(q: Queryable) {
  return q.select().from(paymentProviderSettings).orderBy(paymentProviderSettings.tenantId).for('update');
}
