/**
 * The receivables invariants of PRODUCT.md, checked on the current state of one tenant, in SQL and
 * through the services. Every integration test that changes money calls `assertInvariants` after
 * each step; the journal snapshot it keeps per tenant proves that posted lines never change.
 */
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../src/db/client.ts';
import { statusFor } from '../../src/modules/invoices/invoice-status.ts';
import { reconcileBooks } from '../../src/modules/reconciliation/reconciliation.service.ts';
import type { TestContext } from './backends.ts';

type Row = Record<string, unknown>;

/** Serialised journal of a tenant: entry head and line rows keyed by id, as JSON text. */
interface JournalSnapshot {
  entries: Map<string, string>;
  lines: Map<string, string>;
}

const lastSnapshot = new Map<string, JournalSnapshot>();

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

/** Every violation found, as readable lines; empty when the state is sound. */
export async function findViolations(ctx: TestContext, tenantId: string): Promise<string[]> {
  const q = ctx.deps.db;
  const problems: string[] = [];
  const check = async (name: string, query: ReturnType<typeof sql>) => {
    const rows = await queryRows<Row>(q, query);
    for (const row of rows.slice(0, 5)) problems.push(`${name}: ${json(row)}`);
  };

  // 1. Every entry balances: base amounts sum to zero, and per currency the transaction amounts.
  await check(
    'entry unbalanced in base currency',
    sql`select entry_id, sum(base_amount_minor)::bigint as off from journal_lines
        where tenant_id = ${tenantId} group by entry_id having sum(base_amount_minor) <> 0`,
  );
  await check(
    'entry unbalanced in a currency',
    sql`select entry_id, currency, sum(amount_minor)::bigint as off from journal_lines
        where tenant_id = ${tenantId} group by entry_id, currency having sum(amount_minor) <> 0`,
  );
  await check(
    'entry without lines',
    sql`select e.entry_id, e.event_code from journal_entries e
        where e.tenant_id = ${tenantId}
          and not exists (select 1 from journal_lines l where l.tenant_id = e.tenant_id and l.entry_id = e.entry_id)`,
  );

  // 2. Reversals: each points at an existing entry, mirrors it line by line, and is the only one.
  await check(
    'reversal of a missing entry',
    sql`select r.entry_id, r.reverses_entry_id from journal_entries r
        where r.tenant_id = ${tenantId} and r.reverses_entry_id is not null
          and not exists (select 1 from journal_entries o where o.tenant_id = r.tenant_id and o.entry_id = r.reverses_entry_id)`,
  );
  await check(
    'entry reversed more than once',
    sql`select reverses_entry_id, count(*)::int as n from journal_entries
        where tenant_id = ${tenantId} and reverses_entry_id is not null
        group by reverses_entry_id having count(*) > 1`,
  );
  await check(
    'reversal does not mirror its original',
    sql`select r.entry_id, o.entry_id as original from journal_entries r
        join journal_entries o on o.tenant_id = r.tenant_id and o.entry_id = r.reverses_entry_id
        where r.tenant_id = ${tenantId}
          and ((select count(*) from journal_lines where tenant_id = r.tenant_id and entry_id = r.entry_id)
            <> (select count(*) from journal_lines where tenant_id = o.tenant_id and entry_id = o.entry_id)
           or exists (
             select 1 from journal_lines rl
             where rl.tenant_id = r.tenant_id and rl.entry_id = r.entry_id
               and not exists (
                 select 1 from journal_lines ol
                 where ol.tenant_id = o.tenant_id and ol.entry_id = o.entry_id and ol.line_no = rl.line_no
                   and ol.account_code = rl.account_code and ol.currency = rl.currency
                   and ol.amount_minor = -rl.amount_minor and ol.base_amount_minor = -rl.base_amount_minor
                   and ol.customer_id is not distinct from rl.customer_id
                   and ol.invoice_id is not distinct from rl.invoice_id
                   and ol.receipt_id is not distinct from rl.receipt_id)))`,
  );
  await check(
    'correction event without reverses_entry_id',
    sql`select entry_id, event_code from journal_entries
        where tenant_id = ${tenantId} and event_code in ('invoice.voided', 'receipt.unapplied')
          and reverses_entry_id is null`,
  );

  // 3. Invoices: open = total − active allocations − credits − write-offs, within [0, total].
  //    Open items imported from another system start at the open amount they had there (partly
  //    paid before): theirs is checked against the journal's opening line per invoice by the
  //    reconciliation (`invoiceMismatches` of reconcileBooks), not against their total.
  await check(
    'invoice open amount differs from its history',
    sql`select i.invoice_id, i.number, i.status, i.total_minor, i.open_minor,
          coalesce(a.paid, 0)::bigint as paid, coalesce(d.adjusted, 0)::bigint as adjusted
        from invoices i
        left join (select invoice_id, sum(amount_minor) as paid from allocations
                   where tenant_id = ${tenantId} and unapplied_at is null group by invoice_id) a
          on a.invoice_id = i.invoice_id
        left join (select invoice_id, sum(amount_minor) as adjusted from invoice_adjustments
                   where tenant_id = ${tenantId} and reversed_at is null group by invoice_id) d
          on d.invoice_id = i.invoice_id
        where i.tenant_id = ${tenantId} and i.kind = 'invoice' and i.source <> 'import'
          and case when i.status in ('draft', 'void')
                then i.open_minor <> 0 or coalesce(a.paid, 0) <> 0 or coalesce(d.adjusted, 0) <> 0
                else i.open_minor <> i.total_minor - coalesce(a.paid, 0) - coalesce(d.adjusted, 0)
              end`,
  );
  await check(
    'invoice open amount outside [0, total]',
    sql`select invoice_id, number, open_minor, total_minor from invoices
        where tenant_id = ${tenantId} and (open_minor < 0 or open_minor > total_minor)`,
  );
  await check(
    'issued document without a number, or draft with one',
    sql`select invoice_id, status, number from invoices
        where tenant_id = ${tenantId}
          and ((status = 'draft' and number is not null) or (status not in ('draft', 'void') and number is null))`,
  );
  await check(
    'credit note not linked to an adjustment of its invoice',
    sql`select c.invoice_id, c.number, c.total_minor from invoices c
        where c.tenant_id = ${tenantId} and c.kind = 'credit_note'
          and (c.open_minor <> 0 or c.status <> 'issued' or not exists (
            select 1 from invoice_adjustments a join invoices i
              on i.tenant_id = a.tenant_id and i.invoice_id = a.invoice_id
            where a.tenant_id = c.tenant_id and a.credit_note_id = c.invoice_id and a.kind = 'credit_note'
              and a.invoice_id = c.credited_invoice_id and a.amount_minor = c.total_minor
              and i.customer_id = c.customer_id and i.currency = c.currency))`,
  );

  // 4. Receipts: unapplied = amount − active allocations − refunds − write-offs, never negative.
  await check(
    'receipt unapplied cash differs from its history',
    sql`select r.receipt_id, r.amount_minor, r.unapplied_minor,
          coalesce(a.applied, 0)::bigint as applied, coalesce(d.paid_out, 0)::bigint as paid_out
        from receipts r
        left join (select receipt_id, sum(amount_minor) as applied from allocations
                   where tenant_id = ${tenantId} and unapplied_at is null group by receipt_id) a
          on a.receipt_id = r.receipt_id
        left join (select receipt_id, sum(amount_minor) as paid_out from receipt_disbursements
                   where tenant_id = ${tenantId} group by receipt_id) d
          on d.receipt_id = r.receipt_id
        where r.tenant_id = ${tenantId}
          and (r.unapplied_minor <> r.amount_minor - coalesce(a.applied, 0) - coalesce(d.paid_out, 0)
               or r.unapplied_minor < 0)`,
  );

  // 5. Allocations: same customer (or group: same top parent) and currency, a real invoice, never
  //    more than either side allows.
  await check(
    'allocation between mismatched documents',
    sql`with recursive up as (
          select customer_id, customer_id as top_id, parent_id, 0 as depth from customers
          where tenant_id = ${tenantId}
          union all
          select up.customer_id, c.customer_id, c.parent_id, up.depth + 1 from up
          join customers c on c.tenant_id = ${tenantId} and c.customer_id = up.parent_id
          where up.depth < 16
        ), tops as (
          select distinct on (customer_id) customer_id, top_id from up order by customer_id, depth desc
        )
        select a.allocation_id, i.kind, i.status, i.currency as invoice_currency, r.currency as receipt_currency
        from allocations a
        join invoices i on i.tenant_id = a.tenant_id and i.invoice_id = a.invoice_id
        join receipts r on r.tenant_id = a.tenant_id and r.receipt_id = a.receipt_id
        join tops ti on ti.customer_id = i.customer_id
        join tops tr on tr.customer_id = r.customer_id
        where a.tenant_id = ${tenantId}
          and (a.amount_minor <= 0 or i.kind <> 'invoice' or ti.top_id <> tr.top_id
               or i.currency <> r.currency or i.status = 'draft'
               or (a.unapplied_at is null and i.status = 'void'))`,
  );
  await check(
    'invoice allocated beyond its total',
    sql`select a.invoice_id, sum(a.amount_minor)::bigint as applied, i.total_minor from allocations a
        join invoices i on i.tenant_id = a.tenant_id and i.invoice_id = a.invoice_id
        where a.tenant_id = ${tenantId} and a.unapplied_at is null
        group by a.invoice_id, i.total_minor having sum(a.amount_minor) > i.total_minor`,
  );
  await check(
    'receipt allocated beyond its amount',
    sql`select a.receipt_id, sum(a.amount_minor)::bigint as applied, r.amount_minor from allocations a
        join receipts r on r.tenant_id = a.tenant_id and r.receipt_id = a.receipt_id
        where a.tenant_id = ${tenantId} and a.unapplied_at is null
        group by a.receipt_id, r.amount_minor having sum(a.amount_minor) > r.amount_minor`,
  );
  await check(
    'allocation entry or its reversal missing',
    sql`select a.allocation_id, a.entry_id, a.reversal_entry_id, a.unapplied_at from allocations a
        where a.tenant_id = ${tenantId}
          and (not exists (select 1 from journal_entries e where e.tenant_id = a.tenant_id
                             and e.entry_id = a.entry_id and e.event_code = 'receipt.allocated')
               or (a.unapplied_at is null) <> (a.reversal_entry_id is null)
               or (a.reversal_entry_id is not null and not exists (
                     select 1 from journal_entries e where e.tenant_id = a.tenant_id
                       and e.entry_id = a.reversal_entry_id and e.reverses_entry_id = a.entry_id)))`,
  );

  // 6. Per document, the AR lines carry exactly its open amount, and no base residue once settled.
  const ar = await ctx.deps.ledger.codeFor(q, tenantId, 'ar_control');
  await check(
    'receipt AR lines differ from its unapplied cash',
    sql`select r.receipt_id, r.unapplied_minor, coalesce(l.amount, 0)::bigint as ar, coalesce(l.base, 0)::bigint as base
        from receipts r
        left join (select receipt_id, sum(amount_minor) as amount, sum(base_amount_minor) as base
                   from journal_lines where tenant_id = ${tenantId} and account_code = ${ar}
                     and receipt_id is not null and invoice_id is null group by receipt_id) l
          on l.receipt_id = r.receipt_id
        where r.tenant_id = ${tenantId}
          and (coalesce(l.amount, 0) <> -r.unapplied_minor or (r.unapplied_minor = 0 and coalesce(l.base, 0) <> 0))`,
  );
  await check(
    'settled invoice leaves a base-currency residue on AR',
    sql`select i.invoice_id, i.number, i.status, l.base from invoices i
        join (select invoice_id, sum(base_amount_minor) as base from journal_lines
              where tenant_id = ${tenantId} and account_code = ${ar} and invoice_id is not null
              group by invoice_id) l on l.invoice_id = i.invoice_id
        where i.tenant_id = ${tenantId} and i.open_minor = 0 and l.base <> 0`,
  );
  await check(
    'AR line in base currency with base amount different from amount',
    sql`select l.entry_id, l.line_no, l.amount_minor, l.base_amount_minor from journal_lines l
        join tenants t on t.tenant_id = l.tenant_id
        where l.tenant_id = ${tenantId} and l.currency = t.base_currency and l.amount_minor <> l.base_amount_minor`,
  );

  // 7. Per customer and currency: Σ open − Σ unapplied = the customer's AR balance in the journal.
  await check(
    'customer subledger differs from its AR lines',
    sql`select coalesce(s.customer_id, j.customer_id) as customer_id, coalesce(s.currency, j.currency) as currency,
          coalesce(s.amount, 0)::bigint as subledger, coalesce(j.amount, 0)::bigint as journal
        from (select customer_id, currency, sum(amount) as amount from (
                select customer_id, currency, open_minor as amount from invoices
                  where tenant_id = ${tenantId} and kind = 'invoice'
                union all
                select customer_id, currency, -unapplied_minor from receipts where tenant_id = ${tenantId}
              ) u group by customer_id, currency) s
        full join (select customer_id, currency, sum(amount_minor) as amount from journal_lines
                   where tenant_id = ${tenantId} and account_code = ${ar} group by customer_id, currency) j
          on j.customer_id = s.customer_id and j.currency = s.currency
        where coalesce(s.amount, 0) <> coalesce(j.amount, 0)`,
  );

  // 8. Status agrees with the open amount (what closed it is one of the closing events).
  const statuses = await queryRows<{
    invoice_id: string;
    number: string | null;
    status: string;
    open_minor: bigint;
    total_minor: bigint;
  }>(
    q,
    sql`select invoice_id, number, status, open_minor, total_minor from invoices
        where tenant_id = ${tenantId} and kind = 'invoice' and status not in ('draft', 'void')`,
  );
  for (const inv of statuses) {
    const allowed =
      inv.open_minor === 0n && inv.total_minor !== 0n
        ? (['payment', 'credit', 'write_off'] as const).map((e) => statusFor(0n, inv.total_minor, e))
        : [statusFor(inv.open_minor, inv.total_minor, 'payment')];
    if (!allowed.includes(inv.status as never))
      problems.push(`invoice status disagrees with open/total: ${json(inv)} (allowed: ${allowed.join('|')})`);
  }

  // 9. Each bank account's cash account moves exactly as its booked lines less the refunds paid
  //    from it; an applied line names its receipt, and no receipt is named by two lines.
  await check(
    'bank account cash account differs from its booked lines less refunds',
    sql`select a.account_key, a.ledger_account_code, coalesce(j.amount, 0)::bigint as ledger,
          coalesce(b.amount, 0)::bigint as booked, coalesce(r.amount, 0)::bigint as refunded
        from bank_accounts a
        left join (select account_code, currency, sum(amount_minor) as amount from journal_lines
                   where tenant_id = ${tenantId} group by account_code, currency) j
          on j.account_code = a.ledger_account_code and j.currency = a.currency
        left join (select bank_account_id, sum(amount_minor) as amount from bank_transactions
                   where tenant_id = ${tenantId} and (receipt_id is not null or decision->>'entryId' is not null)
                   group by bank_account_id) b on b.bank_account_id = a.bank_account_id
        left join (select t.bank_account_id, sum(d.amount_minor) as amount from bank_transactions t
                   join receipt_disbursements d on d.tenant_id = t.tenant_id and d.receipt_id = t.receipt_id
                   where t.tenant_id = ${tenantId} and d.kind = 'refund' group by t.bank_account_id) r
          on r.bank_account_id = a.bank_account_id
        where a.tenant_id = ${tenantId}
          and coalesce(j.amount, 0) <> coalesce(b.amount, 0) - coalesce(r.amount, 0)`,
  );
  await check(
    'applied bank line without its receipt, or a receipt booked for two lines',
    sql`select transaction_id, status, receipt_id from bank_transactions t
        where t.tenant_id = ${tenantId}
          and ((t.status = 'applied' and t.receipt_id is null)
               or exists (select 1 from bank_transactions o where o.tenant_id = t.tenant_id
                            and o.receipt_id = t.receipt_id and o.transaction_id <> t.transaction_id))`,
  );

  // 10. Services: the reconciliation ties out and the trial balance sums to zero.
  const rec = await reconcileBooks(q, ctx.deps, tenantId);
  if (!rec.balanced || rec.currencies.some((c) => c.differenceMinor !== 0n))
    problems.push(`books do not tie out (AR subledger ≠ AR control, or a bank cash account): ${json(rec)}`);
  const tb = await ctx.deps.ledger.trialBalance(q, tenantId);
  const perCurrency = new Map<string, bigint>();
  let base = 0n;
  for (const line of tb) {
    perCurrency.set(line.currency, (perCurrency.get(line.currency) ?? 0n) + line.balanceMinor);
    base += line.baseDebitMinor - line.baseCreditMinor;
  }
  for (const [currency, sum] of perCurrency)
    if (sum !== 0n) problems.push(`trial balance off by ${sum} in ${currency}`);
  if (base !== 0n) problems.push(`trial balance off by ${base} in base currency`);

  return problems;
}

