/**
 * All SQL of alerts: the rules, the facts each kind of rule matches (filtered in SQL, through the
 * other modules' published relations, leaving out what was already alerted), the events found
 * once, and the users' notifications.
 */
import { and, asc, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { parseAmount } from '../../shared/money.ts';
import { brokenPromisesRelation, customerCollectorsRelation } from '../collections/index.ts';
import { customersRelation } from '../customers/index.ts';
import { invoiceFactsRelation, openInvoicesRelation } from '../invoices/index.ts';
import { receiptsRelation, unappliedReceiptsRelation } from '../receipts/index.ts';
import type { AlertFact, AlertRule } from './alert-rules.ts';
import { alertEvents, alertRules, latenessBaselines, notifications } from './alerts.tables.ts';

export type RuleRow = typeof alertRules.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;

/** The most events one rule raises in one check; the rest are found by the next check. */
export const MAX_EVENTS_PER_CHECK = 2_000;

export async function insertRule(tx: Tx, row: typeof alertRules.$inferInsert): Promise<void> {
  await tx.insert(alertRules).values(row);
}

export async function updateRuleRow(tx: Tx, tenantId: string, ruleId: string, patch: Partial<RuleRow>) {
  await tx
    .update(alertRules)
    .set(patch)
    .where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.ruleId, ruleId)));
}

export async function deleteRuleRow(tx: Tx, tenantId: string, ruleId: string): Promise<void> {
  await tx
    .delete(latenessBaselines)
    .where(and(eq(latenessBaselines.tenantId, tenantId), eq(latenessBaselines.ruleId, ruleId)));
  await tx.delete(alertRules).where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.ruleId, ruleId)));
}

/** A lateness rule's baselines per customer (hundredths of a day late). */
export async function selectLatenessBaselines(
  q: Queryable,
  tenantId: string,
  ruleId: string,
): Promise<Map<string, number>> {
  const rows = await q
    .select({ customerId: latenessBaselines.customerId, hundredths: latenessBaselines.daysLateHundredths })
    .from(latenessBaselines)
    .where(and(eq(latenessBaselines.tenantId, tenantId), eq(latenessBaselines.ruleId, ruleId)));
  return new Map(rows.map((r) => [r.customerId, r.hundredths]));
}

/** Store the baselines that changed, as of the check's day. */
export async function upsertLatenessBaselines(
  tx: Tx,
  tenantId: string,
  ruleId: string,
  changed: ReadonlyMap<string, number>,
  observedOn: CalendarDate,
): Promise<void> {
  const rows = [...changed].map(([customerId, daysLateHundredths]) => ({
    tenantId,
    ruleId,
    customerId,
    daysLateHundredths,
    observedOn,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await tx
      .insert(latenessBaselines)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [latenessBaselines.tenantId, latenessBaselines.ruleId, latenessBaselines.customerId],
        set: {
          daysLateHundredths: sql`excluded.days_late_hundredths`,
          observedOn: sql`excluded.observed_on`,
        },
      });
}

export interface LatenessCustomerRow {
  readonly customer_id: string;
  readonly name: string;
  readonly currency: string;
  readonly open_minor: string;
  readonly collector_email: string | null;
}

/** Name, collector and open amount (in the customer's currency) of the customers `ids`. */
export function latenessCustomers(q: Queryable, tenantId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as LatenessCustomerRow[]);
  return queryRows<LatenessCustomerRow>(
    q,
    sql`select c.customer_id::text as customer_id, c.name, c.currency,
               coalesce((select sum(i.open_minor) from ${openInvoicesRelation(tenantId)} i
                          where i.customer_id = c.customer_id and i.currency = c.currency), 0)::text as open_minor,
               cc.collector_email
        from ${customersRelation(tenantId)} c
        ${collectorJoin(tenantId, sql`c.customer_id`)}
        where c.customer_id = any(${sql.param([...ids])}::uuid[])`,
  );
}

export async function findRule(q: Queryable, tenantId: string, ruleId: string): Promise<RuleRow | null> {
  const [row] = await q
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.tenantId, tenantId), eq(alertRules.ruleId, ruleId)));
  return row ?? null;
}

