/**
 * The journal as published relations for reports (the aging report as of a past day): SQL
 * subqueries scoped to one tenant, with the columns documented here, that the reports module joins
 * without naming this module's tables. Plain selects over journal lines and their entries, so
 * PostgreSQL folds them into the report's query and keeps using the journal's indexes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { POSTING_LOCK_CLASS, watermarkOf } from './journal-watermark.ts';

/**
 * The lines on account `accountCode` of entries effective on or before `asOf`, one row each:
 * `currency`, `customer_id`, `invoice_id` and `receipt_id` (null when the line names none),
 * `amount_minor` (in `currency`, debit positive), `base_amount_minor` (the same in the tenant's base
 * currency), `entry_id`, `effective_date` and `event_code` (of its entry).
 */
export function accountLinesUpToRelation(tenantId: string, accountCode: string, asOf: string): SQL {
  return sql`(select l.currency, l.customer_id, l.invoice_id, l.receipt_id, l.amount_minor, l.base_amount_minor,
                l.entry_id, e.effective_date, e.event_code
              from journal_lines l
              join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
              where l.tenant_id = ${tenantId} and l.account_code = ${accountCode}
                and e.effective_date <= ${asOf}::date)`;
}

/**
 * The invoices named by lines of entries with event `eventCode` (e.g. `open_items.imported`), one
 * row per such line: `effective_date` (of its entry), `invoice_id`.
 */
export function invoiceLinesOfEventRelation(tenantId: string, eventCode: string): SQL {
  return sql`(select e.effective_date, l.invoice_id
              from journal_entries e
              join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.entry_id
              where e.tenant_id = ${tenantId} and e.event_code = ${eventCode} and l.invoice_id is not null)`;
}

/**
 * The movements on account `accountCode` of lines that name an invoice, per currency and month of
 * their entry's effective date, up to `upTo`: `currency`, `month` (its first day, `YYYY-MM-DD`),
 * `amount_minor` (debit positive). Summed from the first month on they give the open invoice
 * amounts at each month end (the DSO trend).
 */
export function invoiceMovementsByMonthRelation(tenantId: string, accountCode: string, upTo: string): SQL {
  return accountMovementsByMonthRelation(tenantId, accountCode, { to: upTo, invoiceLinesOnly: true });
}

/** Which lines `accountMovementsByMonthRelation` sums. */
export interface MovementFilter {
  /** Entries effective from this day (default: the first). */
  readonly from?: string;
  /** Entries effective up to and including this day. */
  readonly to: string;
  /** Only lines of entries with one of these event codes (a reversal carries its own, e.g. `invoice.voided`). */
  readonly events?: readonly string[];
  /** Only lines that name an invoice. */
  readonly invoiceLinesOnly?: boolean;
  /**
   * Only lines of entries with a line naming one of these customers: a relation with a
   * `customer_id` column (a bad-debt line names no customer; its entry's AR line does).
   */
  readonly customers?: SQL | undefined;
  /** Sum the base-currency amounts (`base_amount_minor`) instead of the transaction amounts. */
  readonly base?: boolean | undefined;
}

/**
 * The movements on account `accountCode` per currency and month of their entry's effective date:
 * `currency`, `month` (its first day, `YYYY-MM-DD`), `amount_minor` (debit positive; the base
 * amounts with `base`), of the lines `f` admits. Reversals are lines too, so a reversed write-off nets to nothing in its month.
 */
export function accountMovementsByMonthRelation(
  tenantId: string,
  accountCode: string,
  f: MovementFilter,
): SQL {
  const from = f.from ? sql` and e.effective_date >= ${f.from}::date` : sql``;
  const events = f.events ? sql` and e.event_code = any(${sql.param([...f.events])}::text[])` : sql``;
  const invoiceLines = f.invoiceLinesOnly ? sql` and l.invoice_id is not null` : sql``;
  const customers = f.customers
    ? sql` and exists (select 1 from journal_lines n where n.tenant_id = l.tenant_id and n.entry_id = l.entry_id
             and n.customer_id in (select s.customer_id from ${f.customers} s))`
    : sql``;
  const amount = f.base ? sql`l.base_amount_minor` : sql`l.amount_minor`;
  return sql`(select l.currency, to_char(date_trunc('month', e.effective_date), 'YYYY-MM-DD') as month,
                sum(${amount}) as amount_minor
              from journal_lines l
              join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
              where l.tenant_id = ${tenantId} and l.account_code = ${accountCode}
                and e.effective_date <= ${f.to}::date${from}${events}${invoiceLines}${customers}
              group by l.currency, date_trunc('month', e.effective_date))`;
}

/**
 * The lines on account `accountCode` of entries with one of `events`, effective from `from` to `to`
 * (inclusive), one row each: `currency`, `effective_date`, `amount_minor` (debit positive).
 */
export function accountLinesOfEventsRelation(
  tenantId: string,
  accountCode: string,
  events: readonly string[],
  range: { from: string; to: string },
): SQL {
  return sql`(select l.currency, e.effective_date, l.amount_minor
              from journal_lines l
              join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
              where l.tenant_id = ${tenantId} and l.account_code = ${accountCode}
                and e.event_code = any(${sql.param([...events])}::text[])
                and e.effective_date between ${range.from}::date and ${range.to}::date)`;
}