/** The journal as it stands, keyed by entry id and by (entry id, line no). */
export async function journalSnapshot(q: Queryable, tenantId: string): Promise<JournalSnapshot> {
  const entries = await queryRows<Row & { entry_id: string }>(
    q,
    sql`select entry_id, entry_no, event_code, effective_date, description, source_type, source_id,
          reverses_entry_id, posted_at from journal_entries where tenant_id = ${tenantId}`,
  );
  const lines = await queryRows<Row & { entry_id: string; line_no: number }>(
    q,
    sql`select * from journal_lines where tenant_id = ${tenantId}`,
  );
  return {
    entries: new Map(entries.map((e) => [e.entry_id, json(e)])),
    lines: new Map(lines.map((l) => [`${l.entry_id}#${l.line_no}`, json(l)])),
  };
}

/** Posted entries and lines never change or disappear; new ones may be added. */
export function journalChanges(before: JournalSnapshot, after: JournalSnapshot): string[] {
  const problems: string[] = [];
  for (const [kind, prev, next] of [
    ['entry', before.entries, after.entries],
    ['line', before.lines, after.lines],
  ] as const) {
    for (const [key, value] of prev) {
      const now = next.get(key);
      if (now === undefined) problems.push(`journal ${kind} ${key} disappeared`);
      else if (now !== value) problems.push(`journal ${kind} ${key} changed: ${value} → ${now}`);
    }
  }
  return problems;
}

