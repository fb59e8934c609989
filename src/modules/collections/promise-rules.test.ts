import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { settlePromise } from './promise-rules.ts';

// A promise of 500.00 by 2026-05-02 with 3 grace days: it may still be kept up to 2026-05-05.
const terms = { amountMinor: 50000n, keepBy: '2026-05-05', invoiceCount: 2 };

describe('settlePromise', () => {
  it('is kept as soon as the promised amount is in, even before the date', () => {
    assert.equal(settlePromise(terms, { paidMinor: 50000n, openLeftMinor: 10000n }, '2026-04-20'), 'kept');
    assert.equal(settlePromise(terms, { paidMinor: 70000n, openLeftMinor: 0n }, '2026-05-10'), 'kept');
  });

  it('stays open until the last grace day, then breaks when short', () => {
    const short = { paidMinor: 49999n, openLeftMinor: 1n };
    assert.equal(settlePromise(terms, short, '2026-05-02'), 'open', 'the promised date itself');
    assert.equal(settlePromise(terms, short, '2026-05-05'), 'open', 'the last grace day');
    assert.equal(settlePromise(terms, short, '2026-05-06'), 'broken', 'one day after keepBy');
  });

  it('is kept when every named invoice is settled (say, partly by a credit note)', () => {
    assert.equal(settlePromise(terms, { paidMinor: 30000n, openLeftMinor: 0n }, '2026-05-06'), 'kept');
  });

  it('for the customer overall, only money received counts', () => {
    const overall = { ...terms, invoiceCount: 0 };
    assert.equal(settlePromise(overall, { paidMinor: 0n, openLeftMinor: 0n }, '2026-05-06'), 'broken');
    assert.equal(settlePromise(overall, { paidMinor: 0n, openLeftMinor: 0n }, '2026-05-01'), 'open');
  });
});
