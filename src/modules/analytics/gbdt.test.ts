import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Random } from '../../shared/random.ts';
import {
  explain,
  type GbdtOptions,
  medianInPlace,
  predictGbdt,
  predictRaw,
  type TreeNode,
  trainGbdt,
} from './gbdt.ts';
import { median } from './statistics.ts';

const options: Omit<GbdtOptions, 'loss'> = {
  trees: 120,
  depth: 2,
  learningRate: 0.1,
  minLeaf: 5,
  subsample: 1,
  featureFraction: 1,
  l2: 1,
  seed: 1,
};

/** x0 decides (a step at 0.5), x1 is noise. */
function stepData(n: number, seed: number) {
  const random = new Random(seed);
  const x = Array.from({ length: n }, () => Float64Array.from([random.next(), random.next()]));
  const y = x.map((r) => ((r[0] ?? 0) > 0.5 ? 10 : 2));
  return { x, y };
}

describe('gradient-boosted trees', () => {
  it('learns a step in one feature and ignores the noise feature', () => {
    const { x, y } = stepData(400, 3);
    const model = trainGbdt(x, y, { ...options, loss: 'squared' });
    assert.ok(Math.abs(predictGbdt(model, Float64Array.from([0.9, 0.1])) - 10) < 0.3);
    assert.ok(Math.abs(predictGbdt(model, Float64Array.from([0.1, 0.9])) - 2) < 0.3);
    const { contributions } = explain(model, Float64Array.from([0.9, 0.5]), 2);
    assert.ok(Math.abs(contributions[0] ?? 0) > 10 * Math.abs(contributions[1] ?? 0));
  });

  it('under absolute loss follows the median, not a few huge outliers', () => {
    const x = Array.from({ length: 200 }, (_, i) => Float64Array.from([i % 2]));
    const y = x.map((_, i) => (i % 10 === 0 ? 1_000 : 3));
    const absolute = trainGbdt(x, y, { ...options, loss: 'absolute' });
    const squared = trainGbdt(x, y, { ...options, loss: 'squared' });
    assert.ok(Math.abs(predictGbdt(absolute, Float64Array.from([0])) - 3) < 0.5);
    assert.ok(predictGbdt(squared, Float64Array.from([0])) > 100);
  });

  it('gives probabilities under logistic loss that rank the classes', () => {
    const { x, y } = stepData(400, 5);
    const model = trainGbdt(
      x,
      y.map((v) => (v > 5 ? 1 : 0)),
      { ...options, loss: 'logistic' },
    );
    const high = predictGbdt(model, Float64Array.from([0.95, 0.3]));
    const low = predictGbdt(model, Float64Array.from([0.05, 0.3]));
    assert.ok(high > 0.9 && high < 1, `high ${high}`);
    assert.ok(low < 0.1 && low > 0, `low ${low}`);
  });

  it('starts from an offset and learns only the correction to it', () => {
    const { x, y } = stepData(300, 7);
    const offset = y.map((v) => v - 1);
    const model = trainGbdt(x, y, { ...options, loss: 'absolute' }, offset);
    const row = Float64Array.from([0.9, 0.2]);
    assert.ok(Math.abs(predictGbdt(model, row, 9) - 10) < 0.3);
  });

  it('is reproducible from its seed, and another seed subsamples differently', () => {
    const { x, y } = stepData(300, 9);
    const o = { ...options, subsample: 0.7, featureFraction: 0.5, loss: 'squared' as const };
    const row = Float64Array.from([0.4, 0.6]);
    assert.equal(predictRaw(trainGbdt(x, y, o), row), predictRaw(trainGbdt(x, y, o), row));
    assert.notEqual(
      JSON.stringify(trainGbdt(x, y, o).trees),
      JSON.stringify(trainGbdt(x, y, { ...o, seed: 2 }).trees),
    );
  });

  it('explains every score exactly: expected value plus contributions is the raw score', () => {
    const { x, y } = stepData(200, 11);
    const model = trainGbdt(x, y, { ...options, loss: 'squared', subsample: 0.8 });
    fc.assert(
      fc.property(
        fc.float({ min: 0, max: 1, noNaN: true }),
        fc.float({ min: 0, max: 1, noNaN: true }),
        (a, b) => {
          const row = Float64Array.from([a, b]);
          const { expected, contributions } = explain(model, row, 2);
          const sum = expected + (contributions[0] ?? 0) + (contributions[1] ?? 0);
          return Math.abs(sum - predictRaw(model, row)) < 1e-9;
        },
      ),
    );
  });

  it('finds by histogram the split an exact search over every threshold finds (few distinct values)', () => {
    const data = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -50, max: 50 }),
      ),
      { minLength: 12, maxLength: 120 },
    );
    fc.assert(
      fc.property(data, (rows) => {
        const x = rows.map(([a, b]) => Float64Array.from([a, b]));
        const y = rows.map(([, , t]) => t);
        const o = { ...options, trees: 1, depth: 1, minLeaf: 3, learningRate: 1, loss: 'squared' as const };
        const root = trainGbdt(x, y, o).trees[0] as TreeNode;
        const exact = exactSplit(x, y, o.minLeaf, o.l2);
        if (!exact) return 'leaf' in root;
        if ('leaf' in root) return false;
        // Equal gains may tie between thresholds: the histogram's split must be as good.
        return Math.abs(root.gain - exact.gain) < 1e-6 * Math.max(1, exact.gain);
      }),
      { numRuns: 200 },
    );
  });

  it('takes the median of a leaf by selection, equal to the sorted median', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 60 }), (values) =>
        Object.is(medianInPlace(Float64Array.from(values)) + 0, median(values) + 0),
      ),
    );
  });

  it('refuses to train on nothing', () => {
    assert.throws(() => trainGbdt([], [], { ...options, loss: 'squared' }), /at least one/);
  });
});

/** The best split of one squared-loss step from the mean by trying every threshold between distinct values. */
function exactSplit(x: readonly Float64Array[], y: readonly number[], minLeaf: number, l2: number) {
  const base = y.reduce((s, v) => s + v, 0) / y.length;
  const g = y.map((v) => base - v);
  const G = g.reduce((s, v) => s + v, 0);
  const parent = (G * G) / (y.length + l2);
  let best: { feature: number; threshold: number; gain: number } | null = null;
  for (let feature = 0; feature < 2; feature++) {
    const values = [...new Set(x.map((r) => r[feature] ?? 0))].sort((a, b) => a - b);
    for (let k = 1; k < values.length; k++) {
      const threshold = ((values[k - 1] ?? 0) + (values[k] ?? 0)) / 2;
      const left = x.flatMap((r, i) => ((r[feature] ?? 0) <= threshold ? [i] : []));
      if (left.length < minLeaf || y.length - left.length < minLeaf) continue;
      const gl = left.reduce((s, i) => s + (g[i] ?? 0), 0);
      const hl = left.length;
      const gain = (gl * gl) / (hl + l2) + ((G - gl) * (G - gl)) / (y.length - hl + l2) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature, threshold, gain };
    }
  }
  return best;
}
