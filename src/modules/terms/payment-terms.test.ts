import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import {
  describePaymentTerms,
  discountFor,
  dueDateFor,
  formatPaymentTerms,
  type PaymentTerms,
  parsePaymentTerms,
  SEEDED_TERMS,
  tryParsePaymentTerms,
} from './payment-terms.ts';

describe('parsePaymentTerms', () => {
  it('parses the fixed codes', () => {
    assert.deepEqual(parsePaymentTerms('DUE_ON_RECEIPT'), { kind: 'due_on_receipt' });
    assert.deepEqual(parsePaymentTerms('PREPAY'), { kind: 'prepay' });
    assert.deepEqual(parsePaymentTerms('EOM'), { kind: 'net', days: 0, endOfMonth: true });
  });

  it('parses NET{n} and NET{n} EOM', () => {
    assert.deepEqual(parsePaymentTerms('NET30'), { kind: 'net', days: 30, endOfMonth: false });
    assert.deepEqual(parsePaymentTerms('NET0'), { kind: 'net', days: 0, endOfMonth: false });
    assert.deepEqual(parsePaymentTerms('NET365'), { kind: 'net', days: 365, endOfMonth: false });
    assert.deepEqual(parsePaymentTerms('NET30 EOM'), { kind: 'net', days: 30, endOfMonth: true });
  });

  it('parses discount terms, including a decimal percentage', () => {
    assert.deepEqual(parsePaymentTerms('2/10 NET30'), {
      kind: 'discount',
      discountPct: '2',
      discountDays: 10,
      netDays: 30,
    });
    assert.deepEqual(parsePaymentTerms('1.5/10 NET30'), {
      kind: 'discount',
      discountPct: '1.5',
      discountDays: 10,
      netDays: 30,
    });
  });

  it('is case-insensitive and tolerant of surrounding and repeated whitespace', () => {
    assert.deepEqual(parsePaymentTerms('  net30   eom '), parsePaymentTerms('NET30 EOM'));
    assert.deepEqual(parsePaymentTerms('due_on_receipt'), { kind: 'due_on_receipt' });
    assert.deepEqual(parsePaymentTerms('Due on receipt'), { kind: 'due_on_receipt' });
    assert.deepEqual(parsePaymentTerms('Prepay'), { kind: 'prepay' });
    assert.deepEqual(parsePaymentTerms('eom'), parsePaymentTerms('EOM'));
  });

  it('accepts common spellings: "NET 30", "2 / 10 net 30", "2/10, net 30"', () => {
    assert.deepEqual(parsePaymentTerms('NET 30'), parsePaymentTerms('NET30'));
    assert.deepEqual(parsePaymentTerms('2 / 10 net 30'), parsePaymentTerms('2/10 NET30'));
    assert.deepEqual(parsePaymentTerms('2/10, net 30'), parsePaymentTerms('2/10 NET30'));
  });

  it('canonicalises the percentage', () => {
    const t = parsePaymentTerms('02.50/10 NET30');
    assert.equal(t.kind === 'discount' && t.discountPct, '2.5');
    const u = parsePaymentTerms('3.0/10 NET30');
    assert.equal(u.kind === 'discount' && u.discountPct, '3');
  });

  it('rejects unknown or malformed codes', () => {
    for (const code of [
      '',
      '   ',
      'NET',
      'NET-30',
      'NET30.5',
      'NET 30 EOM EOM',
      'EOM30',
      '30',
      '2/NET30',
      '2/10',
      '-2/10 NET30',
      '2/10 NET30 EOM',
      'COD',
    ]) {
      assert.equal(tryParsePaymentTerms(code), null, code);
      assert.throws(() => parsePaymentTerms(code), AppError, code);
    }
  });

  it('rejects more than 365 days', () => {
    assert.equal(tryParsePaymentTerms('NET366'), null);
    assert.equal(tryParsePaymentTerms('NET366 EOM'), null);
    assert.equal(tryParsePaymentTerms('2/10 NET366'), null);
    assert.equal(tryParsePaymentTerms('NET99999999999999999999'), null);
  });

  it('rejects a percentage of 0 or of 100 and above', () => {
    assert.equal(tryParsePaymentTerms('0/10 NET30'), null);
    assert.equal(tryParsePaymentTerms('0.0/10 NET30'), null);
    assert.equal(tryParsePaymentTerms('100/10 NET30'), null);
    assert.equal(tryParsePaymentTerms('100.0/10 NET30'), null);
    assert.equal(tryParsePaymentTerms('150/10 NET30'), null);
    assert.notEqual(tryParsePaymentTerms('99.99/10 NET30'), null);
    assert.notEqual(tryParsePaymentTerms('0.5/10 NET30'), null);
  });

  it('rejects a discount window that is not shorter than the net period', () => {
    assert.equal(tryParsePaymentTerms('2/30 NET30'), null);
    assert.equal(tryParsePaymentTerms('2/45 NET30'), null);
    assert.notEqual(tryParsePaymentTerms('2/29 NET30'), null);
  });

  it('throws validation_failed naming the field and listing the accepted forms', () => {
    assert.throws(
      () => parsePaymentTerms('NET 2 WEEKS'),
      (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, 'validation_failed');
        assert.match(err.message, /NET 2 WEEKS/);
        for (const form of [
          'DUE_ON_RECEIPT',
          'PREPAY',
          'NET{n}',
          'EOM',
          'NET{n} EOM',
          '{pct}/{days} NET{n}',
        ]) {
          assert.ok(err.message.includes(form), form);
        }
        assert.equal(err.details.length, 1);
        assert.equal(err.details[0]?.field, 'payment_terms');
        return true;
      },
    );
  });

  it('explains range errors specifically', () => {
    assert.throws(() => parsePaymentTerms('NET400'), /at most 365/);
    assert.throws(() => parsePaymentTerms('2/30 NET30'), /fewer than net days/);
    assert.throws(() => parsePaymentTerms('100/10 NET30'), /below 100/);
  });
});

