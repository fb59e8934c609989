/**
 * GET /v1/reports/overview composed from the modules' own functions: the reports module's figures
 * of one currency and each module's count of today's work (so each count is the one its list shows).
 */
import { countReviewQueue } from '../../modules/cash-application/index.ts';
import { countPromisesToWork } from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { countCustomersOnHold } from '../../modules/credit/index.ts';
import { countOpenDisputes } from '../../modules/disputes/index.ts';
import { getPrintQueue } from '../../modules/dunning/index.ts';
import { countFailedMessages } from '../../modules/messaging/index.ts';
import { type DsoPoint, type ReceivablesOverview, receivablesOverview } from '../../modules/reports/index.ts';
import { getTenantOrThrow } from '../../modules/tenants/index.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';

/** Today's work counts of a tenant (one query each, one after the other on one connection). */
export async function todaysWork(deps: CoreDeps, tenantId: string, today: CalendarDate) {
  const promises = await countPromisesToWork(deps.db, tenantId, today);
  return {
    bankLinesToReview: await countReviewQueue(deps.db, tenantId),
    promisesDue: promises.due,
    promisesBroken: promises.broken,
    disputesOpen: await countOpenDisputes(deps.db, tenantId),
    lettersToPrint: (await getPrintQueue(deps.db, tenantId, { limit: 0 })).total,
    failedMessages: await countFailedMessages(deps.db, tenantId),
    customersOnHold: await countCustomersOnHold(deps.db, tenantId),
  };
}

function dsoJson(p: DsoPoint, currency: string) {
  return {
    on: p.on,
    ar: formatAmount(p.arMinor, currency),
    sales: formatAmount(p.salesMinor, currency),
    dso: p.dso,
  };
}

/** The overview as JSON: amounts as decimal strings of its currency. */
export function overviewJson(o: ReceivablesOverview) {
  const c = o.currency;
  return {
    asOf: o.asOf,
    currency: c,
    total: formatAmount(o.totalMinor, c),
    overdue: formatAmount(o.overdueMinor, c),
    percentCurrent: o.percentCurrent,
    unapplied: formatAmount(o.unappliedMinor, c),
    buckets: {
      current: formatAmount(o.buckets.current, c),
      '1-30': formatAmount(o.buckets['1-30'], c),
      '31-60': formatAmount(o.buckets['31-60'], c),
      '61-90': formatAmount(o.buckets['61-90'], c),
      '91+': formatAmount(o.buckets['91+'], c),
    },
    dso: dsoJson(o.dso, c),
    dsoTrend: o.dsoTrend.map((p) => dsoJson(p, c)),
    topOverdue: o.topOverdue.map((t) => ({
      customerId: t.customerId,
      externalId: t.externalId,
      name: t.name,
      overdue: formatAmount(t.overdueMinor, c),
      oldestDaysOverdue: t.oldestDaysOverdue,
    })),
  };
}

/** The overview of `currency` (default: the tenant's base currency if it has receivables, else the one most customers owe in). */
export async function overviewReport(
  deps: CoreDeps,
  tenantId: string,
  q: { asOf: CalendarDate; today: CalendarDate; currency?: string | undefined },
) {
  const tenant = await getTenantOrThrow(deps.db, tenantId);
  const { overview, currencies } = await receivablesOverview(deps.db, tenantId, {
    ...q,
    baseCurrency: tenant.baseCurrency,
  });
  return { ...overviewJson(overview), currencies, work: await todaysWork(deps, tenantId, q.today) };
}
