import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { assertVatCategories, vatCategoryOf, vatExemptionReasonOf } from './vat-category.ts';

function fields(fn: () => void): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError);
    return e.details.map((d) => d.field ?? '');
  }
  return [];
}

describe('VAT categories of invoice lines', () => {
  it('reads a line stored without a category as S above 0 % and Z at 0 %, as those invoices meant', () => {
    assert.equal(vatCategoryOf({ taxRate: '19' }), 'S');
    assert.equal(vatCategoryOf({ taxRate: '0.00' }), 'Z');
    assert.equal(vatCategoryOf({}), 'Z');
    assert.equal(vatCategoryOf({ taxRate: '0', vatCategory: 'AE' }), 'AE');
  });

  it('gives AE, K, G and O a default reason, keeps a given one, and none for S and Z', () => {
    assert.equal(vatExemptionReasonOf({ vatCategory: 'AE' }), 'Reverse charge');
    assert.equal(
      vatExemptionReasonOf({ vatCategory: 'K', vatExemptionReason: 'Art. 138 MwStSystRL' }),
      'Art. 138 MwStSystRL',
    );
    assert.equal(vatExemptionReasonOf({ vatCategory: 'E' }), null);
    assert.equal(vatExemptionReasonOf({ taxRate: '7' }), null);
  });

  it('refuses rates and reasons that disagree with the category, naming each line and field', () => {
    assert.deepEqual(
      fields(() => assertVatCategories([{ taxRate: '19' }, { taxRate: '0', vatCategory: 'Z' }])),
      [],
    );
    assert.deepEqual(
      fields(() =>
        assertVatCategories([
          { taxRate: '0', vatCategory: 'S' },
          { taxRate: '19', vatCategory: 'AE' },
          { taxRate: '0', vatCategory: 'E' },
          { taxRate: '7', vatExemptionReason: 'because' },
        ]),
      ),
      ['lines[0].taxRate', 'lines[1].taxRate', 'lines[2].vatExemptionReason', 'lines[3].vatExemptionReason'],
    );
    assert.deepEqual(
      fields(() => assertVatCategories([{ vatCategory: 'O' }, { taxRate: '19' }])),
      ['lines'],
      'O is not mixed with other categories',
    );
  });
});
