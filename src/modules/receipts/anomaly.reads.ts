/**
 * The receipts and their applications as anomaly detection reads them (findings module):
 * set-based queries that narrow a month of cash down to the candidates a detector judges. Amounts
 * and ids come back as text, instants as epoch milliseconds (text), on both back ends alike.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { pairColumnsSql, splitPairs } from '../../db/self-pairs.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { masterBankAccountsRelation } from '../customers/index.ts';
import { creditAdjustmentRelation, invoiceCustomerRelation, normalisedNumberSql } from '../invoices/index.ts';

export interface ReceiptCandidateRow {
  readonly receipt_id: string;
  readonly customer_id: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly received_on: string;
  readonly reference: string | null;
}

const RECEIPT_COLUMNS = ['receipt_id', 'customer_id', 'currency', 'amount_minor', 'received_on', 'reference'];

/**
 * Pairs of receipts of one customer with the same currency, amount and normalised reference, at
 * most `windowDays` apart, the later received on or after `since`.
 */
export async function duplicateReceiptCandidates(
  q: Queryable,
  tenantId: string,
  p: { since: CalendarDate; windowDays: number },
): Promise<[ReceiptCandidateRow, ReceiptCandidateRow][]> {
  const rows = await queryRows<Record<string, string | null>>(
    q,
    sql`with recent as materialized (
          select receipt_id, customer_id, currency, amount_minor, received_on, reference,
                 ${normalisedNumberSql(sql`reference`)} as norm
          from receipts
          where tenant_id = ${tenantId} and reference is not null
            and received_on >= ${p.since}::date - ${p.windowDays}::int)
        select ${pairColumnsSql(RECEIPT_COLUMNS, ['amount_minor', 'received_on'])}
        from recent a join recent b
          on b.customer_id = a.customer_id and b.currency = a.currency and b.amount_minor = a.amount_minor
         and b.norm = a.norm and b.norm <> '' and b.receipt_id > a.receipt_id
         and b.received_on between a.received_on - ${p.windowDays}::int and a.received_on + ${p.windowDays}::int
        where greatest(a.received_on, b.received_on) >= ${p.since}::date`,
  );
  return splitPairs<ReceiptCandidateRow>(rows, RECEIPT_COLUMNS);
}

export interface CrossAllocationRow {
  readonly allocation_id: string;
  readonly receipt_id: string;
  readonly payer_customer_id: string;
  readonly invoice_id: string;
  readonly invoice_number: string | null;
  readonly invoice_customer_id: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly applied_ms: string;
}

/** Active applications made since `since` of a receipt to an invoice of a customer other than the receipt's. */
export function crossCustomerAllocationsSince(
  q: Queryable,
  tenantId: string,
  since: Date,
): Promise<CrossAllocationRow[]> {
  return queryRows<CrossAllocationRow>(
    q,
    sql`select al.allocation_id, al.receipt_id, r.customer_id as payer_customer_id, al.invoice_id,
               i.number as invoice_number, i.customer_id as invoice_customer_id, r.currency,
               al.amount_minor::text as amount_minor,
               (extract(epoch from al.created_at) * 1000)::bigint::text as applied_ms
        from allocations al
        join receipts r on r.tenant_id = al.tenant_id and r.receipt_id = al.receipt_id
        join ${invoiceCustomerRelation(tenantId)} i on i.invoice_id = al.invoice_id
        where al.tenant_id = ${tenantId} and al.reversal_entry_id is null
          and al.created_at >= ${since.toISOString()} and i.customer_id <> r.customer_id
        order by al.created_at, al.allocation_id`,
  );
}

export interface CreditAfterReceiptRow {
  readonly adjustment_id: string;
  readonly kind: 'credit_note' | 'write_off';
  readonly invoice_id: string;
  readonly number: string | null;
  readonly customer_id: string;
  readonly currency: string;
  readonly amount_minor: string;
  readonly created_ms: string;
  readonly receipt_id: string;
  readonly receipt_amount_minor: string;
  readonly applied_to_customer_id: string;
  readonly applied_ms: string;
  readonly payer: 'credited_customer' | 'other_customer' | 'unknown';
}

/**
 * Credits and write-offs made since `since`, each paired with every receipt of a similar amount
 * (within `sharePpm` millionths) in its currency applied to another customer's invoice in the
 * `withinDays` days before it, and whose money the receipt was by its payer account (`payer`).
 */
