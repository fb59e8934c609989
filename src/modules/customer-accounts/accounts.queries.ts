/**
 * The customer list read model, one query: the customers that pass the filters (the customers'
 * directory relation, searched by its folded `search_text`), their open items (the invoices' open
 * relation, which keeps the partial index of open invoices) aggregated per currency, their dunning
 * level (the dunning levels relation), active holds (credit) and collector (collections), sorted
 * and cut in SQL by keyset on (sort key, customer id).
 *
 * When the sort is a customer column (name, external id) and no filter needs the open items, the
 * keyset and the limit apply to the customers first, so only one page of customers is aggregated.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { containsPattern, foldedText } from '../../db/fold.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { customerCollectorsRelation } from '../collections/index.ts';
import { activeHoldsRelation } from '../credit/index.ts';
import { customerDirectoryRelation } from '../customers/index.ts';
import { invoiceDunningLevelsRelation } from '../dunning/index.ts';
import { openInvoicesRelation } from '../invoices/index.ts';
import type { CustomerListQuery, CustomerSort } from './accounts.input.ts';

export interface AccountRow {
  customer_id: string;
  external_id: string;
  name: string;
  legal_name: string | null;
  currency: string;
  credit_limit_minor: string | null;
  category_id: string | null;
  subcategory_id: string | null;
  status: string;
  balances: { currency: string; open: string; overdue: string }[] | null;
  oldest_days: number | null;
  dunning_level: number | null;
  hold_kinds: string[] | null;
  hold_since: string | null;
  collector_id: string | null;
  collector_name: string | null;
  sort_key: string;
}

export interface AccountPageQuery extends CustomerListQuery {
  asOf: CalendarDate;
  /** Only this customer (its summary). */
  customerId?: string;
  limit: number;
  after?: { value: string; id: string };
}

const CUSTOMER_KEYS: Partial<Record<CustomerSort, SQL>> = {
  name: sql`lower(c.name)`,
  externalId: sql`c.external_id`,
};

/** The sort key of a row in `rows` (numbers compare as numbers; no key is null). */
const ROW_KEYS: Record<CustomerSort, { key: SQL; type: SQL }> = {
  name: { key: sql`r.name_key`, type: sql`text` },
  externalId: { key: sql`r.external_id`, type: sql`text` },
  openBalance: { key: sql`r.own_open`, type: sql`numeric` },
  overdueBalance: { key: sql`r.own_overdue`, type: sql`numeric` },
  oldestOverdueDays: { key: sql`coalesce(r.oldest_days, -1)`, type: sql`int` },
};

function customerFilters(tenantId: string, f: AccountPageQuery): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.customerId) parts.push(sql`c.customer_id = ${f.customerId}::uuid`);
  if (f.status) parts.push(sql`c.status = ${f.status}`);
  if (f.currency) parts.push(sql`c.currency = ${f.currency}`);
  if (f.category) parts.push(sql`(c.category_id = ${f.category} or c.subcategory_id = ${f.category})`);
  if (f.search) parts.push(sql`c.search_text like ${foldedText(sql`${containsPattern(f.search)}::text`)}`);
  if (f.onHold !== undefined)
    parts.push(
      sql`${f.onHold ? sql`` : sql`not`} exists (select 1 from ${activeHoldsRelation(tenantId)} h where h.customer_id = c.customer_id)`,
    );
  if (f.collector === 'none')
    parts.push(
      sql`not exists (select 1 from ${customerCollectorsRelation(tenantId)} a where a.customer_id = c.customer_id)`,
    );
  else if (f.collector)
    parts.push(
      sql`exists (select 1 from ${customerCollectorsRelation(tenantId)} a where a.customer_id = c.customer_id and a.collector_id = ${f.collector})`,
    );
  return sql.join(parts, sql` and `);
}

function keyset(key: SQL, type: SQL, f: AccountPageQuery, id: SQL): SQL {
  if (!f.after) return sql`true`;
  const op = f.order === 'desc' ? sql`<` : sql`>`;
  return sql`(${key}, ${id}) ${op} (${f.after.value}::${type}, ${f.after.id}::uuid)`;
}

function direction(f: AccountPageQuery): SQL {
  return f.order === 'desc' ? sql`desc` : sql`asc`;
}

/** Whether the customers CTE is cut to one page (the sort is a customer column, no filter on items). */
function cutEarly(f: AccountPageQuery): boolean {
  return CUSTOMER_KEYS[f.sort] !== undefined && f.hasOverdue === undefined;
}

