/**
 * The anomaly detectors over hand-made facts: for each a planted case it finds and look-alike clean
 * data on which it stays quiet (odd numbering, zero-padded references, amounts at the edge of each
 * tolerance, customers of one group, a JPY threshold, Benford samples built digit by digit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditRecordView } from '../audit/index.ts';
import { ANOMALY_DEFAULTS as P } from './anomaly-policy.ts';
import {
  behaviourJump,
  detectBehaviourChange,
  type PaymentFact,
  scaledMad,
} from './detect-behaviour-change.ts';
import {
  benfordShare,
  conformityOf,
  detectBenford,
  firstTwoDigits,
  firstTwoDigitsMad,
} from './detect-benford.ts';
import {
  type AttributedCreditFact,
  detectRoundAmountCredits,
  detectUnderApprovalLimit,
  isRoundAmount,
} from './detect-credit-amounts.ts';
import {
  type AppliedReceiptFact,
  type CreditFact,
  type CrossAllocationFact,
  detectCreditAfterReceipt,
  detectLapping,
} from './detect-diverted-cash.ts';
import {
  detectDuplicateInvoices,
  detectDuplicatePayments,
  type InvoiceFact,
  nearAmounts,
  type ReceiptFact,
} from './detect-duplicates.ts';
import { detectUnusualIssuers } from './detect-unusual-issuer.ts';

const inv = (over: Partial<InvoiceFact>): InvoiceFact => ({
  invoiceId: 'i1',
  customerId: 'c-müller',
  number: 'INV-000042',
  currency: 'EUR',
  totalMinor: 1_000_00n,
  issueDate: '2026-03-02',
  status: 'issued',
  ...over,
});

describe('duplicate invoices', () => {
  it('judges near amounts in integers at the edges of 1% and the absolute tolerance', () => {
    assert.equal(nearAmounts(100_000n, 99_000n, 0.01, 100n), true); // exactly 1%
    assert.equal(nearAmounts(100_000n, 98_999n, 0.01, 100n), false);
    assert.equal(nearAmounts(5_000n, 4_900n, 0.01, 100n), true); // 1.00 absolute
    assert.equal(nearAmounts(5_000n, 4_899n, 0.01, 100n), false);
  });
  it('finds the same number re-keyed and a near amount within 7 days; not voided, other customers, or 8 days', () => {
    const a = inv({ invoiceId: 'a' });
    const rekeyed = inv({ invoiceId: 'b', number: 'inv 42', totalMinor: 1_000_50n, issueDate: '2026-03-09' });
    const other = inv({ invoiceId: 'c', customerId: 'c-muller', number: 'INV-42' });
    const voided = inv({ invoiceId: 'd', status: 'void' });
    const late = inv({ invoiceId: 'e', issueDate: '2026-03-10' });
    const differs = inv({ invoiceId: 'f', number: 'INV-43', totalMinor: 1_020_00n, issueDate: '2026-03-03' });
    const found = detectDuplicateInvoices(
      [
        [a, rekeyed],
        [a, other],
        [a, voided],
        [a, late],
        [a, differs],
      ],
      P.duplicateInvoice,
    );
    assert.deepEqual(
      found.map((f) => [f.dedupeKey, f.severity]),
      [['duplicate_invoice:a:b', 'high']],
    );
    assert.equal(found[0]?.evidence.facts.daysApart, 7);
    assert.equal(
      detectDuplicateInvoices([[rekeyed, a]], P.duplicateInvoice)[0]?.dedupeKey,
      'duplicate_invoice:a:b',
    );
  });
  it('rates a number-only match medium and an amount-only match low', () => {
    const a = inv({ invoiceId: 'a' });
    const sameNumber = inv({ invoiceId: 'b', number: 'INV-42', totalMinor: 2_000_00n });
    const sameAmount = inv({ invoiceId: 'c', number: 'INV-77', totalMinor: 1_000_00n });
    const found = detectDuplicateInvoices(
      [
        [a, sameNumber],
        [a, sameAmount],
      ],
      P.duplicateInvoice,
    );
    assert.deepEqual(
      found.map((f) => f.severity),
      ['medium', 'low'],
    );
  });
});

const rcp = (over: Partial<ReceiptFact>): ReceiptFact => ({
  receiptId: 'r1',
  customerId: 'c-1',
  currency: 'EUR',
  amountMinor: 500_00n,
  receivedOn: '2026-03-02',
  reference: 'RF18 0000 0000 0000 0000 42',
  ...over,
});

describe('duplicate payments', () => {
  it('finds the same amount and reference (spacing aside) within the window; not another amount or reference', () => {
    const a = rcp({ receiptId: 'a' });
    const twin = rcp({ receiptId: 'b', reference: 'rf18000000000000000042', receivedOn: '2026-03-05' });
    const cent = rcp({ receiptId: 'c', amountMinor: 500_01n });
    const otherRef = rcp({ receiptId: 'd', reference: 'RF18 0000 0000 0000 0000 43' });
    const noRef = rcp({ receiptId: 'e', reference: null });
    const dots = rcp({ receiptId: 'f', reference: '...' });
    const found = detectDuplicatePayments(
      [
        [a, twin],
        [a, cent],
        [a, otherRef],
        [a, noRef],
        [dots, rcp({ receiptId: 'g', reference: '--' })],
      ],
      P.duplicatePayment,
    );
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      ['duplicate_payment:a:b'],
    );
  });
});

const alloc = (over: Partial<CrossAllocationFact>): CrossAllocationFact => ({
  allocationId: 'al1',
  receiptId: 'r1',
  payerCustomerId: 'c-acme',
  invoiceId: 'i1',
  invoiceNumber: 'INV-1',
  invoiceCustomerId: 'c-acme-gmbh',
  currency: 'EUR',
  amountMinor: 100_00n,
  appliedAt: new Date('2026-03-02T10:00:00Z'),
  ...over,
});

describe('lapping signal', () => {
  it('finds a receipt applied outside the payer’s group, not inside it or to the payer itself', () => {
    const groups = new Map([['c-acme', new Set(['c-acme', 'c-acme-holding', 'c-acme-gmbh'])]]);
    const found = detectLapping({
      foreignPayers: [],
      allocations: [
        alloc({ allocationId: 'inside' }),
        alloc({ allocationId: 'own', invoiceCustomerId: 'c-acme' }),
        alloc({ allocationId: 'outside', invoiceCustomerId: 'c-acme-ltd' }),
        alloc({ allocationId: 'no-group', payerCustomerId: 'c-solo', invoiceCustomerId: 'c-other' }),
      ],
      groups,
    });
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      ['lapping_signal:outside', 'lapping_signal:no-group'],
    );
    assert.equal(found[0]?.evidence.facts.relation, 'none');
  });
  it('finds a receipt booked to one customer from the account of an unrelated one, not of a group member', () => {
    const groups = new Map([
      ['c-acme-holding', new Set(['c-acme-holding', 'c-acme-gmbh'])],
      ['c-acme-ltd', new Set(['c-acme-ltd'])],
    ]);
    const payer = {
      receiptId: 'r-from-ltd',
      customerId: 'c-acme-gmbh',
      payerIban: 'DE89370400440532013000',
      payerName: 'ACME Ltd',
      currency: 'EUR',
      amountMinor: 1_234_56n,
      receivedOn: '2026-03-03',
      accountOwnerIds: ['c-acme-ltd'],
    };
    const found = detectLapping({
      allocations: [],
      groups,
      foreignPayers: [payer, { ...payer, receiptId: 'r-from-holding', accountOwnerIds: ['c-acme-holding'] }],
    });
    assert.deepEqual(
      found.map((f) => [f.dedupeKey, f.severity]),
      [['lapping_signal:receipt:r-from-ltd', 'high']],
    );
  });
});

const credit = (over: Partial<CreditFact>): CreditFact => ({
  adjustmentId: 'adj1',
  kind: 'write_off',
  invoiceId: 'ix',
  invoiceNumber: 'INV-9',
  customerId: 'c-x',
  currency: 'EUR',
  amountMinor: 1_000_00n,
  createdAt: new Date('2026-03-15T12:00:00Z'),
  ...over,
});
const applied = (over: Partial<AppliedReceiptFact>): AppliedReceiptFact => ({
  receiptId: 'r1',
  receiptAmountMinor: 1_015_00n,
  currency: 'EUR',
  appliedToCustomerId: 'c-y',
  appliedAt: new Date('2026-03-05T12:00:00Z'),
  payer: 'credited_customer',
  ...over,
});

describe('credit after receipt', () => {
  it('finds a write-off 10 days after a receipt within 2% was applied to another customer; keeps the latest receipt', () => {
    const c = credit({});
    const found = detectCreditAfterReceipt(
      [
        [c, applied({ receiptId: 'early', appliedAt: new Date('2026-03-02T12:00:00Z') })],
        [c, applied({ receiptId: 'late' })],
      ],
      P.creditAfterReceipt,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.evidence.receiptId, 'late');
    assert.equal(found[0]?.evidence.facts.daysBetween, 10);
  });
  it('is high when the receipt came from the credited customer’s own account, medium when the payer is unknown and the amount equal to the cent', () => {
    const c = credit({});
    const exact = applied({ payer: 'unknown', receiptAmountMinor: 1_000_00n });
    const found = detectCreditAfterReceipt([[c, exact]], P.creditAfterReceipt);
    assert.deepEqual(
      found.map((f) => [f.severity, f.evidence.facts.payer]),
      [['medium', 'unknown']],
    );
    assert.equal(detectCreditAfterReceipt([[c, applied({})]], P.creditAfterReceipt)[0]?.severity, 'high');
  });
  it('stays quiet when the payer is unknown and the amounts differ by a cent, or the money came from another customer’s account', () => {
    const c = credit({});
    const pairs = [
      applied({ payer: 'unknown', receiptAmountMinor: 1_000_01n }),
      applied({ payer: 'unknown' }),
      applied({ payer: 'other_customer', receiptAmountMinor: 1_000_00n }),
    ].map((r) => [c, r] as const);
    assert.deepEqual(detectCreditAfterReceipt(pairs, P.creditAfterReceipt), []);
  });
  it('stays quiet at 15 days, at 2.1%, after the credit, in another currency or on the same customer', () => {
    const c = credit({});
    const pairs = [
      applied({ appliedAt: new Date('2026-02-29T11:00:00Z') }),
      applied({ receiptAmountMinor: 1_021_00n }),
      applied({ appliedAt: new Date('2026-03-15T12:00:01Z') }),
      applied({ currency: 'CHF' }),
      applied({ appliedToCustomerId: 'c-x' }),
    ].map((r) => [c, r] as const);
    assert.deepEqual(detectCreditAfterReceipt(pairs, P.creditAfterReceipt), []);
  });
});

const attributed = (over: Partial<AttributedCreditFact>): AttributedCreditFact => ({
  ...credit({}),
  userId: 'u-ana',
  userName: 'Ana',
  ...over,
});

describe('credits under the approval limit and round credits', () => {
  const thresholds = new Map([
    ['invoice.write_off:EUR', 500_00n],
    ['invoice.credit_note:JPY', 100_000n],
  ]);
  it('finds one user’s third credit within 5% under the threshold, not two, not another user’s, not at it', () => {
    const under = (id: string, amount: bigint, over: Partial<AttributedCreditFact> = {}) =>
      attributed({ adjustmentId: id, amountMinor: amount, ...over });
    const ana = [under('a1', 499_99n), under('a2', 475_00n), under('a3', 480_00n, { kind: 'write_off' })];
    const found = detectUnderApprovalLimit(ana, thresholds, P.underApprovalLimit);
    assert.equal(found.length, 1);
    assert.equal(found[0]?.evidence.userId, 'u-ana');
    const quiet = [
      under('b1', 499_99n),
      under('b2', 474_99n), // 5.0002% below
      under('b3', 500_00n), // at the threshold: it was approved
      under('b4', 490_00n, { userId: 'u-ben' }),
      under('b5', 499_00n, { currency: 'CHF' }), // no threshold in CHF
    ];
    assert.deepEqual(detectUnderApprovalLimit(quiet, thresholds, P.underApprovalLimit), []);
    const yen = [1, 2, 3].map((i) =>
      under(`y${i}`, 99_000n, { kind: 'credit_note', currency: 'JPY', createdAt: new Date(`2026-03-0${i}`) }),
    );
    assert.equal(detectUnderApprovalLimit(yen, thresholds, P.underApprovalLimit).length, 1);
  });
  it('calls 1,000.00 EUR and JPY 5,000 round, not 1,000.01 or 900.00', () => {
    assert.equal(isRoundAmount(1_000_00n, 'EUR', P.roundAmountCredit), true);
    assert.equal(isRoundAmount(5_000n, 'JPY', P.roundAmountCredit), true);
    assert.equal(isRoundAmount(1_000_01n, 'EUR', P.roundAmountCredit), false);
    assert.equal(isRoundAmount(900_00n, 'EUR', P.roundAmountCredit), false);
    assert.equal(isRoundAmount(1_000_000n, 'KWD', P.roundAmountCredit), true); // 1,000.000
    const found = detectRoundAmountCredits(
      [attributed({ adjustmentId: 'r', amountMinor: 2_500_00n }), attributed({ amountMinor: 2_513_37n })],
      P.roundAmountCredit,
    );
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      ['round_amount_credit:r'],
    );
  });
});

let seq = 0n;
function issued(actorId: string, at: string): AuditRecordView {
  seq += 1n;
  return {
    seq,
    recordId: `r${seq}`,
    occurredAt: new Date(at),
    actor: { kind: 'user', id: actorId, name: actorId === 'u-zoë' ? 'Zoë' : 'Ana' },
    origin: { channel: 'http', ip: null, agent: null },
    kind: 'invoice.issued',
    objectType: 'invoice',
    objectId: `inv-${seq}`,
    reason: null,
    changes: {},
    details: { number: `INV-${seq}` },
    prevHash: '',
    hash: '',
  };
}

describe('unusual issuer', () => {
  it('finds a user with 2 of 400 issues, not the usual issuer, and nobody in a small tenant', () => {
    const records = [issued('u-ana', '2026-03-02T10:00:00Z'), issued('u-zoë', '2026-03-03T10:00:00Z')];
    records.push(issued('u-zoë', '2026-03-04T10:00:00Z'));
    const issuesByActor = new Map([
      ['u-ana', 398],
      ['u-zoë', 2],
    ]);
    const found = detectUnusualIssuers(
      { issued: records, issuesByActor, tenantIssues: 400 },
      P.unusualIssuer,
    );
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      ['unusual_issuer:u-zoë:2026-03'],
    );
    assert.equal(found[0]?.evidence.records.length, 2);
    assert.deepEqual(
      detectUnusualIssuers({ issued: records, issuesByActor, tenantIssues: 40 }, P.unusualIssuer),
      [],
    );
  });
});

/** `n` counts of first-two digits as Benford expects them (largest-remainder rounding). */
function benfordCounts(n: number): Map<number, number> {
  const exact = Array.from({ length: 90 }, (_, i) => ({ d: i + 10, x: benfordShare(i + 10) * n }));
  const counts = new Map(exact.map((e) => [e.d, Math.floor(e.x)]));
  let left = n - [...counts.values()].reduce((s, c) => s + c, 0);
  for (const e of [...exact].sort((a, b) => (b.x % 1) - (a.x % 1))) {
    if (left-- <= 0) break;
    counts.set(e.d, (counts.get(e.d) ?? 0) + 1);
  }
  return counts;
}