export function creditAfterReceiptCandidates(
  q: Queryable,
  tenantId: string,
  p: { since: Date; withinDays: number; sharePpm: number },
): Promise<CreditAfterReceiptRow[]> {
  return queryRows<CreditAfterReceiptRow>(
    q,
    sql`select c.adjustment_id, c.kind, c.invoice_id, ci.number, ci.customer_id, ci.currency,
               c.amount_minor::text as amount_minor,
               (extract(epoch from c.created_at) * 1000)::bigint::text as created_ms,
               r.receipt_id, r.amount_minor::text as receipt_amount_minor,
               ai.customer_id as applied_to_customer_id,
               (extract(epoch from al.created_at) * 1000)::bigint::text as applied_ms,
               case when exists (select 1 from ${masterBankAccountsRelation(tenantId)} b
                                  where b.iban = r.payer_iban and b.customer_id = ci.customer_id) then 'credited_customer'
                    when exists (select 1 from ${masterBankAccountsRelation(tenantId)} b
                                  where b.iban = r.payer_iban) then 'other_customer'
                    else 'unknown' end as payer
        from ${creditAdjustmentRelation(tenantId)} c
        join ${invoiceCustomerRelation(tenantId)} ci on ci.invoice_id = c.invoice_id
        join allocations al on al.tenant_id = ${tenantId} and al.reversal_entry_id is null
         and al.created_at <= c.created_at
         and al.created_at >= c.created_at - make_interval(days => ${p.withinDays}::int)
        join receipts r on r.tenant_id = al.tenant_id and r.receipt_id = al.receipt_id
         and r.currency = ci.currency
         and abs(r.amount_minor - c.amount_minor) * 1000000 <= ${p.sharePpm}::bigint * c.amount_minor
        join ${invoiceCustomerRelation(tenantId)} ai on ai.invoice_id = al.invoice_id and ai.customer_id <> ci.customer_id
        where c.created_at >= ${p.since.toISOString()}`,
  );
}

export interface SettledInvoiceRow {
  readonly customer_id: string;
  readonly invoice_id: string;
  readonly settled_on: string;
  readonly days_late: number;
}

/**
 * For each customer with a receipt received on or after `since` and applied to its invoices: its last `maxPerCustomer` paid
 * invoices with a due date, oldest first, each with the day of its last payment (the latest
 * `received_on` of the receipts applied to it) and the days late (that day − the due date).
 */
export function settledInvoicesOfRecentPayers(
  q: Queryable,
  tenantId: string,
  p: { since: CalendarDate; maxPerCustomer: number },
): Promise<SettledInvoiceRow[]> {
  return queryRows<SettledInvoiceRow>(
    q,
    sql`with recent as (
          select distinct i.customer_id
          from receipts r
          join allocations al on al.tenant_id = r.tenant_id and al.receipt_id = r.receipt_id and al.reversal_entry_id is null
          join ${invoiceCustomerRelation(tenantId)} i on i.invoice_id = al.invoice_id
          where r.tenant_id = ${tenantId} and r.received_on >= ${p.since}::date),
        settled as (
          select i.customer_id, i.invoice_id, max(r.received_on) as settled_on, i.due_date
          from ${invoiceCustomerRelation(tenantId)} i
          join recent using (customer_id)
          join allocations al on al.tenant_id = ${tenantId} and al.invoice_id = i.invoice_id and al.reversal_entry_id is null
          join receipts r on r.tenant_id = al.tenant_id and r.receipt_id = al.receipt_id
          where i.kind = 'invoice' and i.status = 'paid' and i.due_date is not null
          group by i.customer_id, i.invoice_id, i.due_date),
        ranked as (
          select s.*, row_number() over (partition by s.customer_id order by s.settled_on desc, s.invoice_id desc) as k
          from settled s)
        select customer_id, invoice_id, settled_on::text as settled_on, (settled_on - due_date)::int as days_late
        from ranked where k <= ${p.maxPerCustomer}
        order by customer_id, settled_on, invoice_id`,
  );
}

export interface ForeignPayerRow {
  readonly receipt_id: string;
  readonly customer_id: string;
  readonly payer_iban: string;
  readonly payer_name: string | null;
  readonly currency: string;
  readonly amount_minor: string;
  readonly received_on: string;
  /** The customers whose master data holds the payer's account (comma-separated ids). */
  readonly owners: string;
}

/**
 * Receipts received since `since` whose payer account is on the customer master of other
 * customers only — not of the customer the receipt is booked to.
 */
export function receiptsFromOtherCustomersAccounts(
  q: Queryable,
  tenantId: string,
  since: CalendarDate,
): Promise<ForeignPayerRow[]> {
  return queryRows<ForeignPayerRow>(
    q,
    sql`select r.receipt_id, r.customer_id, r.payer_iban, r.payer_name, r.currency,
               r.amount_minor::text as amount_minor, r.received_on::text as received_on,
               string_agg(distinct b.customer_id::text, ',') as owners
        from receipts r join ${masterBankAccountsRelation(tenantId)} b on b.iban = r.payer_iban
        where r.tenant_id = ${tenantId} and r.received_on >= ${since}::date and r.payer_iban is not null
        group by r.receipt_id, r.customer_id, r.payer_iban, r.payer_name, r.currency, r.amount_minor, r.received_on
        having not bool_or(b.customer_id = r.customer_id)
        order by r.received_on, r.receipt_id`,
  );
}