/** The customers CTE: filtered, and cut to one page when the sort allows it (see the module comment). */
function customersCte(tenantId: string, f: AccountPageQuery): SQL {
  const early = CUSTOMER_KEYS[f.sort];
  const cut =
    early && cutEarly(f)
      ? sql`and ${keyset(early, ROW_KEYS[f.sort].type, f, sql`c.customer_id`)}
            order by ${early} ${direction(f)}, c.customer_id ${direction(f)} limit ${f.limit}`
      : sql``;
  // Sorting by name ignores case (the database's collation orders accents).
  const nameKey = f.sort === 'name' ? sql`lower(c.name)` : sql`null::text`;
  return sql`select c.customer_id, c.external_id, c.name, c.legal_name, c.currency, c.credit_limit_minor,
               c.category_id, c.subcategory_id, c.status, ${nameKey} as name_key
             from ${customerDirectoryRelation(tenantId)} c
             where ${customerFilters(tenantId, f)} ${cut}`;
}

/** One page (at most `f.limit` rows) of the customer list; see the module comment. */
export function accountRows(q: Queryable, tenantId: string, f: AccountPageQuery): Promise<AccountRow[]> {
  return queryRows<AccountRow>(q, accountRowsQuery(tenantId, f));
}

/**
 * The sort keys of every customer that passes the filters (open and overdue in its own currency,
 * oldest overdue days, dunning level), cut to the page; only the page's rows get their balances,
 * hold and collector (`accountRowsQuery`). Open items are read for the page's customers when the
 * customers were cut first, else all at once (one scan of the open invoices' partial index).
 */
function pageCtes(tenantId: string, f: AccountPageQuery): SQL {
  const { key, type } = ROW_KEYS[f.sort];
  const only = cutEarly(f) ? sql`where i.customer_id in (select customer_id from c)` : sql``;
  const overdue =
    f.hasOverdue === undefined
      ? sql`true`
      : sql`coalesce(r.oldest_days, -1) ${f.hasOverdue ? sql`>=` : sql`<`} 0`;
  return sql`c as (${customersCte(tenantId, f)}),
        items as (
          select i.customer_id, i.currency, i.open_minor, i.due_date, l.level_no
          from ${openInvoicesRelation(tenantId)} i
          left join ${invoiceDunningLevelsRelation(tenantId)} l on l.invoice_id = i.invoice_id
          ${only}
        ), per_currency as (
          select customer_id, currency, sum(open_minor) as open_minor,
            coalesce(sum(open_minor) filter (where due_date < ${f.asOf}::date), 0) as overdue_minor
          from items group by customer_id, currency
        ), per_customer as (
          select customer_id, max(${f.asOf}::date - due_date) filter (where due_date < ${f.asOf}::date) as oldest_days,
            max(level_no) as dunning_level
          from items group by customer_id
        ), page as (
          select r.*, (${key})::text as sort_key from (
            select c.*, pc.oldest_days, pc.dunning_level,
              coalesce(own.open_minor, 0) as own_open, coalesce(own.overdue_minor, 0) as own_overdue
            from c
            left join per_customer pc on pc.customer_id = c.customer_id
            left join per_currency own on own.customer_id = c.customer_id and own.currency = c.currency
          ) r
          where ${overdue} and ${keyset(key, type, f, sql`r.customer_id`)}
          order by ${key} ${direction(f)}, r.customer_id ${direction(f)}
          limit ${f.limit}
        )`;
}

/** The query of `accountRows` (for EXPLAIN in a benchmark, too). */
export function accountRowsQuery(tenantId: string, f: AccountPageQuery): SQL {
  const { key } = ROW_KEYS[f.sort];
  return sql`with ${pageCtes(tenantId, f)},
        balances as (
          select p.customer_id, jsonb_agg(jsonb_build_object('currency', p.currency, 'open', p.open_minor::text,
            'overdue', p.overdue_minor::text) order by p.currency) as balances
          from per_currency p join page on page.customer_id = p.customer_id
          group by p.customer_id
        )
        select r.customer_id, r.external_id, r.name, r.legal_name, r.currency,
          r.credit_limit_minor::text as credit_limit_minor, r.category_id, r.subcategory_id, r.status,
          b.balances, r.oldest_days, r.dunning_level, h.kinds as hold_kinds, h.since::text as hold_since,
          a.collector_id, a.collector_name, r.sort_key
        from page r
        left join balances b on b.customer_id = r.customer_id
        left join ${activeHoldsRelation(tenantId)} h on h.customer_id = r.customer_id
        left join ${customerCollectorsRelation(tenantId)} a on a.customer_id = r.customer_id
        order by ${key} ${direction(f)}, r.customer_id ${direction(f)}`;
}
