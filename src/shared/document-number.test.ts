import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseNumber } from './document-number.ts';

describe('normaliseNumber', () => {
  it('normalises case, spaces, punctuation and leading zeros', () => {
    assert.equal(normaliseNumber('INV-000042'), 'inv42');
    assert.equal(normaliseNumber(' inv 42 '), 'inv42');
    assert.equal(normaliseNumber('Inv.0042/a'), 'inv42a');
    assert.equal(normaliseNumber('2026-0007'), '20267');
    assert.equal(normaliseNumber('000'), '0');
    assert.notEqual(normaliseNumber('INV-420'), normaliseNumber('INV-42'));
    assert.equal(normaliseNumber(' RE-000042 '), normaliseNumber('re 42'));
    assert.notEqual(normaliseNumber('RE-42'), normaliseNumber('RE-420'));
  });
});
