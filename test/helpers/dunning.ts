/** Dunning test set-up through the services: the issue's example policy, invoices due on a given day. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../src/db/client.ts';
import type { PolicyInput } from '../../src/modules/dunning/dunning.input.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { type DunningSeams, noDunningSeams, runDunning } from '../../src/modules/dunning/run.service.ts';
import { addDays, type CalendarDate } from '../../src/shared/calendar-date.ts';
import type { TestContext } from './backends.ts';
import { issueInvoice } from './factories.ts';

/**
 * −3 friendly (email), +7 reminder (email), +21 firm (email, interest), +35 final notice (letter,
 * 5.00 EUR, interest), +50 hand-over to collections (letter, 10.00 EUR, interest); 12.62 % act/365
 * (base 3.62 % + 9 points).
 */
export function examplePolicyInput(extra: Partial<PolicyInput> = {}): PolicyInput {
  return {
    name: 'Standard B2B',
    isDefault: true,
    interest: {
      dayCount: 'act/365',
      marginPct: '9',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
    },
    levels: [
      { offsetDays: -3, templateKey: 'friendly', channel: 'email' },
      { offsetDays: 7, templateKey: 'reminder', channel: 'email' },
      { offsetDays: 21, templateKey: 'firm', channel: 'email', chargesInterest: true },
      {
        offsetDays: 35,
        templateKey: 'final',
        channel: 'letter',
        chargesInterest: true,
        fees: { EUR: '5.00' },
      },
      {
        offsetDays: 50,
        templateKey: 'collections',
        channel: 'letter',
        chargesInterest: true,
        fees: { EUR: '10.00' },
        handsOver: true,
      },
    ],
    ...extra,
  };
}

export function createExamplePolicy(ctx: TestContext, tenantId: string, extra: Partial<PolicyInput> = {}) {
  return createPolicy(ctx.deps, tenantId, examplePolicyInput(extra));
}

/** An issued one-line invoice of `amount` (no tax) due on `dueDate` (issued 30 days before, NET30). */
export function invoiceDue(
  ctx: TestContext,
  tenantId: string,
  customer: string,
  amount: string,
  dueDate: CalendarDate,
) {
  return issueInvoice(ctx.deps, tenantId, customer, amount, {
    issueDate: addDays(dueDate, -30),
    paymentTerms: 'NET30',
  });
}

/** Run (and record) dunning on each day from `from` through `through`, skipping `skip(day)`. */
export async function runDaily(
  ctx: TestContext,
  tenantId: string,
  from: CalendarDate,
  through: CalendarDate,
  opts: {
    seams?: DunningSeams;
    skip?: (day: CalendarDate) => boolean;
    before?: (day: CalendarDate) => Promise<void>;
  } = {},
) {
  const results = [];
  for (let day = from; day <= through; day = addDays(day, 1)) {
    if (opts.skip?.(day)) continue;
    await opts.before?.(day);
    results.push(await runDunning(ctx.deps, tenantId, { asOf: day }, opts.seams ?? noDunningSeams));
  }
  return results;
}

/** Levels each invoice received and when, from the notices: invoice number → [[level, day], …]. */
export async function noticesByInvoice(
  q: Queryable,
  tenantId: string,
): Promise<Map<string, [number, string][]>> {
  const rows = await queryRows<{ number: string; level_no: number; sent_on: string }>(
    q,
    sql`select i.number, n.level_no, n.sent_on from dunning_notices n
        join invoices i on i.tenant_id = n.tenant_id and i.invoice_id = n.invoice_id
        where n.tenant_id = ${tenantId} order by i.number, n.sent_on, n.level_no`,
  );
  const out = new Map<string, [number, string][]>();
  for (const r of rows) out.set(r.number, [...(out.get(r.number) ?? []), [r.level_no, r.sent_on]]);
  return out;
}

/** Row counts of every table a dunning run writes, for "nothing was recorded" checks. */
export async function dunningCounts(q: Queryable, tenantId: string): Promise<Record<string, number>> {
  const tables = [
    'dunning_runs',
    'dunning_letters',
    'dunning_notices',
    'dunning_invoice_states',
    'dunning_customers',
    'invoices',
    'invoice_lines',
    'journal_entries',
    'journal_lines',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await queryRows<{ n: number }>(
      q,
      sql`select count(*)::int as n from ${sql.identifier(t)} where tenant_id = ${tenantId}`,
    );
    counts[t] = row?.n ?? 0;
  }
  return counts;
}
