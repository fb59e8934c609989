/**
 * Our verifier against the official `stripe` SDK (18.5.0): headers made by
 * `webhooks.generateTestHeaderString` and judged by `webhooks.constructEvent` must get the same
 * verdict from `verifyStripeSignature` — valid, forged (another secret, another body), stale,
 * several v1 of which one matches, and malformed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { verifyStripeSignature } from './stripe-signature.ts';

const sdk = new Stripe('sk_test_unused');
const SECRET = 'whsec_test_agreement_0123456789abcdef';
const body = JSON.stringify({
  id: 'evt_1',
  object: 'event',
  type: 'charge.refunded',
  created: 1,
  data: { object: {} },
});

function sdkAccepts(payload: string, header: string): boolean {
  try {
    sdk.webhooks.constructEvent(payload, header, SECRET, 300);
    return true;
  } catch {
    return false;
  }
}

function ourVerdict(payload: string, header: string): boolean {
  return verifyStripeSignature(payload, header, SECRET, Math.floor(Date.now() / 1000)).ok;
}

describe('Stripe-Signature: our verifier agrees with the stripe SDK', () => {
  const now = Math.floor(Date.now() / 1000);
  const header = (opts: { secret?: string; timestamp?: number; payload?: string } = {}) =>
    sdk.webhooks.generateTestHeaderString({
      payload: opts.payload ?? body,
      secret: opts.secret ?? SECRET,
      timestamp: opts.timestamp ?? now,
    });
  const valid = header();
  const v1Of = (h: string) => h.split(',').find((p) => p.startsWith('v1=')) ?? '';
  const cases: [string, string, string, boolean][] = [
    ['valid', body, valid, true],
    ['signed with another secret', body, header({ secret: 'whsec_other_0000000000000000' }), false],
    ['body changed after signing', body.replace('charge.refunded', 'charge.succeeded'), valid, false],
    ['stale: 301 s old', body, header({ timestamp: now - 301 }), false],
    ['299 s old', body, header({ timestamp: now - 299 }), true],
    [
      'two v1, the second matches (a rolled secret)',
      body,
      `t=${now},${v1Of(header({ secret: 'whsec_old_00000000000000000' }))},${v1Of(valid)}`,
      true,
    ],
    ['no v1', body, `t=${now},v0=${v1Of(valid).slice(3)}`, false],
    ['no timestamp', body, v1Of(valid), false],
    ['empty', body, '', false],
  ];
  for (const [name, payload, h, expected] of cases)
    it(name, () => {
      assert.equal(sdkAccepts(payload, h), expected, 'the SDK');
      assert.equal(ourVerdict(payload, h), expected, 'ours');
    });

  it('refuses a timestamp more than 300 s ahead (the SDK accepts it; we do not trust a future clock)', () => {
    const ahead = header({ timestamp: now + 400 });
    assert.equal(sdkAccepts(body, ahead), true);
    assert.equal(verifyStripeSignature(body, ahead, SECRET, now).ok, false);
  });
});
