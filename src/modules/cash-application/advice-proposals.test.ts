import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankLine, openInvoice } from '../../../test/helpers/cash-lines.ts';
import { resolveReference } from './advice-lines.ts';
import { adviceFit } from './advice-proposals.ts';
import type { AdviceLine, RemittanceAdvice } from './advices.ts';
import { type CustomerInfo, type Decision, decide, MatchContext, type Proposal } from './engine.ts';

const customers: CustomerInfo[] = [
  { customerId: 'c-llc', externalId: 'SLLC', names: ['Silverline Foods LLC'], parentId: null },
  { customerId: 'c-sarl', externalId: 'SSARL', names: ['Silverline Foods SARL'], parentId: null },
  { customerId: 'c-baltic', externalId: 'BALT', names: ['Baltic Retail N.V.'], parentId: null },
];

const invoices = [
  openInvoice('INV-004711', 'c-llc', 1_234_56n),
  openInvoice('INV-004712', 'c-llc', 120_00n),
  openInvoice('INV-004713', 'c-llc', 310_00n),
  openInvoice('INV-004714', 'c-llc', 999_99n),
  openInvoice('INV-005001', 'c-sarl', 1_234_56n),
  openInvoice('INV-005002', 'c-sarl', 219_00n),
  openInvoice('INV-006001', 'c-baltic', 50_00n),
];

/** A fresh context (advices are taken out when applied) with the given advices. */
function contextWith(...advices: RemittanceAdvice[]): MatchContext {
  const ctx = new MatchContext(
    customers,
    invoices,
    [{ iban: 'FR7630006000011234567890189', customerId: 'c-sarl' }],
    [],
    [{ number: 'INV-004700', totalMinor: 500_00n }],
  );
  for (const a of advices) ctx.advices.add(a);
  return ctx;
}

let n = 0;
function advice(lines: [string, bigint, string?][], extra: Partial<RemittanceAdvice> = {}): RemittanceAdvice {
  const adviceLines: AdviceLine[] = lines.map(([reference, amountMinor, reason], i) => ({
    reference,
    amountMinor,
    reason: reason ?? null,
    sourceLine: i + 2,
  }));
  n += 1;
  return {
    adviceId: `advice-${n}`,
    payerName: 'Silverline Foods LLC',
    payerIban: null,
    paymentReference: null,
    date: '2026-03-03',
    currency: 'EUR',
    totalMinor: adviceLines.reduce((s, l) => s + l.amountMinor, 0n),
    lines: adviceLines,
    sourceLine: 1,
    ...extra,
  };
}

const show = (d: Decision) => JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
const allocations = (p: Proposal | undefined) => p?.allocations.map((a) => `${a.number}=${a.amountMinor}`);

function applied(d: Decision): Proposal {
  assert.equal(d.status, 'applied', show(d));
  return d.status === 'applied' ? d.proposal : (undefined as never);
}

function suggested(d: Decision): readonly Proposal[] {
  assert.equal(d.status, 'suggested', show(d));
  return d.status === 'suggested' ? d.suggestions : [];
}