/**
 * The lines on account `accountCode` that name an invoice, of entries effective from `from`
 * (default: the first) up to `to`, one row each: `invoice_id`, `customer_id`, `currency`,
 * `receipt_id` (null when the line names none), `event_code` and `effective_date` (of its entry),
 * `amount_minor` (debit positive). What an invoice's history on the AR account looks like: its
 * issue, the allocations that paid it (they name the receipt), credit notes, write-offs, a void.
 */
export function invoiceAccountLinesRelation(
  tenantId: string,
  accountCode: string,
  range: { from?: string; to: string },
): SQL {
  const from = range.from ? sql` and e.effective_date >= ${range.from}::date` : sql``;
  return sql`(select l.invoice_id, l.customer_id, l.currency, l.receipt_id, e.event_code, e.effective_date,
                l.amount_minor
              from journal_lines l
              join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
              where l.tenant_id = ${tenantId} and l.account_code = ${accountCode} and l.invoice_id is not null
                and e.effective_date <= ${range.to}::date${from})`;
}

/** Which entries settle an invoice as paid, and which close it as a loss (`invoiceSettlementsRelation`). */
export interface SettlementEvents {
  /** Event codes of entries that pay an invoice (e.g. `receipt.allocated`). */
  readonly paidBy: readonly string[];
  /** Event codes of entries that close an invoice without payment (write-off, void). */
  readonly lostBy: readonly string[];
}

/**
 * The days invoices were settled, from their lines on account `accountCode` effective up to `upTo`:
 * one row per invoice and day on which its balance became zero (it was not zero the day before) —
 * an invoice reopened and settled again has a row for each settlement. Only settlements by payment:
 * some entry of `paidBy` among its lines up to that day and none of `lostBy`. Columns: `invoice_id`,
 * `customer_id`, `currency`, `settled_on`, and `balance_at_end` (the invoice's balance at the end of
 * `upTo`: 0 while it is still settled then); with `movedFrom`, only the settlements from that day on
 * (of the invoices with a line from then on). The one definition of "paid" of the reports: the KPI
 * report's paid within terms and days to pay, the forecast's history of each customer.
 */
export function invoiceSettlementsRelation(
  tenantId: string,
  accountCode: string,
  upTo: string,
  events: SettlementEvents,
  movedFrom?: string,
): SQL {
  // A settlement on day d needs a line of the invoice on d: only the invoices with a line from
  // `movedFrom` on can be settled from then on (found through the entries by date).
  const moved = movedFrom
    ? sql` and l.invoice_id in (select m.invoice_id from journal_entries me
             join journal_lines m on m.tenant_id = me.tenant_id and m.entry_id = me.entry_id
             where me.tenant_id = ${tenantId} and me.effective_date between ${movedFrom}::date and ${upTo}::date
               and m.account_code = ${accountCode} and m.invoice_id is not null)`
    : sql``;
  const paid = sql`e.event_code = any(${sql.param([...events.paidBy])}::text[])`;
  const lost = sql`e.event_code = any(${sql.param([...events.lostBy])}::text[])`;
  return sql`(select s.invoice_id, s.customer_id, s.currency, s.effective_date as settled_on, s.balance_at_end from (
                select d.invoice_id, d.customer_id, d.currency, d.effective_date, d.amount,
                  sum(d.amount) over w as balance, bool_or(d.paid) over w as paid, bool_or(d.lost) over w as lost,
                  sum(d.amount) over (partition by d.invoice_id, d.currency) as balance_at_end
                from (select l.invoice_id, l.customer_id, l.currency, e.effective_date, sum(l.amount_minor) as amount,
                        bool_or(${paid}) as paid, bool_or(${lost}) as lost
                      from journal_lines l
                      join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
                      where l.tenant_id = ${tenantId} and l.account_code = ${accountCode}
                        and l.invoice_id is not null and e.effective_date <= ${upTo}::date${moved}
                      group by l.invoice_id, l.customer_id, l.currency, e.effective_date) d
                window w as (partition by d.invoice_id, d.currency order by d.effective_date)) s
              where s.balance = 0 and s.amount <> 0 and s.paid and not s.lost)`;
}

/**
 * The journal's watermark: every entry numbered up to it has committed (or never will), and every
 * entry posted later gets a higher number. Takes no lock and waits for no posting; a posting in
 * flight keeps it below that posting's numbers (journal-watermark.ts). Read what it covers in a
 * later statement or transaction: a snapshot built afterwards sees at least the entries up to it
 * (a later one it also sees only makes the snapshot look stale sooner).
 */
export async function journalWatermark(q: Queryable): Promise<bigint> {
  const [seq] = await queryRows<{ last: string }>(
    q,
    sql`select (case when is_called then last_value else 0 end)::text as last
        from journal_entries_entry_no_seq`,
  );
  const held = await queryRows<{ key: string }>(
    q,
    sql`select objid::text as key from pg_locks
        where locktype = 'advisory' and classid = ${String(POSTING_LOCK_CLASS)}::oid and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())`,
  );
  return watermarkOf(
    BigInt(seq?.last ?? 0),
    held.map((h) => BigInt(h.key)),
  );
}

/**
 * True (SQL boolean) when an entry numbered above `entryNo` is effective on or before `asOf`: a
 * snapshot of `asOf` taken at watermark `entryNo` no longer shows the journal. Reads the entries
 * posted since from the index `journal_entries_no_idx`.
 */
export function postedSinceUpTo(tenantId: string, entryNo: SQL, asOf: SQL): SQL {
  return sql`exists (select 1 from journal_entries e where e.tenant_id = ${tenantId}
               and e.entry_no > ${entryNo} and e.effective_date <= ${asOf})`;
}
