import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SERIES, formatNumber } from './numbering.service.ts';

describe('formatNumber', () => {
  it('pads the value to the series width after the prefix', () => {
    assert.equal(formatNumber('INV-', 6, 1n), 'INV-000001');
    assert.equal(formatNumber('INV-', 6, 42n), 'INV-000042');
    assert.equal(formatNumber('CN-', 6, 999999n), 'CN-999999');
    assert.equal(formatNumber('', 0, 7n), '7');
  });

  it('never truncates a value wider than the padding', () => {
    assert.equal(formatNumber('INV-', 6, 1234567n), 'INV-1234567');
  });

  it('numbers sort as text in issue order within the padding', () => {
    const numbers = [9n, 10n, 99n, 100n, 1000n].map((v) => formatNumber('INV-', 6, v));
    assert.deepEqual([...numbers].sort(), numbers);
  });

  it('seeds the INV and CN series', () => {
    assert.deepEqual(
      DEFAULT_SERIES.map((s) => formatNumber(s.prefix, s.padding, 1n)),
      ['INV-000001', 'CN-000001'],
    );
  });
});
