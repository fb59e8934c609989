/**
 * The kinds of alert rule, their parameters, and the events they raise — pure: the facts come in
 * already filtered by the rule (alerts.repository.ts does that in SQL, so a check over a million
 * open invoices reads only those that match), the events go out with the key that makes each one
 * happen once.
 *
 * | kind | parameters | an event per | raised when |
 * | --- | --- | --- | --- |
 * | `invoice_overdue` | `currency`, `minAmount` (open amount, major units), `minDaysLate` | invoice | its open amount in that currency is at least `minAmount` and it is at least `minDaysLate` days past its due date |
 * | `promise_broken` | — | promise | a promise to pay was marked broken on or after the day the rule was created |
 * | `unapplied_cash` | `minDaysOld` | receipt | cash received at least `minDaysOld` days ago is still (partly) unapplied |
 * | `predicted_lateness_jump` | `minIncreaseDays` | customer and day | the customer's mean predicted days late over its open invoices rose at least `minIncreaseDays` above its baseline (lateness-jumps.ts) |
 */
import { z } from 'zod';
import { moneyText } from '../../shared/money-text.ts';
import { roleSchema } from '../apikeys/index.ts';
import { currencyCode } from '../customers/index.ts';

export const ALERT_KINDS = [
  'invoice_overdue',
  'promise_broken',
  'unapplied_cash',
  'predicted_lateness_jump',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** What an event may be: a rule's kind, or a KPI goal missed (goal-notice.ts). */
export type AlertEventKind = AlertKind | 'goal_missed';

const minAmount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal of 0 or more like 10000.00')
  .describe('open amount at least this, in major units of `currency`');
const days = (what: string) => z.number().int().min(0).max(3650).describe(what);

export const alertParamsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('invoice_overdue'),
    currency: currencyCode,
    minAmount,
    minDaysLate: days('days past the due date, at least'),
  }),
  z.object({ kind: z.literal('promise_broken') }),
  z.object({
    kind: z.literal('unapplied_cash'),
    minDaysOld: days('days since the cash was received, at least'),
  }),
  z.object({
    kind: z.literal('predicted_lateness_jump'),
    minIncreaseDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .describe('rise of the mean predicted days late over the open invoices, at least, above the baseline'),
  }),
]);
export type AlertParams = z.infer<typeof alertParamsSchema>;

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  notifyCollector: z
    .boolean()
    .describe('tell the customer’s collector (e-mail, and in-product if a user has that address)'),
  notifyRoles: z.array(roleSchema).max(5).default([]).describe('tell every active user of these roles'),
};

export const alertRuleInput = z
  .object({ ...ruleFields, params: alertParamsSchema })
  .refine((r) => r.notifyCollector || r.notifyRoles.length > 0, {
    message: 'a rule must tell someone: set notifyCollector or name at least one role',
    path: ['notifyRoles'],
  });
export type AlertRuleInput = z.input<typeof alertRuleInput>;

export interface AlertRule {
  readonly ruleId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly params: AlertParams;
  readonly notifyCollector: boolean;
  readonly notifyRoles: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an event is about. */
export interface AlertSubject {
  readonly type: 'invoice' | 'promise' | 'receipt' | 'goal' | 'customer';
  readonly id: string;
  readonly label: string;
}

/** One fact a rule matched, with the customer and its collector (null: none assigned). */
export interface AlertFact {
  readonly subject: AlertSubject;
  readonly customerName: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** Days late, days old, or the day the promise broke — what the title says. */
  readonly days: number;
  readonly collectorEmail: string | null;
  /** What tells this event from an earlier one of the same subject (a jump: the day); none: once ever. */
  readonly occurrence?: string;
}

export interface AlertEvent {
  readonly eventKey: string;
  /** The rule's id, or the goal's for `goal_missed`. */
  readonly ruleId: string;
  readonly kind: AlertEventKind;
  readonly title: string;
  readonly subject: AlertSubject;
  readonly collectorEmail: string | null;
}

function titleOf(kind: AlertKind, f: AlertFact): string {
  const amount = moneyText(f.amountMinor, f.currency);
  const who = f.customerName ?? 'no customer';
  if (kind === 'invoice_overdue')
    return `Invoice ${f.subject.label} of ${who}: ${amount} open, ${f.days} days late`;
  if (kind === 'promise_broken')
    return `Promise to pay ${amount} of ${who} broken (promised for ${f.subject.label})`;
  if (kind === 'predicted_lateness_jump')
    return `Predicted lateness of ${who} jumped: ${f.subject.label} on ${amount} open`;
  return `Cash of ${amount} from ${who} unapplied for ${f.days} days (${f.subject.label})`;
}

/** The events of `rule` over the facts it matched; each keyed by rule and subject (once, ever) and its occurrence, if any. */
export function alertEvents(rule: AlertRule, facts: readonly AlertFact[]): AlertEvent[] {
  const kind = rule.params.kind;
  return facts.map((f) => ({
    eventKey: `${kind}:${rule.ruleId}:${f.subject.id}${f.occurrence ? `:${f.occurrence}` : ''}`,
    ruleId: rule.ruleId,
    kind,
    title: titleOf(kind, f),
    subject: f.subject,
    collectorEmail: rule.notifyCollector ? f.collectorEmail : null,
  }));
}

/** A user who may be told. */
export interface AlertUser {
  readonly userId: string;
  readonly email: string;
  readonly role: string;
}

/** Who is told of `event`: the collector by e-mail (and in-product, if a user has that address) and every user of the roles. */
export function recipientsOf(
  rule: Pick<AlertRule, 'notifyRoles'>,
  event: AlertEvent,
  users: readonly AlertUser[],
): { emails: string[]; userIds: string[] } {
  const chosen = users.filter((u) => rule.notifyRoles.includes(u.role));
  const collector = event.collectorEmail?.toLowerCase();
  const collectorUser = collector ? users.find((u) => u.email.toLowerCase() === collector) : undefined;
  if (collectorUser) chosen.push(collectorUser);
  const emails = new Map(chosen.map((u) => [u.email.toLowerCase(), u.email]));
  if (event.collectorEmail && collector && !emails.has(collector))
    emails.set(collector, event.collectorEmail);
  return { emails: [...emails.values()].sort(), userIds: [...new Set(chosen.map((u) => u.userId))].sort() };
}
