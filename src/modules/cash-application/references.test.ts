import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import fc from 'fast-check';
import { makeCreditorReference } from '../../shared/creditor-reference.ts';
import { creditorReferencesIn, invoiceKey, oneDigitOff, ReferenceIndex } from './references.ts';

function index(...numbers: string[]) {
  const idx = new ReferenceIndex();
  for (const n of numbers) idx.add(n, makeCreditorReference(n.replace(/[^A-Za-z0-9]/g, '')));
  return idx;
}

const found = (idx: ReferenceIndex, text: string) => idx.find(text).map((h) => `${h.number}:${h.strength}`);

describe('invoiceKey', () => {
  it('keeps the prefix letters and the significant digits of the last digit run', () => {
    assert.deepEqual(invoiceKey('INV-000123'), {
      number: 'INV-000123',
      prefix: 'INV',
      digits: '123',
      compact: 'INV000123',
    });
    assert.equal(invoiceKey('2024/0815').digits, '815');
    assert.equal(invoiceKey('RE-2024-00042').digits, '42');
  });
});

describe('ReferenceIndex.find: invoice numbers in disguise', () => {
  const idx = index('INV-000123', 'INV-004711', 'INV-010203');

  it('finds the number as written, with other spacing, punctuation or case', () => {
    for (const text of [
      'INV-000123',
      'inv 000123',
      'INV000123',
      'Inv.000123',
      'INV_000123',
      'inv#123',
      'INV 123',
    ])
      assert.deepEqual(found(idx, text), ['INV-000123:exact'], text);
  });

  it('finds it without its prefix or with another one, as a weaker match', () => {
    for (const text of ['Rechnung 000123', 'Facture n° 123', 'RE 123 vom 3.2.', 'our ref 123', 'F-000123'])
      assert.deepEqual(found(idx, text), ['INV-000123:digits'], text);
  });

  it('finds several numbers in one line, and numbers inside sentences', () => {
    assert.deepEqual(found(idx, 'Payment for invoices INV-000123, INV-004711 and 10203, thanks').sort(), [
      'INV-000123:exact',
      'INV-004711:exact',
      'INV-010203:digits',
    ]);
  });

  it('finds a number with one mistyped or swapped digit as a typo (four significant digits or more)', () => {
    assert.deepEqual(found(idx, 'INV 004717'), ['INV-004711:typo']);
    assert.deepEqual(found(idx, 'INV 047111'), [], 'an extra digit is not a typo of the same length');
    assert.deepEqual(found(idx, 'INV 010230'), ['INV-010203:typo'], 'two neighbours swapped');
    assert.deepEqual(found(idx, 'INV 124'), [], 'short numbers are never fuzzy');
  });

  it('ignores short digit runs, dates and amounts that are not numbers of open invoices', () => {
    assert.deepEqual(found(idx, 'Payment 2026-03-01 amount 238.00 customer 42'), []);
  });

  it('recognises RF creditor references with valid check digits only', () => {
    const rf = makeCreditorReference('INV004711');
    const spaced = rf.replace(/(.{4})/g, '$1 ').trim();
    assert.deepEqual(found(idx, `SEPA ${spaced} thank you`)[0], 'INV-004711:creditor_reference');
    const broken = `RF00${rf.slice(4)}`;
    assert.deepEqual(creditorReferencesIn(broken), []);
  });
});

describe('oneDigitOff', () => {
  it('is one substitution or one swap of neighbours', () => {
    assert.equal(oneDigitOff('12345', '12355'), true);
    assert.equal(oneDigitOff('12345', '12435'), true);
    assert.equal(oneDigitOff('12345', '13245'), true);
    assert.equal(oneDigitOff('12345', '12345'), false);
    assert.equal(oneDigitOff('12345', '54321'), false);
    assert.equal(oneDigitOff('12345', '1234'), false);
  });
});

describe("ReferenceIndex.find: a new tenant's first invoices", () => {
  it('finds a short number written with its prefix, never its bare digits', () => {
    const idx = index('INV-000003', 'INV-000042');
    assert.deepEqual(found(idx, 'payment INV-000003'), ['INV-000003:exact']);
    assert.deepEqual(found(idx, 'inv 000042 thanks'), ['INV-000042:exact']);
    assert.deepEqual(found(idx, 'order 3, 42 boxes'), []);
  });
});

describe('invoiceKey', () => {
  /** The definition, in regular expressions: the one-pass scanner must give the same key. */
  function byDefinition(number: string) {
    const upper = number.toUpperCase();
    const last = (upper.match(/\d+/g) ?? []).at(-1) ?? '';
    return {
      number,
      prefix: upper.replace(/[^A-Z]/g, ''),
      digits: last.replace(/^0+(?=\d)/, ''),
      compact: upper.replace(/[^A-Z0-9]/g, ''),
    };
  }

  test('equals its definition for any text', () => {
    const unit = fc.constantFrom(...'aZq09 -_/.ßäÄ#12300x'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 24 }), fc.string({ maxLength: 24 })), (s) => {
        assert.deepEqual(invoiceKey(s), byDefinition(s));
      }),
      { numRuns: 5_000 },
    );
  });
});
