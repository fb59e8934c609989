import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deductionText, disputeReasonOf, quotedWords, unappliedDeductionText } from './dispute-wording.ts';
import type { Deduction } from './engine.ts';
import { deductionResult } from './run-results.ts';
import { bookedDeduction, proposalJson, proposalOf } from './stored-decision.ts';

describe('disputeReasonOf: the payer words a dispute reason', () => {
  const cases: [string, string][] = [
    // damaged goods
    ['Transportschaden', 'quality'],
    ['TRANSPORTSCHADEN LT. LIEFERSCHEIN 0815', 'quality'],
    ['Ware beschädigt', 'quality'],
    ['WARE BESCHAEDIGT ANGEKOMMEN', 'quality'],
    ['Mängelrüge Palette 3', 'quality'],
    ['MAENGEL', 'quality'],
    ['2 Stk. defekt', 'quality'],
    ['fehlerhafte Lieferung', 'quality'],
    ['damaged in transit', 'quality'],
    ['Damage claim 44', 'quality'],
    ['goods DEFECTIVE', 'quality'],
    ['marchandise endommagée', 'quality'],
    ['MARCHANDISE ENDOMMAGEE', 'quality'],
    ['avarie transport', 'quality'],
    // price difference
    ['Preisdifferenz', 'pricing'],
    ['PREISDIFF. LT. ANGEBOT', 'pricing'],
    ['price difference', 'pricing'],
    ['différence de prix', 'pricing'],
    ['Rabatt nicht berücksichtigt', 'pricing'],
    // missing items, quantity
    ['Mengendifferenz', 'quantity'],
    ['Fehlmenge 3 Kartons', 'quantity'],
    ['2 Artikel fehlen', 'quantity'],
    ['fehlende Teile', 'quantity'],
    ['Artikel fehlt', 'quantity'],
    ['missing items', 'quantity'],
    ['quantity difference', 'quantity'],
    ['short delivery', 'quantity'],
    ['articles manquants', 'quantity'],
    ['quantité livrée', 'quantity'],
    // not received, duplicate
    ['Ware nicht erhalten', 'not_received'],
    ['never received', 'not_received'],
    ['non reçu', 'not_received'],
    ['doppelt berechnet', 'duplicate'],
    ['duplicate invoice', 'duplicate'],
    // nothing understood, or a credit note
    ['GS 815', 'other'],
    ['credit note 815', 'other'],
    ['Gutschrift 2026-17', 'other'],
    ['', 'other'],
    ['siehe Schreiben vom 3.3.', 'other'],
    // word starts only for English and French: no false friends inside words
    ['Glasbruch', 'quality'],
    ['Filiale Bruchsal', 'other'],
    ['Mr Pricefield', 'other'],
  ];
  for (const [words, reason] of cases)
    it(`${JSON.stringify(words)} → ${reason}`, () => assert.equal(disputeReasonOf(words), reason));
});

describe('the dispute wording', () => {
  const short: Deduction = {
    kind: 'short_payment',
    invoiceId: 'i-1',
    amountMinor: 120_00n,
    reason: 'Transportschaden',
  };

  it('quotes the payer for a short payment, with the amount and the bank line', () => {
    assert.equal(
      deductionText(short, 'EUR', 'B-123'),
      'Short payment of EUR 120.00: "Transportschaden" (bank line B-123)',
    );
  });

  it('says a netted credit note was not found as an open credit', () => {
    const note: Deduction = { kind: 'credit_note', invoiceId: 'i-2', amountMinor: 50_00n, reason: 'GS 815' };
    assert.equal(
      deductionText(note, 'EUR', 'B-124'),
      'Deducted "GS 815" (a credit note not found as an open credit): EUR 50.00 left open (bank line B-124)',
    );
  });

  it('uses the currency’s decimals and groups thousands', () => {
    const yen = { ...short, amountMinor: 1_234_567n };
    assert.equal(
      deductionText(yen, 'JPY', 'X'),
      'Short payment of JPY 1,234,567: "Transportschaden" (bank line X)',
    );
  });

  it('collapses the whitespace of remittance lines and cuts long words', () => {
    assert.equal(quotedWords('  Transport-\n   schaden  '), 'Transport- schaden');
    const long = quotedWords('x'.repeat(500));
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('…'));
  });

  it('says the dispute stays when its payment is unapplied', () => {
    assert.match(
      unappliedDeductionText(short, 'EUR', 'B-123'),
      /^The payment of bank line B-123 that deducted EUR 120\.00 \("Transportschaden"\) was unapplied; the dispute stays/,
    );
  });
});

describe('a deduction stored with a decision and shown in a result', () => {
  const proposal = {
    customerId: 'c-1',
    allocations: [{ invoiceId: 'i-1', number: 'INV-2026-0042', amountMinor: 880_00n }],
    adjustments: [],
    unappliedMinor: 0n,
    confidence: 0.97,
    reasons: ['reference INV-2026-0042'],
    deduction: {
      kind: 'short_payment',
      invoiceId: 'i-1',
      amountMinor: 120_00n,
      reason: 'Transportschaden',
    } as Deduction,
  };

  it('round-trips through JSON, the amount a decimal string of minor units', () => {
    const json = JSON.parse(JSON.stringify(proposalJson(proposal)));
    assert.deepEqual(json.deduction, {
      kind: 'short_payment',
      invoiceId: 'i-1',
      amountMinor: '12000',
      reason: 'Transportschaden',
    });
    assert.deepEqual(proposalOf(json), proposal);
    assert.deepEqual(proposalOf(json, 'accepted by a user').deduction, proposal.deduction);
  });

  it('is absent (not null) for a proposal without one, as in decisions stored before', () => {
    const { deduction: _, ...plain } = proposal;
    const json = JSON.parse(JSON.stringify(proposalJson(plain)));
    assert.equal('deduction' in json, false);
    assert.equal('deduction' in proposalOf(json), false);
    assert.equal(bookedDeduction({ how: 'auto', ...json }), null);
  });

  it('is found again in an applied line’s decision, with its dispute', () => {
    const decision = JSON.parse(JSON.stringify({ how: 'auto', ...proposalJson(proposal), disputeId: 'd-1' }));
    assert.deepEqual(bookedDeduction(decision), { deduction: proposal.deduction, disputeId: 'd-1' });
    assert.equal(bookedDeduction(null), null);
    assert.equal(bookedDeduction({ reasons: ['unapplied by a user'] }), null);
  });

  it('shows the invoice by number, the amount in the currency and the payer’s words', () => {
    assert.deepEqual(deductionResult(proposal, 'EUR'), {
      invoiceNumber: 'INV-2026-0042',
      amount: '120.00',
      reason: 'Transportschaden',
      kind: 'short_payment',
    });
    assert.equal(deductionResult({ allocations: [] }, 'EUR'), null);
  });
});