describe('formatPaymentTerms', () => {
  it('produces canonical upper-case codes', () => {
    assert.equal(formatPaymentTerms({ kind: 'due_on_receipt' }), 'DUE_ON_RECEIPT');
    assert.equal(formatPaymentTerms({ kind: 'prepay' }), 'PREPAY');
    assert.equal(formatPaymentTerms({ kind: 'net', days: 45, endOfMonth: false }), 'NET45');
    assert.equal(formatPaymentTerms({ kind: 'net', days: 0, endOfMonth: true }), 'EOM');
    assert.equal(formatPaymentTerms({ kind: 'net', days: 30, endOfMonth: true }), 'NET30 EOM');
    assert.equal(
      formatPaymentTerms({ kind: 'discount', discountPct: '1.5', discountDays: 10, netDays: 30 }),
      '1.5/10 NET30',
    );
  });

  it('canonicalises sloppy input', () => {
    const cases: [string, string][] = [
      ['net 30', 'NET30'],
      ['  net30   eom ', 'NET30 EOM'],
      ['NET0 EOM', 'EOM'],
      ['NET007', 'NET7'],
      ['due on receipt', 'DUE_ON_RECEIPT'],
      ['2.50 / 10, net 30', '2.5/10 NET30'],
    ];
    for (const [input, canonical] of cases) {
      assert.equal(formatPaymentTerms(parsePaymentTerms(input)), canonical, input);
    }
  });

  it('round-trips every canonical code', () => {
    const codes = ['DUE_ON_RECEIPT', 'PREPAY', 'NET0', 'NET1', 'NET30', 'NET365', 'EOM', 'NET15 EOM'];
    for (const code of [...codes, '2/10 NET30', '1.5/10 NET30', '0.25/0 NET1']) {
      const terms = parsePaymentTerms(code);
      assert.equal(formatPaymentTerms(terms), code);
      assert.deepEqual(parsePaymentTerms(formatPaymentTerms(terms)), terms);
    }
  });
});

