/**
 * Property: the KPI report's figures as of past month ends equal a recomputation from the raw
 * journal — written here independently, straight over journal_lines, journal_entries and the
 * invoices' due dates — for random histories made through the API: invoices and credit notes in two
 * currencies, partial and full payments, write-offs and voids, each on its own day, so that later
 * events must not change earlier months. On both back ends (TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { queryRows } from '../../src/db/client.ts';
import { receivablesKpis } from '../../src/modules/reports/index.ts';
import { addDays, endOfMonth } from '../../src/shared/calendar-date.ts';
import { parseAmount } from '../../src/shared/money.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

const TODAY = '2026-06-20';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

type Step =
  | { kind: 'invoice'; day: number; customer: 0 | 1; cents: number; usd: boolean }
  | { kind: 'pay'; day: number; of: number; share: number }
  | { kind: 'write_off'; day: number; of: number }
  | { kind: 'void'; day: number; of: number }
  | { kind: 'credit'; day: number; of: number; share: number }
  | { kind: 'overpay'; day: number; of: number; cents: number };

/** Day 0 is 2026-01-01; every step lands before TODAY. */
const day = fc.integer({ min: 0, max: 165 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('invoice' as const),
      day,
      customer: fc.constantFrom(0 as const, 1 as const),
      cents: fc.integer({ min: 1, max: 500_000 }),
      usd: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      day,
      of: fc.nat(),
      share: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('write_off' as const), day, of: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('overpay' as const),
      day,
      of: fc.nat(),
      cents: fc.integer({ min: 1, max: 50_000 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), day, of: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('credit' as const),
      day,
      of: fc.nat(),
      share: fc.integer({ min: 1, max: 100 }),
    }),
  },
);

/** A history with every kind of step the API takes, run first (a void needs an untouched invoice). */
const EVERY_KIND: Step[] = [
  { kind: 'invoice', day: 5, customer: 0, cents: 119_00, usd: false },
  { kind: 'invoice', day: 10, customer: 1, cents: 2_500_00, usd: true },
  { kind: 'invoice', day: 40, customer: 0, cents: 77_77, usd: false },
  { kind: 'pay', day: 50, of: 0, share: 50 },
  { kind: 'void', day: 60, of: 2 },
  { kind: 'credit', day: 70, of: 0, share: 30 },
  { kind: 'invoice', day: 75, customer: 1, cents: 333_33, usd: false },
  { kind: 'pay', day: 90, of: 3, share: 40 }, // part paid, then written off: settled, not by payment
  { kind: 'write_off', day: 105, of: 3 },
  { kind: 'write_off', day: 100, of: 1 },
  { kind: 'overpay', day: 110, of: 0, cents: 12_34 },
  { kind: 'invoice', day: 120, customer: 1, cents: 1_00, usd: false },
];

const dateOf = (d: number) => addDays('2026-01-01', d);
const money = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

/** How many steps of each kind the API took (2xx): the property must have seen each kind happen. */
const taken = new Map<string, number>();

async function applied(kind: string, response: Promise<{ status: number }>): Promise<void> {
  const { status } = await response;
  if (status >= 200 && status < 300) taken.set(kind, (taken.get(kind) ?? 0) + 1);
}

interface Issued {
  id: string;
  number: string;
  customer: string;
  day: number;
  currency: string;
}