describe('a lump sum with a separate remittance advice', () => {
  it('equal amount and payment reference: applied per advice line, a short line with its reason a deduction', () => {
    const a = advice(
      [
        ['RE 4711', 1_234_56n],
        ['4712', 99_00n, 'Transportschaden'],
        ['INV-004713', 310_00n],
      ],
      { paymentReference: 'ZA-2026-0042', payerName: null },
    );
    const lump = bankLine({
      amountMinor: 1_643_56n,
      counterpartyName: 'SILVERLINE TREASURY',
      remittance: 'Zahlungsavis ZA-2026-0042 folgt per E-Mail',
      bookingDate: '2026-03-20',
    });
    const p = applied(decide(lump, contextWith(a)));
    assert.equal(p.customerId, 'c-llc');
    assert.equal(p.adviceId, a.adviceId);
    assert.deepEqual(allocations(p), ['INV-004711=123456', 'INV-004712=9900', 'INV-004713=31000']);
    assert.equal(p.unappliedMinor, 0n);
    assert.deepEqual(p.deduction, {
      kind: 'short_payment',
      invoiceId: 'i-INV-004712',
      amountMinor: 21_00n,
      reason: 'Transportschaden',
    });
    assert.ok(p.confidence >= 0.9);
    assert.match(
      p.reasons[0] ?? '',
      /remittance advice dated 2026-03-03 \(3 line\(s\), EUR 1,643\.56\) fits: the amount, payment reference ZA-2026-0042/,
    );
    assert.ok(
      p.reasons.some((r) =>
        /pays EUR 99\.00 of EUR 120\.00 on INV-004712: the rest stays open \(Transportschaden\)/.test(r),
      ),
    );
  });

  it('the amount alone is not enough: the same total without reference, account, name or date fits no advice', () => {
    const a = advice([['INV-004714', 999_99n]], { payerName: 'Silverline Foods LLC', date: '2026-01-10' });
    const stranger = bankLine({ amountMinor: 999_99n, counterpartyName: 'Nordwind Logistik GmbH' });
    assert.equal(adviceFit(a, stranger), null);
    assert.equal(adviceFit(a, { ...stranger, amountMinor: 999_98n, bookingDate: '2026-01-11' }), null);
    assert.notEqual(decide(stranger, contextWith(a)).status, 'applied');
  });

  it("a payer name like the advice's and a date inside the window are each enough; a different payer keeps it for a person", () => {
    const a = advice([['INV-004714', 999_99n]]);
    const byName = bankLine({
      amountMinor: 999_99n,
      counterpartyName: 'SILVERLINE FOODS',
      bookingDate: '2026-04-30',
    });
    assert.deepEqual(adviceFit(a, byName)?.evidence, ['payer name (100% alike)']);
    assert.deepEqual(allocations(applied(decide(byName, contextWith(a)))), ['INV-004714=99999']);
    const byDate = bankLine({ amountMinor: 999_99n, bookingDate: '2026-03-13' });
    assert.deepEqual(adviceFit(a, byDate)?.evidence, ["booked 10 day(s) from the advice's date"]);
    const other = bankLine({ amountMinor: 999_99n, counterpartyName: 'Nordwind Logistik GmbH' });
    const [s] = suggested(decide(other, contextWith(a)));
    assert.ok(
      s?.reasons.some((r) => /the advice's payer "Silverline Foods LLC" is not the line's payer/.test(r)),
    );
  });

  it('look-alike payers with two advices of the same amount: suggestions of both, never a guess', () => {
    const llc = advice([['INV-004711', 1_234_56n]], { payerName: 'Silverline Foods LLC' });
    const sarl = advice([['INV-005001', 1_234_56n]], { payerName: 'Silverline Foods SARL' });
    const lump = bankLine({ amountMinor: 1_234_56n, counterpartyName: 'SILVERLINE FOODS' });
    const s = suggested(decide(lump, contextWith(llc, sarl)));
    assert.deepEqual(s.map((p) => p.customerId).sort(), ['c-llc', 'c-sarl']);
    assert.ok(
      s.every((p) =>
        p.reasons.some((r) => /2 remittance advices of this amount fit the line equally/.test(r)),
      ),
    );
  });

  it('a reference decides between two advices of the same amount; two lines that fit one advice equally are suggestions', () => {
    const llc = advice([['INV-004711', 1_234_56n]], { paymentReference: 'E2E-LLC-0001' });
    const sarl = advice([['INV-005001', 1_234_56n]], { payerName: 'Silverline Foods SARL' });
    const lump = bankLine({
      amountMinor: 1_234_56n,
      counterpartyName: 'SILVERLINE FOODS',
      endToEndId: 'E2E-LLC-0001',
    });
    assert.equal(applied(decide(lump, contextWith(llc, sarl))).customerId, 'c-llc');

    const ctx = contextWith(advice([['INV-004714', 999_99n]]));
    const one = bankLine({ id: 'one', amountMinor: 999_99n, counterpartyName: 'Silverline Foods' });
    const two = bankLine({ id: 'two', amountMinor: 999_99n, counterpartyName: 'SILVERLINE FOODS LLC' });
    ctx.advices.seeLines([one, two]);
    const [s] = suggested(decide(one, ctx));
    assert.ok(
      s?.reasons.some((r) => /1 other bank line\(s\) of the same amount fit this advice equally/.test(r)),
    );
  });

  it('an advice line naming an unknown, a closed or a mistyped invoice: a suggestion that says which line', () => {
    const cases: [string, RegExp][] = [
      ['RE 9999', /advice line 2 \(RE 9999, EUR 210\.00\): no open invoice has this number/],
      ['INV-004700', /advice line 2 \(INV-004700, EUR 210\.00\): INV-004700 is not open/],
      ['INV-004716', /one digit away: not guessed/],
    ];
    for (const [written, why] of cases) {
      const a = advice([
        ['INV-004711', 1_234_56n],
        [written, 210_00n],
      ]);
      const lump = bankLine({ amountMinor: 1_444_56n, counterpartyName: 'Silverline Foods LLC' });
      const [s] = suggested(decide(lump, contextWith(a)));
      assert.deepEqual(allocations(s), ['INV-004711=123456'], written);
      assert.equal(s?.unappliedMinor, 210_00n);
      assert.ok(
        s?.reasons.some((r) => why.test(r)),
        `${written}: ${s?.reasons.join(' | ')}`,
      );
    }
  });

  it('a credit note the payer deducted: netted when booked here already, else left open on one invoice to clear', () => {
    const credited = [
      ...invoices.filter((i) => i.number !== 'INV-004712'),
      openInvoice('INV-004712', 'c-llc', 70_00n, { totalMinor: 120_00n }),
    ];
    const ctx = new MatchContext(customers, credited, []);
    ctx.advices.add(
      advice([
        ['INV-004712', 120_00n],
        ['GS 815', -50_00n],
      ]),
    );
    const booked = applied(
      decide(bankLine({ amountMinor: 70_00n, counterpartyName: 'Silverline Foods LLC' }), ctx),
    );
    assert.deepEqual(allocations(booked), ['INV-004712=7000']);
    assert.equal(booked.deduction, undefined);

    const a = advice([
      ['INV-004711', 1_234_56n],
      ['INV-004713', 310_00n],
      ['GS 816', -34_56n],
    ]);
    const p = applied(
      decide(bankLine({ amountMinor: 1_510_00n, counterpartyName: 'Silverline Foods LLC' }), contextWith(a)),
    );
    assert.deepEqual(allocations(p), ['INV-004711=120000', 'INV-004713=31000']);
    assert.deepEqual(p.deduction, {
      kind: 'credit_note',
      invoiceId: 'i-INV-004711',
      amountMinor: 34_56n,
      reason: 'credit note GS 816',
    });
  });

  it('more stated on an invoice than is open, invoices of two customers, or a payer account known for another customer: a person looks', () => {
    const over = advice([['INV-004712', 150_00n]]);
    const [s1] = suggested(
      decide(bankLine({ amountMinor: 150_00n, counterpartyName: 'Silverline Foods LLC' }), contextWith(over)),
    );
    assert.ok(
      s1?.reasons.some((r) => /pays EUR 150\.00 on INV-004712, which is open for EUR 120\.00/.test(r)),
    );
    assert.equal(s1?.unappliedMinor, 30_00n);

    const two = advice([
      ['INV-004712', 120_00n],
      ['INV-006001', 50_00n],
    ]);
    const [s2] = suggested(
      decide(bankLine({ amountMinor: 170_00n, counterpartyName: 'Silverline Foods LLC' }), contextWith(two)),
    );
    assert.ok(s2?.reasons.some((r) => /names invoices of 2 customers/.test(r)));

    const known = advice([['INV-004712', 120_00n]], { payerIban: null });
    const line = bankLine({
      amountMinor: 120_00n,
      counterpartyName: 'Silverline Foods LLC',
      counterpartyIban: 'FR7630006000011234567890189',
    });
    const [s3] = suggested(decide(line, contextWith(known)));
    assert.ok(s3?.reasons.some((r) => /is known for another customer/.test(r)));
  });

  it('an advice line names one invoice: its parts naming others do not make it ambiguous, two readings of it do', () => {
    const ctx = new MatchContext(
      customers,
      [
        openInvoice('INV-004254', 'c-llc', 10_00n),
        openInvoice('INV-000254', 'c-llc', 20_00n),
        openInvoice('RE-7001', 'c-llc', 30_00n),
        openInvoice('AB-7001', 'c-baltic', 40_00n),
      ],
      [],
    );
    const number = (r: ReturnType<typeof resolveReference>) => (typeof r === 'string' ? r : r.number);
    assert.equal(number(resolveReference(ctx, 'EUR', 'INV-004 254')), 'INV-004254');
    assert.equal(number(resolveReference(ctx, 'EUR', '254')), 'INV-000254');
    assert.equal(number(resolveReference(ctx, 'EUR', 'RE-7001')), 'RE-7001');
    assert.match(
      number(resolveReference(ctx, 'EUR', '7001')),
      /fits 2 open invoices \(RE-7001, AB-7001\); not guessed/,
    );
    assert.match(number(resolveReference(ctx, 'USD', 'RE-7001')), /RE-7001 is open in EUR, not in USD/);
  });

  it("a parent company's advice for its subsidiaries' invoices: one receipt of the paying company, allocated to each", () => {
    const group: CustomerInfo[] = [
      { customerId: 'c-hold', externalId: 'HOLD', names: ['Atlas Foods Holding AG'], parentId: null },
      { customerId: 'c-de', externalId: 'DE', names: ['Atlas Foods Deutschland GmbH'], parentId: 'c-hold' },
      { customerId: 'c-fr', externalId: 'FR', names: ['Atlas Foods France SARL'], parentId: 'c-hold' },
    ];
    const ctx = new MatchContext(
      [...customers, ...group],
      [openInvoice('INV-007001', 'c-de', 400_00n), openInvoice('INV-007002', 'c-fr', 600_00n)],
      [],
    );
    ctx.advices.add(
      advice(
        [
          ['INV-007001', 400_00n],
          ['INV-007002', 600_00n],
        ],
        { payerName: 'Atlas Foods Holding AG' },
      ),
    );
    const p = applied(
      decide(bankLine({ amountMinor: 1_000_00n, counterpartyName: 'ATLAS FOODS HOLDING' }), ctx),
    );
    assert.equal(p.customerId, 'c-hold');
    assert.deepEqual(allocations(p), ['INV-007001=40000', 'INV-007002=60000']);
    assert.ok(p.reasons.includes('invoices of 2 companies of one group'));
  });
});
