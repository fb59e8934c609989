/**
 * The invoices as anomaly detection reads them (findings module): set-based queries that narrow
 * a month of documents down to the candidates a detector judges, and relations the receipts
 * module joins. Amounts and ids come back as text, instants as epoch milliseconds (text), so
 * PGlite and PostgreSQL return the same shapes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { pairColumnsSql, splitPairs } from '../../db/self-pairs.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { auditActorRelation } from '../audit/index.ts';

/** SQL of a document number normalised as `normaliseNumber` (shared/document-number.ts) does (ASCII-wise). */
export function normalisedNumberSql(column: SQL): SQL {
  return sql`regexp_replace(regexp_replace(regexp_replace(lower(${column}), '[[:space:]]+', '', 'g'), '(^|[^0-9])0+([0-9])', '\\1\\2', 'g'), '[^a-z0-9]+', '', 'g')`;
}

export interface InvoiceCandidateRow {
  readonly invoice_id: string;
  readonly customer_id: string;
  readonly number: string;
  readonly currency: string;
  readonly total_minor: string;
  readonly issue_date: string;
  readonly status: string;
}

const PAIR_COLUMNS = [
  'invoice_id',
  'customer_id',
  'number',
  'currency',
  'total_minor',
  'issue_date',
  'status',
];

/**
 * Pairs of issued invoices (not drafts, not void) of one customer and currency, at most
 * `windowDays` apart, the later issued on or after `since`, whose normalised numbers are equal or
 * whose totals differ by at most `toleranceMinor` or `sharePpm` millionths of the larger.
 */
export async function duplicateInvoiceCandidates(
  q: Queryable,
  tenantId: string,
  p: { since: CalendarDate; windowDays: number; sharePpm: number; toleranceMinor: bigint },
): Promise<[InvoiceCandidateRow, InvoiceCandidateRow][]> {
  const rows = await queryRows<Record<string, string | null>>(
    q,
    sql`with recent as materialized (
          select invoice_id, customer_id, number, currency, total_minor, issue_date, status,
                 ${normalisedNumberSql(sql`number`)} as norm
          from invoices
          where tenant_id = ${tenantId} and kind = 'invoice' and status not in ('draft', 'void')
            and issue_date >= ${p.since}::date - ${p.windowDays}::int)
        select ${pairColumnsSql(PAIR_COLUMNS, ['total_minor', 'issue_date'])}
        from recent a join recent b
          on b.customer_id = a.customer_id and b.currency = a.currency and b.invoice_id > a.invoice_id
         and b.issue_date between a.issue_date - ${p.windowDays}::int and a.issue_date + ${p.windowDays}::int
         and (b.norm = a.norm
              or abs(b.total_minor - a.total_minor) <= greatest(${p.toleranceMinor.toString()}::bigint,
                   greatest(a.total_minor, b.total_minor) * ${p.sharePpm}::bigint / 1000000))
        where greatest(a.issue_date, b.issue_date) >= ${p.since}::date`,
  );
  return splitPairs<InvoiceCandidateRow>(rows, PAIR_COLUMNS);
}

export interface CreditRow {
  readonly adjustment_id: string;
  readonly kind: 'credit_note' | 'write_off';
  readonly invoice_id: string;
  readonly number: string | null;
  readonly customer_id: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly created_ms: string;
  readonly actor_id: string | null;
  readonly actor_name: string | null;
}

/**
 * Every credit note and write-off on an invoice made since `since` and not taken back, with its
 * invoice's customer and who made it (the actor of its `credit_note.issued` record, or of the
 * invoice's latest `invoice.written_off` record; null when the trail has none, e.g. imported).
 */
export function creditsSince(q: Queryable, tenantId: string, since: Date): Promise<CreditRow[]> {
  const who = auditActorRelation(tenantId, ['credit_note.issued', 'invoice.written_off']);
  return queryRows<CreditRow>(
    q,
    sql`select adj.adjustment_id, adj.kind, adj.invoice_id, i.number, i.customer_id, i.currency,
               adj.amount_minor::text as amount_minor,
               (extract(epoch from adj.created_at) * 1000)::bigint::text as created_ms,
               w.actor_id, w.actor_name
        from invoice_adjustments adj
        join invoices i on i.tenant_id = adj.tenant_id and i.invoice_id = adj.invoice_id
        left join lateral (
          select a.actor_id, a.actor_name from ${who} a
          where a.object_type = case adj.kind when 'write_off' then 'invoice' else 'credit_note' end
            and a.object_id = (case adj.kind when 'write_off' then adj.invoice_id else adj.credit_note_id end)::text
            and a.kind = case adj.kind when 'write_off' then 'invoice.written_off' else 'credit_note.issued' end
          order by a.seq desc limit 1) w on true
        where adj.tenant_id = ${tenantId} and adj.kind in ('credit_note', 'write_off')
          and adj.reversal_entry_id is null and adj.created_at >= ${since.toISOString()}
        order by adj.created_at, adj.adjustment_id`,
  );
}

export interface DigitCountRow {
  readonly actor_id: string | null;
  readonly actor_name: string;
  readonly month: string;
  readonly digits: number;
  readonly n: string;
}

/**
 * The first-two digits of the amounts each actor put on the books since `since`, counted per
 * actor, month (UTC) and digit pair: invoices issued (their totals), credit notes issued and
 * write-offs (their amounts, from the audit records). Amounts below 10 minor units have no two digits.
 */
export function firstTwoDigitCounts(q: Queryable, tenantId: string, since: Date): Promise<DigitCountRow[]> {
  const rel = auditActorRelation(tenantId, ['invoice.issued', 'credit_note.issued', 'invoice.written_off']);
  return queryRows<DigitCountRow>(
    q,
    sql`select actor_id, max(actor_name) as actor_name, month, digits::int as digits, count(*)::text as n
        from (
          select a.actor_id, a.actor_name, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM') as month,
                 left((case when a.kind = 'invoice.issued' then i.total_minor
                            else (a.details::jsonb ->> 'amountMinor')::bigint end)::text, 2) as digits,
                 case when a.kind = 'invoice.issued' then i.total_minor
                      else (a.details::jsonb ->> 'amountMinor')::bigint end as amount
          from ${rel} a
          left join invoices i on i.tenant_id = ${tenantId} and a.kind = 'invoice.issued' and i.invoice_id::text = a.object_id
          where a.occurred_at >= ${since.toISOString()}) x
        where amount >= 10
        group by actor_id, month, digits`,
  );
}

/**
 * Every document of the tenant as anomaly queries join it: `invoice_id`, `kind`, `number`,
 * `customer_id`, `currency`, `status`, `due_date`.
 */
export function invoiceCustomerRelation(tenantId: string): SQL {
  return sql`(select invoice_id, kind, number, customer_id, currency, status, due_date from invoices
              where tenant_id = ${tenantId})`;
}

/**
 * Credit notes and write-offs not taken back, one row each: `adjustment_id`, `kind`, `invoice_id`,
 * `amount_minor`, `created_at`.
 */
export function creditAdjustmentRelation(tenantId: string): SQL {
  return sql`(select adjustment_id, kind, invoice_id, amount_minor, created_at from invoice_adjustments
              where tenant_id = ${tenantId} and kind in ('credit_note', 'write_off') and reversal_entry_id is null)`;
}