describe(`KPIs as of past month ends equal the raw journal (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext(`${TODAY}T12:00:00Z`);
  });
  after(() => ctx.close());

  /** Play the steps in date order through the API; a step the API refuses is skipped (as a user's mistake). */
  async function play(steps: Step[]) {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.admin);
    const customers = ['KD-10', 'KD-10-1'];
    for (const [i, externalId] of customers.entries())
      assert.equal(
        (await api.post('/v1/customers', { externalId, name: `Kühne Logistik ${i ? 'Süd' : ''}` })).status,
        201,
      );
    const issued: Issued[] = [];
    const ordered = [...steps].sort((a, b) => a.day - b.day);
    for (const s of ordered)
      await atTime(ctx, `${dateOf(s.day)}T09:00:00Z`, () => playStep(api, s, issued, customers));
    return tenant.tenantId;
  }

  async function playStep(api: ReturnType<typeof client>, s: Step, issued: Issued[], customers: string[]) {
    const date = dateOf(s.day);
    if (s.kind === 'invoice') {
      const customer = customers[s.customer] as string;
      const draft = await api.post('/v1/invoices', {
        customer,
        issueDate: date,
        ...(s.usd ? { currency: 'USD', fxRate: '0.9' } : {}),
        lines: [{ description: 'Fracht', quantity: '1', unitPrice: money(BigInt(s.cents)) }],
      });
      assert.equal(draft.status, 201, draft.text);
      const done = await api.post(`/v1/invoices/${draft.body.id}/issue`, {});
      assert.equal(done.status, 200, done.text);
      issued.push({
        id: done.body.id,
        number: done.body.number,
        customer,
        day: s.day,
        currency: done.body.currency,
      });
      return;
    }
    const target = issued.length === 0 ? undefined : issued[s.of % issued.length];
    if (!target) return;
    const invoice = (await api.get(`/v1/invoices/${target.id}`)).body;
    const open = parseAmount(invoice.open, target.currency);
    if (s.kind === 'pay' && open > 0n) {
      const amount = money((open * BigInt(s.share) + 99n) / 100n);
      await applied(
        s.kind,
        api.post('/v1/receipts', {
          customer: target.customer,
          method: 'bank_transfer',
          receivedOn: date,
          amount,
          currency: target.currency,
          allocations: [{ invoice: target.number, amount }],
        }),
      );
    } else if (s.kind === 'write_off') {
      await applied(
        s.kind,
        api.post(`/v1/invoices/${target.id}/write-off`, { reason: 'uneinbringlich', date }),
      );
    } else if (s.kind === 'void') {
      await applied(s.kind, api.post(`/v1/invoices/${target.id}/void`, { date }));
    } else if (s.kind === 'overpay' && open > 0n) {
      // Pays the invoice in full and leaves `cents` on the receipt as unapplied cash.
      await applied(
        s.kind,
        api.post('/v1/receipts', {
          customer: target.customer,
          method: 'bank_transfer',
          receivedOn: date,
          amount: money(open + BigInt(s.cents)),
          currency: target.currency,
          allocations: [{ invoice: target.number, amount: money(open) }],
        }),
      );
    } else if (s.kind === 'credit' && open > 0n) {
      const amount = money((open * BigInt(s.share) + 99n) / 100n);
      await applied(
        s.kind,
        api.post(`/v1/invoices/${target.id}/credit`, { date, reason: 'Preisnachlass', amount }),
      );
    }
  }

  /** The same figures straight from the journal: AR by invoice up to `end`, bucketed by due date. */
  async function rawStock(tenantId: string, currency: string, end: string) {
    const [row] = await queryRows<{ total: string; current: string; over90: string }>(
      ctx.deps.db,
      sql`with per_invoice as (
            select l.invoice_id, sum(l.amount_minor) as open
            from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
            join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code and a.role = 'ar_control'
            where l.tenant_id = ${tenantId} and l.currency = ${currency} and l.invoice_id is not null
              and e.effective_date <= ${end}::date
            group by l.invoice_id)
          select coalesce(sum(p.open), 0)::text as total,
            coalesce(sum(p.open) filter (where i.due_date >= ${end}::date), 0)::text as current,
            coalesce(sum(p.open) filter (where ${end}::date - i.due_date > 90), 0)::text as over90
          from per_invoice p join invoices i on i.tenant_id = ${tenantId} and i.invoice_id = p.invoice_id`,
    );
    return {
      totalMinor: BigInt(row?.total ?? 0),
      currentMinor: BigInt(row?.current ?? 0),
      over90Minor: BigInt(row?.over90 ?? 0),
    };
  }

  /** Credit sales and bad debt of a month straight from the journal lines. */
  async function rawFlows(tenantId: string, currency: string, month: string) {
    const from = `${month}-01`;
    const to = endOfMonth(from) > TODAY ? TODAY : endOfMonth(from);
    const [row] = await queryRows<{ sales: string; bad: string }>(
      ctx.deps.db,
      sql`select
            coalesce(sum(l.amount_minor) filter (where a.role = 'ar_control'
              and e.event_code in ('invoice.issued', 'credit_note.issued', 'invoice.voided')), 0)::text as sales,
            coalesce(sum(l.amount_minor) filter (where a.role = 'bad_debt'), 0)::text as bad
          from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code
          where l.tenant_id = ${tenantId} and l.currency = ${currency}
            and e.effective_date between ${from}::date and ${to}::date`,
    );
    return { salesMinor: BigInt(row?.sales ?? 0), badDebtMinor: BigInt(row?.bad ?? 0) };
  }

  /** Unapplied cash at `end`: minus the AR lines that name a receipt and no invoice, up to it. */
  async function rawUnapplied(tenantId: string, currency: string, end: string) {
    const [row] = await queryRows<{ unapplied: string }>(
      ctx.deps.db,
      sql`select coalesce(-sum(l.amount_minor), 0)::text as unapplied
          from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code and a.role = 'ar_control'
          where l.tenant_id = ${tenantId} and l.currency = ${currency} and l.receipt_id is not null
            and l.invoice_id is null and e.effective_date <= ${end}::date`,
    );
    return BigInt(row?.unapplied ?? 0);
  }

  /**
   * Invoices settled by payment per month, replayed here in TypeScript from the raw AR lines: day by
   * day per invoice, settled on a day its balance turns zero, paid if an allocation came before and
   * no write-off or void; counted with its total and whether it was on or before its due date.
   */
  function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
    return out;
  }

  async function rawSettlements(tenantId: string, currency: string) {
    const lines = await queryRows<{
      invoice_id: string;
      day: string;
      event: string;
      amount: string;
      due: string;
      total: string;
    }>(
      ctx.deps.db,
      sql`select l.invoice_id, to_char(e.effective_date, 'YYYY-MM-DD') as day, e.event_code as event,
            l.amount_minor::text as amount, to_char(i.due_date, 'YYYY-MM-DD') as due, i.total_minor::text as total
          from journal_lines l join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code and a.role = 'ar_control'
          join invoices i on i.tenant_id = l.tenant_id and i.invoice_id = l.invoice_id
          where l.tenant_id = ${tenantId} and l.currency = ${currency} and e.effective_date <= ${TODAY}::date
          order by l.invoice_id, e.effective_date`,
    );
    const byMonth = new Map<string, { invoices: bigint; withinTerms: bigint; amountMinor: bigint }>();
    const byInvoice = groupBy(lines, (l) => l.invoice_id);
    for (const rows of byInvoice.values()) {
      let balance = 0n;
      let paid = false;
      let lost = false;
      for (const [dayOf, ofDay] of groupBy(rows, (l) => l.day)) {
        const moved = ofDay.reduce((s, l) => s + BigInt(l.amount), 0n);
        balance += moved;
        paid ||= ofDay.some((l) => l.event === 'receipt.allocated');
        lost ||= ofDay.some((l) => l.event === 'invoice.written_off' || l.event === 'invoice.voided');
        if (balance !== 0n || moved === 0n || !paid || lost) continue;
        const first = ofDay[0] as (typeof ofDay)[number];
        const m = byMonth.get(dayOf.slice(0, 7)) ?? { invoices: 0n, withinTerms: 0n, amountMinor: 0n };
        m.invoices += 1n;
        m.withinTerms += dayOf <= first.due ? 1n : 0n;
        m.amountMinor += BigInt(first.total);
        byMonth.set(dayOf.slice(0, 7), m);
      }
    }
    return byMonth;
  }

  it('month by month, in each currency', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), async (steps) => {
        const tenantId = await play(steps);
        for (const currency of ['EUR', 'USD']) {
          const report = await receivablesKpis(ctx.deps.db, tenantId, {
            from: MONTHS[0] as string,
            to: MONTHS.at(-1) as string,
            currency,
            today: TODAY,
          });
          const settlements = await rawSettlements(tenantId, currency);
          for (const [i, month] of MONTHS.entries()) {
            const p = report.months[i];
            assert.ok(p);
            const end = endOfMonth(`${month}-01`) > TODAY ? TODAY : endOfMonth(`${month}-01`);
            assert.deepEqual(
              p.figures.ending,
              await rawStock(tenantId, currency, end),
              `${currency} ${month} AR`,
            );
            const flows = await rawFlows(tenantId, currency, month);
            assert.equal(p.figures.salesMinor, flows.salesMinor, `${currency} ${month} sales`);
            assert.equal(p.figures.badDebtMinor, flows.badDebtMinor, `${currency} ${month} bad debt`);
            assert.equal(
              p.figures.activity.unapplied.amountMinor,
              await rawUnapplied(tenantId, currency, end),
              `${currency} ${month} unapplied cash`,
            );
            const s = settlements.get(month) ?? { invoices: 0n, withinTerms: 0n, amountMinor: 0n };
            const { invoices, withinTerms, amountMinor } = p.figures.activity.settled;
            assert.deepEqual(
              { invoices, withinTerms, amountMinor },
              s,
              `${currency} ${month} settled by payment`,
            );
          }
        }
      }),
      { numRuns: Number(process.env.KPI_PROPERTY_RUNS ?? 6), seed: 12, examples: [[EVERY_KIND]] },
    );
    for (const kind of ['pay', 'write_off', 'void', 'credit', 'overpay'])
      assert.ok((taken.get(kind) ?? 0) > 0, `no ${kind} was taken by the API in any run: ${[...taken]}`);
  });
});
