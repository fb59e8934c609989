/**
 * Alert rules and their check: each enabled rule's new events as of a business day — and each KPI
 * goal missed in its just-closed period (goal-notice.ts) — recorded once
 * (`alert_events`), a notification in the inbox of each user concerned, and one e-mail per
 * recipient listing that check's events — all in one transaction, so a check that fails leaves no
 * half-told event and a check run twice tells nobody twice.
 */
import { createHash } from 'node:crypto';
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { tryParseAmount } from '../../shared/money.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { getMessagingSettings, queueSystemMessage } from '../messaging/index.ts';
import { type GoalDue, goalPeriodResult, goalsDueOn, listGoals } from '../reports/index.ts';
import { listUsers } from '../users/index.ts';
import { alertDigest } from './alert-digest.ts';
import {
  type AlertEvent,
  type AlertRule,
  type AlertUser,
  alertEvents,
  alertParamsSchema,
  alertRuleInput,
  recipientsOf,
} from './alert-rules.ts';
import * as repo from './alerts.repository.ts';
import { goalMissedEvent } from './goal-notice.ts';
import { type LatenessOfCheck, latenessJumpFacts, latenessOfCheck } from './lateness-check.ts';

export interface AlertsDeps {
  readonly db: Db;
  readonly clock: Clock;
}

