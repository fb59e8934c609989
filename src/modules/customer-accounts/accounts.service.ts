/**
 * The customer list: what an AR list shows of each customer — open and overdue totals per
 * currency, credit limit, hold, dunning level, collector — searched, filtered, sorted and paged in
 * SQL (accounts.queries.ts). Amounts stay bigint minor units; nothing here converts currencies:
 * the balance sorts use the customer's own currency (documented on the API).
 */
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { CustomerListQuery } from './accounts.input.ts';
import { type AccountRow, accountRows } from './accounts.queries.ts';

export interface CustomerAccount {
  customerId: string;
  externalId: string;
  name: string;
  legalName: string | null;
  status: string;
  currency: string;
  categoryId: string | null;
  subcategoryId: string | null;
  creditLimitMinor: bigint | null;
  balances: { currency: string; openMinor: bigint; overdueMinor: bigint }[];
  oldestOverdueDays: number | null;
  dunningLevel: number | null;
  hold: { kinds: string[]; since: CalendarDate } | null;
  collector: { collectorId: string; name: string } | null;
}

export interface CustomerAccountPage {
  accounts: CustomerAccount[];
  /** Opaque position after the last account (sort key and id), or null on the last page. */
  nextCursor: string | null;
}

function toAccount(r: AccountRow): CustomerAccount {
  return {
    customerId: r.customer_id,
    externalId: r.external_id,
    name: r.name,
    legalName: r.legal_name,
    status: r.status,
    currency: r.currency,
    categoryId: r.category_id,
    subcategoryId: r.subcategory_id,
    creditLimitMinor: r.credit_limit_minor === null ? null : BigInt(r.credit_limit_minor),
    balances: (r.balances ?? []).map((b) => ({
      currency: b.currency,
      openMinor: BigInt(b.open),
      overdueMinor: BigInt(b.overdue),
    })),
    oldestOverdueDays: r.oldest_days === null ? null : Number(r.oldest_days),
    dunningLevel: r.dunning_level === null ? null : Number(r.dunning_level),
    hold: r.hold_kinds && r.hold_since ? { kinds: r.hold_kinds, since: r.hold_since as CalendarDate } : null,
    collector:
      r.collector_id && r.collector_name ? { collectorId: r.collector_id, name: r.collector_name } : null,
  };
}

/** The position a cursor names: `[sortKey, customerId]` as JSON; anything else is a 422 on `cursor`. */
function parsePosition(position: string): { value: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(position);
    if (
      Array.isArray(parsed) &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      isUuid(parsed[1])
    )
      return { value: parsed[0], id: parsed[1] };
  } catch {
    // not JSON: refused below
  }
  throw validationFailed('invalid cursor', [
    { field: 'cursor', message: 'not a cursor returned by this list' },
  ]);
}

/**
 * One page of customers with their balances on `asOf` (overdue: due before `asOf`). `after` is the
 * previous page's `nextCursor`; it is only valid with the same sort and order.
 */
export async function listCustomerAccounts(
  q: Queryable,
  tenantId: string,
  query: CustomerListQuery & { asOf: CalendarDate; limit: number; after?: string },
): Promise<CustomerAccountPage> {
  const { after, ...rest } = query;
  const rows = await accountRows(q, tenantId, {
    ...rest,
    limit: query.limit + 1,
    ...(after !== undefined ? { after: parsePosition(after) } : {}),
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    accounts: page.map(toAccount),
    nextCursor: rows.length > query.limit && last ? JSON.stringify([last.sort_key, last.customer_id]) : null,
  };
}

/** One customer's row of the list (balances, hold, dunning level, collector) on `asOf`; null when unknown. */
export async function getCustomerAccount(
  q: Queryable,
  tenantId: string,
  customerId: string,
  asOf: CalendarDate,
): Promise<CustomerAccount | null> {
  const [row] = await accountRows(q, tenantId, {
    customerId,
    asOf,
    limit: 1,
    sort: 'externalId',
    order: 'asc',
  });
  return row ? toAccount(row) : null;
}