describe('Benford first-two digits', () => {
  it('takes the first two digits of minor units; none below 10', () => {
    assert.equal(firstTwoDigits(4_999_00n), 49);
    assert.equal(firstTwoDigits(10n), 10);
    assert.equal(firstTwoDigits(9n), null);
  });
  it('computes MAD 0 for Benford itself and 0.0060 for uniform digits; grades by Nigrini’s bounds', () => {
    assert.ok(firstTwoDigitsMad(benfordCounts(100_000)) < 0.00001);
    const uniform = new Map(Array.from({ length: 90 }, (_, i) => [i + 10, 100]));
    const mad = firstTwoDigitsMad(uniform);
    // Σ|1/90 − log10(1+1/d)| / 90 over d = 10 … 99, summed apart (Python): 0.0059743.
    assert.ok(Math.abs(mad - 0.0059743) < 0.0000001, String(mad));
    assert.equal(conformityOf(0.0012, P.benford), 'close');
    assert.equal(conformityOf(0.0018, P.benford), 'acceptable');
    assert.equal(conformityOf(0.0022, P.benford), 'marginal');
    assert.equal(conformityOf(0.00221, P.benford), 'nonconformity');
  });
  it('finds a user whose 400 amounts pile up under a threshold (49xx), not a Benford-like user or 299 amounts', () => {
    const piled = benfordCounts(400);
    piled.set(49, (piled.get(49) ?? 0) + 60);
    const found = detectBenford(
      [
        { userId: 'u-ana', userName: 'Ana', month: '2026-03', counts: piled },
        { userId: 'u-ben', userName: 'Ben', month: '2026-03', counts: benfordCounts(5_000) },
        { userId: 'u-cy', userName: 'Cy', month: '2026-03', counts: new Map([[49, 299]]) },
      ],
      P.benford,
    );
    assert.deepEqual(
      found.map((f) => f.dedupeKey),
      ['benford:u-ana:2026-03'],
    );
    const excess = (found[0]?.evidence.facts.mostInExcess ?? []) as { digits: number }[];
    assert.equal(excess[0]?.digits, 49);
  });
});

