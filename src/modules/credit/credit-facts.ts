/**
 * Each customer's credit position as of a date: exposure in its currency (see exposure.ts), its
 * limit, and how late its oldest undisputed open invoice is. Built from the credit read model.
 */
import type { Queryable } from '../../db/client.ts';
import { type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import { groupBy } from '../../shared/group-by.ts';
import { creditFactsRows, uninvoicedOrdersMinor } from './credit.queries.ts';
import { type Exposure, type ExposurePart, exposureIn } from './exposure.ts';
import type { CreditFacts } from './hold-rules.ts';

export interface CustomerCredit {
  customerId: string;
  currency: string;
  limitMinor: bigint | null;
  parts: ExposurePart[];
  exposure: Exposure;
  oldestOverdueDays: number | null;
}

/** Credit positions of the customers given (`null`: every customer with open items or cash). */
export async function creditPositions(
  q: Queryable,
  tenantId: string,
  baseCurrency: string,
  customerIds: readonly string[] | null,
  asOf: CalendarDate,
): Promise<Map<string, CustomerCredit>> {
  const rows = await creditFactsRows(q, tenantId, customerIds);
  const orders = await uninvoicedOrdersMinor(q, tenantId, customerIds);
  const out = new Map<string, CustomerCredit>();
  for (const [customerId, list] of groupBy(rows, (r) => r.customer_id)) {
    const first = list[0];
    if (!first) continue;
    const parts = list.map((r) => ({
      currency: r.currency,
      openMinor: r.open_minor,
      unappliedMinor: r.unapplied_minor,
      openWeighted: r.open_weighted,
      unappliedWeighted: r.unapplied_weighted,
      latestRate: r.latest_rate,
    }));
    const oldest = list
      .map((r) => r.oldest_due)
      .filter((d): d is string => d !== null && d < asOf)
      .sort()[0];
    out.set(customerId, {
      customerId,
      currency: first.customer_currency,
      limitMinor: first.credit_limit_minor,
      parts,
      exposure: exposureIn(first.customer_currency, baseCurrency, parts, orders.get(customerId) ?? 0n),
      oldestOverdueDays: oldest ? daysBetween(oldest, asOf) : null,
    });
  }
  return out;
}

/** A customer without open items, cash or orders. */
export function emptyPosition(
  customerId: string,
  currency: string,
  limitMinor: bigint | null,
): CustomerCredit {
  return {
    customerId,
    currency,
    limitMinor,
    parts: [],
    exposure: exposureIn(currency, currency, []),
    oldestOverdueDays: null,
  };
}

export function factsOf(c: CustomerCredit): CreditFacts {
  return {
    limitMinor: c.limitMinor,
    exposureMinor: c.exposure.totalMinor,
    oldestOverdueDays: c.oldestOverdueDays,
  };
}