export function selectRules(q: Queryable, tenantId: string): Promise<RuleRow[]> {
  return q.select().from(alertRules).where(eq(alertRules.tenantId, tenantId)).orderBy(asc(alertRules.name));
}

/** Not yet alerted for this rule: no `alert_events` row with the key `<kind>:<rule>:<id>`. */
function notAlerted(tenantId: string, rule: AlertRule, idColumn: SQL): SQL {
  const prefix = `${rule.params.kind}:${rule.ruleId}:`;
  return sql`not exists (select 1 from alert_events e where e.tenant_id = ${tenantId}
              and e.event_key = ${prefix} || ${idColumn}::text)`;
}

interface FactRow {
  id: string;
  label: string;
  customer_name: string | null;
  currency: string;
  amount_minor: string;
  days: number;
  collector_email: string | null;
}

function factOf(type: AlertFact['subject']['type'], r: FactRow): AlertFact {
  return {
    subject: { type, id: r.id, label: r.label },
    customerName: r.customer_name,
    currency: r.currency,
    amountMinor: BigInt(r.amount_minor),
    days: r.days,
    collectorEmail: r.collector_email,
  };
}

const collectorJoin = (tenantId: string, customerId: SQL) =>
  sql`left join ${customerCollectorsRelation(tenantId)} cc on cc.customer_id = ${customerId} and cc.collector_active`;

/** Open invoices of the rule's currency, at least its amount open and its days past due, not yet alerted. */
async function overdueFacts(q: Queryable, tenantId: string, rule: AlertRule, asOf: CalendarDate) {
  if (rule.params.kind !== 'invoice_overdue') return [];
  const { currency, minAmount, minDaysLate } = rule.params;
  const min = parseAmount(minAmount, currency, 'minAmount');
  const rows = await queryRows<FactRow>(
    q,
    sql`select i.invoice_id::text as id, coalesce(f.number, '') as label, c.name as customer_name, i.currency,
               i.open_minor::text as amount_minor, (${asOf}::date - i.due_date)::int as days, cc.collector_email
        from ${openInvoicesRelation(tenantId)} i
        join ${invoiceFactsRelation(tenantId)} f on f.invoice_id = i.invoice_id
        join ${customersRelation(tenantId)} c on c.customer_id = i.customer_id
        ${collectorJoin(tenantId, sql`i.customer_id`)}
        where i.currency = ${currency} and i.open_minor >= ${min}
          and i.due_date <= ${asOf}::date - ${minDaysLate}::int
          and ${notAlerted(tenantId, rule, sql`i.invoice_id`)}
        order by i.due_date, i.invoice_id limit ${MAX_EVENTS_PER_CHECK}`,
  );
  return rows.map((r) => factOf('invoice', r));
}

/** Promises broken since the rule was created, up to `asOf`, not yet alerted. */
async function brokenPromiseFacts(q: Queryable, tenantId: string, rule: AlertRule, asOf: CalendarDate) {
  const since = rule.createdAt.toISOString().slice(0, 10);
  const rows = await queryRows<FactRow>(
    q,
    sql`select p.promise_id::text as id, to_char(p.promised_on, 'YYYY-MM-DD') as label, c.name as customer_name,
               p.currency, p.amount_minor::text as amount_minor, (${asOf}::date - p.broken_on)::int as days,
               cc.collector_email
        from ${brokenPromisesRelation(tenantId)} p
        join ${customersRelation(tenantId)} c on c.customer_id = p.customer_id
        ${collectorJoin(tenantId, sql`p.customer_id`)}
        where p.broken_on >= ${since}::date and p.broken_on <= ${asOf}::date
          and ${notAlerted(tenantId, rule, sql`p.promise_id`)}
        order by p.broken_on, p.promise_id limit ${MAX_EVENTS_PER_CHECK}`,
  );
  return rows.map((r) => factOf('promise', r));
}

