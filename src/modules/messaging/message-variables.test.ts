import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatIban,
  formatLongDate,
  formatMoney,
  formatShortDate,
  formatTotals,
  localeFor,
} from './message-format.ts';
import { messageValues } from './message-variables.ts';
import { sampleContext } from './template-samples.ts';

// Intl separates amount and symbol with a no-break space (U+00A0) in German and French.
describe('formatting for the reader', () => {
  it('picks the locale from the language and the country', () => {
    assert.equal(localeFor('fr', 'fr-CH', 'DE'), 'fr-CH', "the customer's own tag wins");
    assert.equal(localeFor('de', 'en', 'AT'), 'de-AT', 'the tag of another language is not used');
    assert.equal(localeFor('en', 'en', null), 'en');
    assert.equal(localeFor('de', null, 'XX'), 'de-XX', 'Intl accepts any region and falls back inside');
  });

  it('formats amounts exactly, in the currency’s minor units', () => {
    // 1234567890123456789 cents = 12,345,678,901,234,567.89 EUR: beyond a float's 15–17 digits.
    assert.equal(
      formatMoney({ amountMinor: 1234567890123456789n, currency: 'EUR' }, 'de-DE'),
      '12.345.678.901.234.567,89\u00a0€',
    );
    assert.equal(formatMoney({ amountMinor: 123450n, currency: 'EUR' }, 'en-GB'), '€1,234.50');
    assert.equal(formatMoney({ amountMinor: 1234n, currency: 'JPY' }, 'en'), '¥1,234');
    assert.equal(formatMoney({ amountMinor: 1234567n, currency: 'KWD' }, 'en'), 'KWD\u00a01,234.567');
    assert.equal(formatMoney({ amountMinor: -500n, currency: 'EUR' }, 'de-DE'), '-5,00\u00a0€');
  });

  it('never loses a minor unit (any amount, back from the German format)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (amountMinor) => {
        const text = formatMoney({ amountMinor, currency: 'EUR' }, 'de-DE');
        const digits = text.replace(/[^\d-]/g, '');
        assert.equal(BigInt(digits), amountMinor);
      }),
    );
  });

  it('sums per currency', () => {
    const eur = (m: bigint) => ({ amountMinor: m, currency: 'EUR' });
    assert.equal(
      formatTotals([eur(100n), { amountMinor: 250n, currency: 'USD' }, eur(50n)], 'en-GB'),
      '€1.50 + US$2.50',
    );
    assert.equal(formatTotals([], 'en'), '');
  });

  it('formats dates and IBANs as printed', () => {
    assert.equal(formatLongDate('2026-03-05', 'de-DE'), '5. März 2026');
    assert.equal(formatLongDate('2026-03-05', 'fr-FR'), '5 mars 2026');
    assert.equal(formatShortDate('2026-03-05', 'en-US'), '03/05/2026');
    assert.equal(formatIban('de89370400440532013000'), 'DE89 3704 0044 0532 0130 00');
  });
});

describe('message values', () => {
  const ctx = sampleContext('de', 'de-DE', 'Acme GmbH');

  it('adds fee and interest to the open amounts for the total due', () => {
    const v = messageValues(
      {
        kind: 'dunning',
        level: 3,
        letterDate: '2026-03-20',
        invoices: [
          {
            number: 'A',
            dueDate: '2026-03-01',
            total: { amountMinor: 10000n, currency: 'EUR' },
            open: { amountMinor: 7000n, currency: 'EUR' },
          },
          {
            number: 'B',
            dueDate: '2026-03-10',
            total: { amountMinor: 2500n, currency: 'EUR' },
            open: { amountMinor: 2500n, currency: 'EUR' },
          },
        ],
        fee: { amountMinor: 500n, currency: 'EUR' },
        interest: { amountMinor: 37n, currency: 'EUR' },
        interestRatePct: '10.27',
      },
      ctx,
    );
    // open 70.00 + 25.00 = 95.00; + fee 5.00 + interest 0.37 = 100.37
    assert.equal(v.total_open?.text, '95,00\u00a0€');
    assert.equal(v.total_due?.text, '100,37\u00a0€');
    assert.equal(v.fee?.text, '5,00\u00a0€');
    assert.equal(v.interest_rate?.text, '10,27 % p. a.');
    assert.equal(v.pay_by?.text, '', 'no deadline given');
    // days overdue on 2026-03-20: A due 03-01 → 19, B due 03-10 → 10
    assert.match(v.invoice_table?.text ?? '', /^A .* 19$/m);
    assert.match(v.invoice_table?.text ?? '', /^B .* 10$/m);
  });

  it('treats a zero fee as none and leaves payment instructions out without an IBAN', () => {
    const v = messageValues(
      {
        kind: 'dunning',
        level: 2,
        letterDate: '2026-03-20',
        invoices: [
          {
            number: 'A',
            total: { amountMinor: 1n, currency: 'EUR' },
            open: { amountMinor: 1n, currency: 'EUR' },
          },
        ],
        fee: { amountMinor: 0n, currency: 'EUR' },
      },
      { ...ctx, payment: { iban: null, bic: null, accountHolder: null, reference: null } },
    );
    assert.equal(v.fee?.text, '');
    assert.equal(v.payment_instructions?.text, '');
  });

  it('shows the statement balance net of unapplied cash, and overdue only when something is', () => {
    const v = messageValues(
      {
        kind: 'statement',
        asOf: '2026-03-31',
        invoices: [
          {
            number: 'A',
            dueDate: '2026-04-30',
            total: { amountMinor: 10000n, currency: 'EUR' },
            open: { amountMinor: 10000n, currency: 'EUR' },
          },
        ],
        unapplied: [{ amountMinor: 2500n, currency: 'EUR' }],
      },
      ctx,
    );
    assert.equal(v.total_overdue?.text, '', 'nothing is past due on 2026-03-31');
    assert.equal(v.balance?.text, '75,00\u00a0€');
    assert.equal(v.unapplied_credit?.text, '25,00\u00a0€');
  });

  it('prints an RF reference in groups of four and escapes names in HTML', () => {
    const v = messageValues(
      {
        kind: 'invoice',
        invoiceNumber: 'INV-1',
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        total: { amountMinor: 100n, currency: 'EUR' },
        paymentReference: 'RF18539007547034',
      },
      { ...ctx, companyName: 'A & <B>', payment: { ...ctx.payment, accountHolder: 'A & <B>' } },
    );
    assert.equal(v.payment_reference?.text, 'RF18 5390 0754 7034');
    assert.match(v.payment_instructions?.text ?? '', /Verwendungszweck: RF18 5390 0754 7034/);
    assert.match(v.payment_instructions?.html ?? '', /Kontoinhaber: A &#38; &#60;B&#62;/);
  });
});