describe('dueDateFor', () => {
  const due = (code: string, issued: string) => dueDateFor(parsePaymentTerms(code), issued);

  it('is the issue date for DUE_ON_RECEIPT and PREPAY', () => {
    assert.equal(due('DUE_ON_RECEIPT', '2024-01-15'), '2024-01-15');
    assert.equal(due('PREPAY', '2024-01-15'), '2024-01-15');
  });

  it('adds n calendar days for NET{n}', () => {
    // 2024-01-15 + 30: 16 days to Jan 31, 14 more → Feb 14.
    assert.equal(due('NET30', '2024-01-15'), '2024-02-14');
    assert.equal(due('NET0', '2024-01-15'), '2024-01-15');
    // Leap year: Jan 1 + 30 = Jan 31, +29 = Feb 29, +31 = Mar 31.
    assert.equal(due('NET90', '2024-01-01'), '2024-03-31');
    // Across a year end: Dec 15 + 16 = Dec 31, +31 = Jan 31, +13 = Feb 13.
    assert.equal(due('NET60', '2024-12-15'), '2025-02-13');
  });

  it('uses the last day of the invoice month for EOM', () => {
    assert.equal(due('EOM', '2024-01-15'), '2024-01-31');
    assert.equal(due('EOM', '2024-02-10'), '2024-02-29');
    assert.equal(due('EOM', '2023-02-10'), '2023-02-28');
    assert.equal(due('EOM', '2024-04-30'), '2024-04-30');
    assert.equal(due('EOM', '2024-12-01'), '2024-12-31');
  });

  it('counts n days from the end of the invoice month for NET{n} EOM', () => {
    // The brief's example: EOM 2024-01-31 + 30 days (leap February) → 2024-03-01.
    assert.equal(due('NET30 EOM', '2024-01-15'), '2024-03-01');
    // Non-leap year: 2023-01-31 + 28 = Feb 28, +2 → Mar 2.
    assert.equal(due('NET30 EOM', '2023-01-15'), '2023-03-02');
    // Any issue day in the month gives the same due date.
    assert.equal(due('NET30 EOM', '2024-01-01'), '2024-03-01');
    assert.equal(due('NET15 EOM', '2024-12-20'), '2025-01-15');
  });

  it('uses the net days for discount terms', () => {
    assert.equal(due('2/10 NET30', '2024-01-15'), '2024-02-14');
  });

  it('rejects a malformed issue date', () => {
    assert.throws(() => due('NET30', '2024-02-30'));
    assert.throws(() => due('PREPAY', '15/01/2024'));
  });
});

describe('discountFor', () => {
  it('gives the last discount day and the percentage', () => {
    assert.deepEqual(discountFor(parsePaymentTerms('2/10 NET30'), '2024-01-15'), {
      deadline: '2024-01-25',
      pct: '2',
    });
    // 2024-02-25 + 10 in a leap year: Feb 29 is day 4, Mar 6 is day 10.
    assert.deepEqual(discountFor(parsePaymentTerms('1.5/10 NET30'), '2024-02-25'), {
      deadline: '2024-03-06',
      pct: '1.5',
    });
  });

  it('is null when the terms carry no discount', () => {
    const plain: PaymentTerms[] = [
      { kind: 'due_on_receipt' },
      { kind: 'prepay' },
      { kind: 'net', days: 30, endOfMonth: false },
      { kind: 'net', days: 30, endOfMonth: true },
    ];
    for (const terms of plain) assert.equal(discountFor(terms, '2024-01-15'), null);
  });
});

describe('describePaymentTerms', () => {
  const describeCode = (code: string) => describePaymentTerms(parsePaymentTerms(code));

  it('describes each kind in English', () => {
    assert.equal(describeCode('DUE_ON_RECEIPT'), 'Due on receipt');
    assert.equal(describeCode('PREPAY'), 'Payment in advance');
    assert.equal(describeCode('NET30'), 'Net 30 days');
    assert.equal(describeCode('NET1'), 'Net 1 day');
    assert.equal(describeCode('EOM'), 'Due at end of month');
    assert.equal(describeCode('NET30 EOM'), 'Net 30 days after end of month');
    assert.equal(describeCode('2/10 NET30'), '2% discount within 10 days, net 30 days');
    assert.equal(describeCode('1.5/1 NET30'), '1.5% discount within 1 day, net 30 days');
  });
});

describe('SEEDED_TERMS', () => {
  it('lists the standard codes in order', () => {
    assert.deepEqual(
      SEEDED_TERMS.map((t) => t.code),
      [
        'DUE_ON_RECEIPT',
        'PREPAY',
        'NET7',
        'NET14',
        'NET30',
        'NET45',
        'NET60',
        'NET90',
        'EOM',
        'NET30 EOM',
        '2/10 NET30',
      ],
    );
  });

  it('holds canonical codes with their descriptions', () => {
    for (const { code, description } of SEEDED_TERMS) {
      const terms = parsePaymentTerms(code);
      assert.equal(formatPaymentTerms(terms), code);
      assert.equal(description, describePaymentTerms(terms));
    }
    assert.deepEqual(SEEDED_TERMS[4], { code: 'NET30', description: 'Net 30 days' });
  });
});