function ruleOf(row: repo.RuleRow): AlertRule {
  return {
    ruleId: row.ruleId,
    name: row.name,
    enabled: row.enabled,
    params: alertParamsSchema.parse(row.params),
    notifyCollector: row.notifyCollector,
    notifyRoles: row.notifyRoles,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listAlertRules(q: Queryable, tenantId: string): Promise<AlertRule[]> {
  return (await repo.selectRules(q, tenantId)).map(ruleOf);
}

async function ruleOrThrow(q: Queryable, tenantId: string, ruleId: string): Promise<repo.RuleRow> {
  const row = isUuid(ruleId) ? await repo.findRule(q, tenantId, ruleId) : null;
  if (!row) throw notFound('alert rule', ruleId);
  return row;
}

/** The rule input, checked; an amount with more decimals than its currency is refused here, not at the check. */
function checkedInput(raw: unknown) {
  const input = alertRuleInput.parse(raw);
  const p = input.params;
  if (p.kind === 'invoice_overdue' && tryParseAmount(p.minAmount, p.currency) === null)
    throw validationFailed('the amount does not fit the currency', [
      { field: 'params.minAmount', message: `"${p.minAmount}" has more decimals than ${p.currency} allows` },
    ]);
  return input;
}

function auditView(r: Pick<AlertRule, 'name' | 'enabled' | 'params' | 'notifyCollector' | 'notifyRoles'>) {
  return {
    name: r.name,
    enabled: r.enabled,
    params: r.params,
    notifyCollector: r.notifyCollector,
    notifyRoles: r.notifyRoles,
  };
}

export async function createAlertRule(deps: AlertsDeps, tenantId: string, raw: unknown): Promise<AlertRule> {
  const input = checkedInput(raw);
  const now = deps.clock.now();
  const ruleId = newId();
  await withTransaction(deps.db, async (tx) => {
    await repo.insertRule(tx, {
      tenantId,
      ruleId,
      kind: input.params.kind,
      ...input,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, tenantId, {
      kind: 'alert_rule.created',
      objectType: 'alert_rule',
      objectId: ruleId,
      changes: changedFields({}, auditView(input)),
    });
  });
  return ruleOf(await ruleOrThrow(deps.db, tenantId, ruleId));
}

/** Replace a rule's settings (the whole rule); recorded with before and after. */
export async function replaceAlertRule(deps: AlertsDeps, tenantId: string, ruleId: string, raw: unknown) {
  const input = checkedInput(raw);
  await withTransaction(deps.db, async (tx) => {
    const before = ruleOf(await ruleOrThrow(tx, tenantId, ruleId));
    await repo.updateRuleRow(tx, tenantId, ruleId, {
      kind: input.params.kind,
      ...input,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, tenantId, {
      kind: 'alert_rule.updated',
      objectType: 'alert_rule',
      objectId: ruleId,
      changes: changedFields(auditView(before), auditView(input)),
    });
  });
  return ruleOf(await ruleOrThrow(deps.db, tenantId, ruleId));
}

/** Delete a rule; the events it raised and the notifications it left stay. */
export async function deleteAlertRule(deps: AlertsDeps, tenantId: string, ruleId: string): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const before = ruleOf(await ruleOrThrow(tx, tenantId, ruleId));
    await repo.deleteRuleRow(tx, tenantId, ruleId);
    await recordAudit(tx, tenantId, {
      kind: 'alert_rule.deleted',
      objectType: 'alert_rule',
      objectId: ruleId,
      changes: changedFields(auditView(before), {}),
    });
  });
}

export interface AlertCheckSummary {
  readonly asOf: CalendarDate;
  readonly rules: number;
  /** KPI goals whose just-closed period was due for judging. */
  readonly goals: number;
  readonly events: number;
  readonly notifications: number;
  readonly emails: number;
}

async function alertUsers(q: Queryable, tenantId: string): Promise<AlertUser[]> {
  return (await listUsers(q, tenantId))
    .filter((u) => !u.disabled)
    .map((u) => ({ userId: u.userId, email: u.email, role: u.role }));
}

interface Told {
  events: number;
  notifications: number;
  byEmail: Map<string, AlertEvent[]>;
}

type Recipients = { emails: string[]; userIds: string[] };

/** Record events (each once, ever) and leave a notification for each user of the new ones; collects the e-mails. */
async function tellNew(
  tx: Tx,
  deps: AlertsDeps,
  tenantId: string,
  asOf: CalendarDate,
  withRecipients: readonly { event: AlertEvent; to: Recipients }[],
  told: Told,
) {
  const now = deps.clock.now();
  const fresh = await repo.insertEvents(
    tx,
    withRecipients.map(({ event, to }) => ({
      tenantId,
      eventKey: event.eventKey,
      ruleId: event.ruleId,
      kind: event.kind,
      foundOn: asOf,
      recipients: to,
      createdAt: now,
    })),
  );
  const rows = withRecipients
    .filter(({ event }) => fresh.has(event.eventKey))
    .flatMap(({ event, to }) => {
      for (const email of to.emails) {
        const list = told.byEmail.get(email);
        if (list) list.push(event);
        else told.byEmail.set(email, [event]);
      }
      return to.userIds.map((userId) => ({
        tenantId,
        notificationId: newId(),
        userId,
        eventKey: event.eventKey,
        kind: event.kind,
        title: event.title,
        subject: { ...event.subject },
        createdAt: now,
      }));
    });
  told.events += fresh.size;
  told.notifications += await repo.insertNotifications(tx, rows);
}

/** One rule's new events as of `asOf`. */
async function ruleEvents(
  tx: Tx,
  tenantId: string,
  rule: AlertRule,
  check: { asOf: CalendarDate; users: readonly AlertUser[]; lateness: LatenessOfCheck },
) {
  const { asOf, users } = check;
  const facts =
    rule.params.kind === 'predicted_lateness_jump'
      ? await latenessJumpFacts(tx, tenantId, rule, asOf, check.lateness)
      : await repo.factsOf(tx, tenantId, rule, asOf);
  const events = alertEvents(rule, facts);
  return events.map((event) => ({ event, to: recipientsOf(rule, event, users) }));
}

/**
 * The KPI goals missed in their just-closed period (reports' `goalsDueOn`), not told before: the
 * KPIs are computed only for the goals whose notice for that period is not recorded yet.
 */
async function goalEvents(tx: Tx, tenantId: string, asOf: CalendarDate, users: readonly AlertUser[]) {
  const due = goalsDueOn(await listGoals(tx, tenantId), asOf);
  const keyOf = (d: GoalDue) => `goal_missed:${d.goal.goalId}:${d.period}`;
  const recorded = await repo.recordedEventKeys(tx, tenantId, due.map(keyOf));
  const out: { event: AlertEvent; to: Recipients }[] = [];
  for (const d of due.filter((x) => !recorded.has(keyOf(x)))) {
    const result = await goalPeriodResult(tx, tenantId, d, asOf);
    const event = result && goalMissedEvent(d.goal, result);
    if (event) out.push({ event, to: recipientsOf(d.goal, event, users) });
  }
  return { goals: due.length, events: out };
}

/** One e-mail per recipient of this check; its dedupe key names the events it lists. */
async function sendDigests(tx: Tx, deps: AlertsDeps, tenantId: string, byEmail: Map<string, AlertEvent[]>) {
  if (byEmail.size === 0) return 0;
  const { defaultLanguage } = await getMessagingSettings(tx, tenantId);
  for (const [email, events] of byEmail) {
    const keys = events.map((e) => e.eventKey).sort();
    const digest = createHash('sha256')
      .update(`${email}\n${keys.join('\n')}`)
      .digest('hex')
      .slice(0, 32);
    const message = alertDigest(events, defaultLanguage);
    await queueSystemMessage(
      tx,
      tenantId,
      { kind: 'receivables_alert', dedupeKey: `receivables_alert:${digest}`, to: [email], ...message },
      deps.clock,
    );
  }
  return byEmail.size;
}

/** Check every enabled rule, and every KPI goal's just-closed period, as of `asOf`: each new event recorded and told once. */
export async function runAlertCheck(
  deps: AlertsDeps,
  tenantId: string,
  asOf: CalendarDate,
): Promise<AlertCheckSummary> {
  return withTransaction(deps.db, async (tx) => {
    const rules = (await listAlertRules(tx, tenantId)).filter((r) => r.enabled);
    const users = await alertUsers(tx, tenantId);
    const told: Told = { events: 0, notifications: 0, byEmail: new Map() };
    const check = { asOf, users, lateness: latenessOfCheck(tx, tenantId, asOf) };
    for (const rule of rules)
      await tellNew(tx, deps, tenantId, asOf, await ruleEvents(tx, tenantId, rule, check), told);
    const goals = await goalEvents(tx, tenantId, asOf, users);
    await tellNew(tx, deps, tenantId, asOf, goals.events, told);
    const emails = await sendDigests(tx, deps, tenantId, told.byEmail);
    const { events, notifications } = told;
    return { asOf, rules: rules.length, goals: goals.goals, events, notifications, emails };
  });
}