/** Receipts with cash still unapplied, received at least the rule's days before `asOf`, not yet alerted. */
async function unappliedFacts(q: Queryable, tenantId: string, rule: AlertRule, asOf: CalendarDate) {
  if (rule.params.kind !== 'unapplied_cash') return [];
  const rows = await queryRows<FactRow>(
    q,
    sql`select u.receipt_id::text as id,
               concat_ws(' · ', to_char(r.received_on, 'YYYY-MM-DD'), nullif(r.payer_name, ''), nullif(r.reference, '')) as label,
               c.name as customer_name, u.currency, u.unapplied_minor::text as amount_minor,
               (${asOf}::date - r.received_on)::int as days, cc.collector_email
        from ${unappliedReceiptsRelation(tenantId)} u
        join ${receiptsRelation(tenantId)} r on r.receipt_id = u.receipt_id
        left join ${customersRelation(tenantId)} c on c.customer_id = u.customer_id
        ${collectorJoin(tenantId, sql`u.customer_id`)}
        where u.unapplied_minor > 0 and r.received_on <= ${asOf}::date - ${rule.params.minDaysOld}::int
          and ${notAlerted(tenantId, rule, sql`u.receipt_id`)}
        order by r.received_on, u.receipt_id limit ${MAX_EVENTS_PER_CHECK}`,
  );
  return rows.map((r) => factOf('receipt', r));
}

/** What `rule` matches as of `asOf` and was not alerted before. */
export function factsOf(
  q: Queryable,
  tenantId: string,
  rule: AlertRule,
  asOf: CalendarDate,
): Promise<AlertFact[]> {
  if (rule.params.kind === 'invoice_overdue') return overdueFacts(q, tenantId, rule, asOf);
  if (rule.params.kind === 'promise_broken') return brokenPromiseFacts(q, tenantId, rule, asOf);
  return unappliedFacts(q, tenantId, rule, asOf);
}

/** Which of `keys` were recorded already. */
export async function recordedEventKeys(q: Queryable, tenantId: string, keys: readonly string[]) {
  if (keys.length === 0) return new Set<string>();
  const rows = await q
    .select({ eventKey: alertEvents.eventKey })
    .from(alertEvents)
    .where(and(eq(alertEvents.tenantId, tenantId), inArray(alertEvents.eventKey, [...keys])));
  return new Set(rows.map((r) => r.eventKey));
}

/** Record events found; the keys inserted (an event another check recorded first is left out). */
export async function insertEvents(
  tx: Tx,
  rows: readonly (typeof alertEvents.$inferInsert)[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await tx
    .insert(alertEvents)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ eventKey: alertEvents.eventKey });
  return new Set(inserted.map((r) => r.eventKey));
}

export async function insertNotifications(tx: Tx, rows: readonly (typeof notifications.$inferInsert)[]) {
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(notifications)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ id: notifications.notificationId });
  return inserted.length;
}

export interface InboxFilter {
  unreadOnly: boolean;
  beforeId?: string | undefined;
}

export function selectNotifications(
  q: Queryable,
  tenantId: string,
  userId: string,
  filter: InboxFilter,
  limit: number,
) {
  const where = [eq(notifications.tenantId, tenantId), eq(notifications.userId, userId)];
  if (filter.unreadOnly) where.push(isNull(notifications.readAt));
  if (filter.beforeId) where.push(lt(notifications.notificationId, filter.beforeId));
  return q
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.notificationId))
    .limit(limit);
}

export async function countUnread(q: Queryable, tenantId: string, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    q,
    sql`select count(*)::int as n from notifications
        where tenant_id = ${tenantId} and user_id = ${userId} and read_at is null`,
  );
  return row?.n ?? 0;
}

/** Mark the user's notifications read (one, or all when `notificationId` is null); how many changed. */
export async function markRead(
  tx: Tx,
  tenantId: string,
  userId: string,
  notificationId: string | null,
  at: Date,
) {
  const where = [
    eq(notifications.tenantId, tenantId),
    eq(notifications.userId, userId),
    isNull(notifications.readAt),
  ];
  if (notificationId) where.push(eq(notifications.notificationId, notificationId));
  const changed = await tx
    .update(notifications)
    .set({ readAt: at })
    .where(and(...where))
    .returning({ id: notifications.notificationId });
  return changed.length;
}

export async function findNotification(q: Queryable, tenantId: string, userId: string, id: string) {
  const [row] = await q
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.tenantId, tenantId),
        eq(notifications.userId, userId),
        eq(notifications.notificationId, id),
      ),
    );
  return row ?? null;
}
