import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ratio } from '../../shared/decimal.ts';
import { forecastAccuracy, offsetAccuracy } from './forecast-accuracy.ts';

describe('forecast accuracy', () => {
  it('MAE, MAPE over the weeks with receipts, and bias, worked by hand', () => {
    // errors +20, −50, 0: MAE 70/3; MAPE (20/80 + 50/100) / 2 × 100 = 37.5; bias −30/3 = −10
    const a = offsetAccuracy('EUR', 1, [
      [100n, 80n],
      [50n, 100n],
      [0n, 0n],
    ]);
    assert.deepEqual(a.maeMinor, ratio(70n, 3n));
    assert.ok(a.mape && a.mape.num * 2n === a.mape.den * 75n, 'MAPE 37.5');
    assert.ok(a.biasMinor && a.biasMinor.num * 1n === a.biasMinor.den * -10n, 'bias −10');
    assert.equal(a.forecastMinor, 150n);
    assert.equal(a.actualMinor, 180n);
  });

  it('has no MAPE when nothing was received, and measures only the weeks that are over', () => {
    const rows = forecastAccuracy(
      [
        { asOf: '2026-10-31', currency: 'JPY', forecastMinor: [5n, 7n], actualMinor: [0n, 7n] },
        { asOf: '2026-11-30', currency: 'JPY', forecastMinor: [9n, 1n], actualMinor: [0n] },
      ],
      2,
    );
    assert.deepEqual(
      rows.map((r) => [r.weekOffset, r.count, r.mape, r.maeMinor]),
      [
        [1, 2, null, ratio(14n, 2n)],
        [2, 1, ratio(0n, 7n), ratio(0n, 1n)],
      ],
    );
  });
});
