import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatCreditorReference,
  isValidCreditorReference,
  makeCreditorReference,
} from './creditor-reference.ts';
import { AppError } from './errors.ts';

describe('makeCreditorReference', () => {
  it('reproduces the published ISO 11649 example', () => {
    assert.equal(makeCreditorReference('539007547034'), 'RF18539007547034');
  });

  it('gives leading zeros the same check digits (they do not change the number)', () => {
    assert.equal(makeCreditorReference('000000000539007547034'), 'RF18000000000539007547034');
  });

  it('handles letters and short bases (check digits computed independently)', () => {
    assert.equal(makeCreditorReference('2348231'), 'RF712348231');
    assert.equal(makeCreditorReference('INV2024000123'), 'RF04INV2024000123');
    assert.equal(makeCreditorReference('A'), 'RF25A');
    // Check digits below 10 are zero-padded.
    assert.equal(makeCreditorReference('INV2024000123').slice(2, 4), '04');
  });

  it('ignores spaces and case in the base', () => {
    assert.equal(makeCreditorReference(' 5390 0754 7034 '), 'RF18539007547034');
    assert.equal(makeCreditorReference('inv2024000123'), 'RF04INV2024000123');
  });

  it('accepts 21 characters and rejects 22', () => {
    assert.equal(makeCreditorReference('ABCDEFGHIJKLMNOPQRSTU'), 'RF95ABCDEFGHIJKLMNOPQRSTU');
    assert.throws(() => makeCreditorReference('ABCDEFGHIJKLMNOPQRSTUV'), AppError);
  });

  it('rejects empty and non-alphanumeric bases with a validation error', () => {
    for (const base of ['', '   ', 'INV-2024', 'INV/1', 'ÄBC']) {
      assert.throws(
        () => makeCreditorReference(base),
        (err: unknown) =>
          err instanceof AppError &&
          err.code === 'validation_failed' &&
          err.details[0]?.field === 'reference',
        base,
      );
    }
  });

  it('always produces references that validate', () => {
    for (const base of [
      '0',
      '1',
      '99',
      'Z',
      'ZZZZZZZZZZZZZZZZZZZZZ',
      '123456789012345678901',
      'CUST42INV7',
    ]) {
      assert.equal(isValidCreditorReference(makeCreditorReference(base)), true, base);
    }
  });
});

describe('isValidCreditorReference', () => {
  it('accepts the published example in print and electronic form, any case', () => {
    assert.equal(isValidCreditorReference('RF18539007547034'), true);
    assert.equal(isValidCreditorReference('RF18 5390 0754 7034'), true);
    assert.equal(isValidCreditorReference('rf18 5390 0754 7034'), true);
    assert.equal(isValidCreditorReference('RF18 0000 0000 0539 0075 4703 4'), true);
  });

  it('rejects wrong check digits, typos and transpositions', () => {
    assert.equal(isValidCreditorReference('RF19 5390 0754 7034'), false);
    assert.equal(isValidCreditorReference('RF18 5390 0754 7035'), false);
    assert.equal(isValidCreditorReference('RF18 5390 0745 7034'), false);
    assert.equal(isValidCreditorReference('RF81 5390 0754 7034'), false);
  });

  it('rejects malformed references', () => {
    for (const text of [
      '',
      'RF',
      'RF18',
      'RX18539007547034',
      '18539007547034',
      'RF1A539007547034',
      'RF18-5390-0754-7034',
      'RF0953900754703412345678901',
    ]) {
      assert.equal(isValidCreditorReference(text), false, text);
    }
  });

  it('rejects check digits 00, 01 and 99', () => {
    // 97 and 98 are congruent to 00 and 01 mod 97; only 02–98 are allowed.
    assert.equal(isValidCreditorReference('RF00539007547034'), false);
    assert.equal(isValidCreditorReference('RF01539007547034'), false);
    assert.equal(isValidCreditorReference('RF99539007547034'), false);
  });
});

describe('formatCreditorReference', () => {
  it('prints in groups of four', () => {
    assert.equal(formatCreditorReference('RF18539007547034'), 'RF18 5390 0754 7034');
    assert.equal(formatCreditorReference('rf712348231'), 'RF71 2348 231');
    assert.equal(formatCreditorReference(' RF18 5390 07547034 '), 'RF18 5390 0754 7034');
  });
});