const payments = (lates: readonly number[]): PaymentFact[] =>
  lates.map((d, i) => ({
    invoiceId: `p${i}`,
    settledOn: `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    daysLate: d,
  }));

describe('payment behaviour change', () => {
  it('uses the scaled MAD (robust to one wild payment)', () => {
    assert.equal(scaledMad([1, 2, 3, 4, 100]), 1.4826);
  });
  it('finds a punctual customer now 30 days late; not a noisy one, not a short history, not an improvement', () => {
    const history = [0, 2, -1, 3, 1, 0, 2, 1, 45, 0, 1, 2];
    const found = detectBehaviourChange(
      [
        { customerId: 'c-jumped', payments: payments([...history, 28, 31, 30, 35, 29]) },
        {
          customerId: 'c-noisy',
          payments: payments([0, 40, 5, 60, 10, 35, 2, 50, 20, 45, 30, 31, 40, 28, 35]),
        },
        { customerId: 'c-short', payments: payments([0, 1, 0, 2, 30, 31, 30, 35, 29]) },
        { customerId: 'c-better', payments: payments([...history.map((d) => d + 40), 0, 1, 0, 2, 1]) },
      ],
      P.behaviourChange,
    );
    assert.deepEqual(
      found.map((f) => f.evidence.customerId),
      ['c-jumped'],
    );
    assert.equal(found[0]?.evidence.facts.medianDaysLateRecent, 30);
    assert.equal(behaviourJump(payments([...history, 28, 31, 30, 35, 29]), P.behaviourChange)?.before, 1);
  });
});