/**
 * Assert every invariant on the tenant's current state, and that no journal entry or line changed
 * since the previous call for the same tenant.
 */
export async function assertInvariants(ctx: TestContext, tenantId: string): Promise<void> {
  const problems = await findViolations(ctx, tenantId);
  const snapshot = await journalSnapshot(ctx.deps.db, tenantId);
  const previous = lastSnapshot.get(tenantId);
  if (previous) problems.push(...journalChanges(previous, snapshot));
  lastSnapshot.set(tenantId, snapshot);
  assert.deepEqual(problems, [], `invariants violated:\n${problems.join('\n')}`);
}

/**
 * Every business row of a tenant, serialised: equal before and after a command proves the
 * command changed nothing (a rejected command must leave no trace).
 */
export async function tenantState(q: Queryable, tenantId: string): Promise<string> {
  const tables = [
    ['invoices', 'invoice_id'],
    ['invoice_lines', 'invoice_id, line_no'],
    ['invoice_adjustments', 'adjustment_id'],
    ['receipts', 'receipt_id'],
    ['allocations', 'allocation_id'],
    ['receipt_disbursements', 'disbursement_id'],
    ['journal_entries', 'entry_id'],
    ['journal_lines', 'entry_id, line_no'],
    ['numbering_series', 'series'],
    ['numbering_counters', 'series, year'],
    ['customers', 'customer_id'],
  ] as const;
  const parts: string[] = [];
  for (const [table, order] of tables) {
    const rows = await queryRows<Row>(
      q,
      sql`select * from ${sql.identifier(table)} where tenant_id = ${tenantId} order by ${sql.raw(order)}`,
    );
    parts.push(`${table}: ${json(rows)}`);
  }
  return parts.join('\n');
}
