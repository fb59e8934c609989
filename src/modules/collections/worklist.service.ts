/**
 * The collector worklist: customers with something collectible overdue, ordered by the expected
 * value of contacting them today (worklist-score.ts), with the reasons in words. SQL aggregates
 * per customer; the score is computed here for every candidate, sorted, and cut into pages (the
 * cursor is the score and id of the last row, so pages neither repeat nor skip while nothing
 * changes in between).
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { customersOnHold } from '../credit/index.ts';
import { customerRefs } from '../customers/index.ts';
import { type CustomerLateness, customerLateness } from '../predictions/index.ts';
import { paymentFactSources } from './collections.reads.ts';
import { collectorsByCustomer, getCollectorOrThrow } from './collectors.service.ts';
import { customerRiskScores } from './risk.service.ts';
import type { RiskScore } from './risk-score.ts';
import { type CollectorScope, historyRows, overdueRows, promiseFactsRows } from './worklist.queries.ts';
import {
  BROKEN_PROMISE_DAYS,
  NO_HISTORY,
  scoreCustomer,
  type WorklistFacts,
  type WorklistScore,
} from './worklist-score.ts';

export interface WorklistQuery {
  asOf: CalendarDate;
  /** A collector id, `unassigned`, or nothing for all customers. */
  collector?: string;
  cursor?: string;
  limit: number;
}

export interface WorklistItem extends WorklistScore {
  customerId: string;
  externalId: string;
  name: string;
  collector: { collectorId: string; name: string } | null;
  facts: WorklistFacts;
  /**
   * The payment-date prediction of the customer's open invoices as of the day (their mean days
   * late and late probability); shown beside the score, not part of it. Null: nothing open.
   */
  predicted: CustomerLateness | null;
  /**
   * The customer's risk score with its reasons as of the day (risk-score.ts); shown beside the
   * score, not part of it and not an order (scoring every candidate would read the whole history).
   */
  risk: RiskScore;
}

/** One page of the worklist, best first. */
export async function getWorklist(q: Queryable, tenantId: string, query: WorklistQuery) {
  const scope = await scopeOf(q, tenantId, query.collector);
  const scored = await scoreAll(q, tenantId, query.asOf, scope);
  const after = query.cursor ? parseCursor(query.cursor) : null;
  const rest = after ? scored.filter((s) => isAfter(s, after)) : scored;
  const page = rest.slice(0, query.limit);
  const ids = page.map((p) => p.customerId);
  const refs = await customerRefs(q, tenantId, ids);
  const collectors = await collectorsByCustomer(q, tenantId, ids);
  const lateness = await customerLateness(q, tenantId, ids, query.asOf, paymentFactSources);
  const risks = await customerRiskScores(q, tenantId, ids, query.asOf);
  const last = page.at(-1);
  return {
    asOf: query.asOf,
    total: scored.length,
    /** Rank of the first item of this page (1 on the first page). */
    firstRank: scored.length - rest.length + 1,
    items: page.map((p): WorklistItem => {
      const ref = refs.get(p.customerId);
      return {
        ...p,
        externalId: ref?.externalId ?? '',
        name: ref?.name ?? '',
        collector: collectors.get(p.customerId) ?? null,
        predicted: lateness.get(p.customerId) ?? null,
        risk: risks.get(p.customerId) ?? NO_RISK,
      };
    }),
    nextCursor: rest.length > query.limit && last ? `${last.score}|${last.customerId}` : null,
  };
}

async function scopeOf(
  q: Queryable,
  tenantId: string,
  collector: string | undefined,
): Promise<CollectorScope> {
  if (collector === undefined) return null;
  if (collector === 'unassigned') return { unassigned: true };
  await getCollectorOrThrow(q, tenantId, collector);
  return { collectorId: collector };
}

const NO_RISK: RiskScore = { score: 0, band: 'low', reasons: [] };

type Scored = WorklistScore & { customerId: string; facts: WorklistFacts };

/** Every candidate scored, best first (ties by customer id). */
async function scoreAll(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  scope: CollectorScope,
): Promise<Scored[]> {
  const overdue = await overdueRows(q, tenantId, asOf, scope);
  const byCustomer = new Map<string, typeof overdue>();
  for (const r of overdue) byCustomer.set(r.customer_id, [...(byCustomer.get(r.customer_id) ?? []), r]);
  // The whole tenant is read at once when every customer is in scope (naming thousands costs more).
  const ids = scope === null ? null : [...byCustomer.keys()];
  const history = new Map((await historyRows(q, tenantId, asOf, ids)).map((h) => [h.customer_id, h]));
  const promises = new Map((await promiseFactsRows(q, tenantId, asOf, ids)).map((p) => [p.customer_id, p]));
  const onHold = await customersOnHold(q, tenantId);
  const brokenSince = addDays(asOf, -BROKEN_PROMISE_DAYS);
  const scored: Scored[] = [];
  for (const [customerId, rows] of byCustomer) {
    const h = history.get(customerId);
    const p = promises.get(customerId);
    const broken = p?.latest_status === 'broken' && (p.latest_settled_on ?? '') >= brokenSince;
    const facts: WorklistFacts = {
      overdue: rows.map((r) => ({
        currency: r.currency,
        collectibleMinor: r.collectible_minor,
        weighted: Number(r.weighted),
        dayWeighted: Number(r.day_weighted),
        oldestDays: r.oldest_days === null ? null : Number(r.oldest_days),
        disputedCount: Number(r.disputed_count),
        promisedMinor: r.promised_minor,
      })),
      history: h ? { settled: h.settled, late: h.late, sumDaysAfterDue: h.sum_days } : NO_HISTORY,
      brokenPromiseOn: broken && p ? p.latest_promised_on : null,
      openPromiseOn: p?.open_promised_on ?? null,
      onHold: onHold.has(customerId),
    };
    const score = scoreCustomer(facts);
    if (score.score > 0) scored.push({ ...score, customerId, facts });
  }
  return scored.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
}

function parseCursor(cursor: string): { score: number; customerId: string } {
  const [score, id] = cursor.split('|');
  const value = Number(score);
  if (!id || !isUuid(id) || !Number.isFinite(value))
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return { score: value, customerId: id };
}

function isAfter(s: Scored, after: { score: number; customerId: string }): boolean {
  return s.score < after.score || (s.score === after.score && s.customerId > after.customerId);
}
