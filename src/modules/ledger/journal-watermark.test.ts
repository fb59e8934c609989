import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { watermarkOf } from './journal-watermark.ts';

describe('watermarkOf', () => {
  it('is the last number drawn when no posting is in flight', () => {
    assert.equal(watermarkOf(120n, []), 120n);
    assert.equal(watermarkOf(0n, []), 0n, 'nothing drawn yet');
  });

  it('stays at the lowest key of the postings in flight: their numbers are above it', () => {
    assert.equal(watermarkOf(120n, [119n, 117n]), 117n);
    assert.equal(watermarkOf(120n, [120n]), 120n);
    assert.equal(watermarkOf(0n, [0n]), 0n);
  });

  it('reads a key as the low 32 bits of the last number drawn, across a wrap of the key space', () => {
    const last = (5n << 32n) + 3n;
    assert.equal(watermarkOf(last, [3n]), last);
    assert.equal(watermarkOf(last, [(1n << 32n) - 2n]), last - 5n);
  });
});
