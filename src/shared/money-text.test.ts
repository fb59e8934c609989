import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moneyText } from './money-text.ts';

describe('moneyText', () => {
  it('groups thousands and keeps the currency decimals', () => {
    assert.equal(moneyText(1240000n, 'EUR'), 'EUR 12,400.00');
    assert.equal(moneyText(123456789n, 'EUR'), 'EUR 1,234,567.89');
    assert.equal(moneyText(5n, 'EUR'), 'EUR 0.05');
    assert.equal(moneyText(100000n, 'EUR'), 'EUR 1,000.00');
    assert.equal(moneyText(99999n, 'EUR'), 'EUR 999.99');
  });

  it('handles currencies without or with three decimals, and negatives', () => {
    assert.equal(moneyText(1500000n, 'JPY'), 'JPY 1,500,000');
    assert.equal(moneyText(1234567n, 'KWD'), 'KWD 1,234.567');
    assert.equal(moneyText(-250000n, 'USD'), 'USD -2,500.00');
  });
});
