import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minorOf, statedDeductions, withoutCreditNoteNumbers } from './deductions.ts';

describe('statedDeductions', () => {
  it('reads a credit note netted, in German, English and French', () => {
    assert.deepEqual(statedDeductions('RE 4711, 4712 abzgl. GS 815', 'EUR'), [
      { kind: 'credit_note', amountMinor: null, reason: 'Gutschrift 815' },
    ]);
    assert.deepEqual(statedDeductions('Invoices 25894, 25892 less credit note CN-000077', 'EUR'), [
      { kind: 'credit_note', amountMinor: null, reason: 'credit note CN-000077' },
    ]);
    assert.deepEqual(statedDeductions('Factures 63415, 63422 moins avoir 1243', 'EUR'), [
      { kind: 'credit_note', amountMinor: null, reason: 'avoir 1243' },
    ]);
    assert.deepEqual(
      statedDeductions('Rechnungen 1, 2 abzgl. Gutschrift Nr. 9912', 'EUR')[0]?.reason,
      'Gutschrift 9912',
    );
  });

  it('reads an amount deducted with its reason', () => {
    assert.deepEqual(statedDeductions('INV-000123 abzgl. 120,00 EUR Transportschaden', 'EUR'), [
      { kind: 'short_payment', amountMinor: 12_000n, reason: 'Transportschaden' },
    ]);
    assert.deepEqual(statedDeductions('INV-9 less 1,045.50 for price difference', 'USD'), [
      { kind: 'short_payment', amountMinor: 104_550n, reason: 'price difference' },
    ]);
    assert.deepEqual(statedDeductions('RE 77 abzgl. EUR 1.200,5 Mengendifferenz', 'EUR'), [
      { kind: 'short_payment', amountMinor: 120_050n, reason: 'Mengendifferenz' },
    ]);
    assert.deepEqual(statedDeductions('F-12 moins 500 JPY missing items', 'JPY')[0]?.amountMinor, 500n);
  });

  it('leaves an early-payment discount and a bare "less" to the settlement rules', () => {
    assert.deepEqual(statedDeductions('INV-000123 abzgl. 2% Skonto', 'EUR'), []);
    assert.deepEqual(statedDeductions('INV-000123 abzgl. 24,00 Skonto', 'EUR'), []);
    assert.deepEqual(statedDeductions('INV-000123 less 12,00', 'EUR'), [], 'no reason given');
    assert.deepEqual(statedDeductions('Zahlung INV-000123', 'EUR'), []);
  });
});

describe('withoutCreditNoteNumbers', () => {
  it('blanks the credit note number, keeps the invoice numbers', () => {
    assert.equal(withoutCreditNoteNumbers('RE 4711, 4712 abzgl. GS 815'), 'RE 4711, 4712 abzgl. GS ');
    assert.equal(
      withoutCreditNoteNumbers('INV-1 less credit note CN-77 thanks'),
      'INV-1 less credit note  thanks',
    );
  });
});

describe('minorOf', () => {
  it('reads decimal commas, points and thousands marks', () => {
    assert.equal(minorOf('120,00', 'EUR'), 12_000n);
    assert.equal(minorOf('1.234,56', 'EUR'), 123_456n);
    assert.equal(minorOf('1,234.56', 'USD'), 123_456n);
    assert.equal(minorOf("1'234.5", 'CHF'), 123_450n);
    assert.equal(minorOf('120', 'EUR'), 12_000n);
    assert.equal(minorOf('1.234', 'EUR'), 123_400n, 'a point before three digits groups thousands');
    assert.equal(minorOf('7', 'JPY'), 7n);
    assert.equal(minorOf('7,5', 'JPY'), null, 'JPY has no minor units');
  });
});
