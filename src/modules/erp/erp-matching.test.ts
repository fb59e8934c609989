import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digitGroups, type Item, matchItems } from './erp-matching.ts';

const item = (documentNumber: string, ref: string, amountMinor: bigint, currency = 'EUR'): Item => ({
  documentNumber,
  customerRefs: [ref],
  customerLabel: ref,
  currency,
  amountMinor,
});

describe('ERP document numbers', () => {
  it('group the digits of a number, leading zeros dropped', () => {
    assert.equal(digitGroups('INV-2026-0042'), '2026.42');
    assert.equal(digitGroups('AR2026/42'), '2026.42');
  });

  it('match on digit groups only when they are unique on both sides', () => {
    const cashloop = [
      item('INV-2026-0042', 'K1', 100n),
      item('INV-2026-0043', 'K1', 200n),
      item('CN-2026-0043', 'K1', -50n),
    ];
    const erp = [item('AR2026/42', 'K1', 100n), item('AR2026/43', 'K1', 200n)];
    const r = matchItems(cashloop, erp);
    const status = (doc: string) =>
      r.find((x) => x.cashloop?.documentNumber === doc || x.erp?.documentNumber === doc)?.status;
    assert.equal(status('INV-2026-0042'), 'matched');
    // 2026.43 is on cashloop's side twice (an invoice and a credit note): no guess.
    assert.equal(status('INV-2026-0043'), 'only_in_cashloop');
    assert.equal(status('AR2026/43'), 'only_in_erp');
    assert.equal(r.length, 4, 'every item in exactly one result');
    // Spaces only group digits for normaliseNumber; digit groups pair a number spaced out.
    assert.equal(
      matchItems([item('RE-2026-0042', 'K1', 1n)], [item('re 2026 0042', 'K1', 1n)])[0]?.status,
      'matched',
    );
  });

  it('tell a different customer, a one-cent difference and another currency apart', () => {
    const r = matchItems(
      [item('A1', 'K1', 100n), item('A2', 'K1', 100n), item('A3', 'K1', 100n, 'USD')],
      [item('a-1', 'K2', 100n), item('A2', 'k1', 101n), item('A3', 'K1', 100n, 'EUR')],
    );
    assert.deepEqual(
      r.map((x) => x.status),
      ['different_customer', 'amount_differs', 'amount_differs'],
    );
  });
});
