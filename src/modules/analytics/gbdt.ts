/**
 * Gradient-boosted decision trees in plain TypeScript — the learner behind payment-date
 * prediction. Small on purpose: the data of one tenant is thousands to a few hundred thousand
 * invoices with a few dozen features, which a histogram learner fits in seconds without a native
 * library or a service.
 *
 * - Features are cut into at most 64 bins at quantiles of the training values; a split is the
 *   best gain over the bin boundaries (second-order gain, L2-regularised leaves).
 * - Losses: `squared` (mean), `absolute` (median: leaves are medians of the residuals, the right
 *   loss when the error is judged as a mean absolute error) and `logistic` (a probability).
 * - Each tree sees a seeded subsample of the rows and of the features, so a model is reproducible
 *   from its seed.
 * - An optional offset per row (e.g. the customer's own history) is where the boosting starts:
 *   the trees then learn corrections to it.
 */
import { Random } from '../../shared/random.ts';
import { median } from './statistics.ts';

export type GbdtLoss = 'squared' | 'absolute' | 'logistic';

export interface GbdtOptions {
  readonly loss: GbdtLoss;
  readonly trees: number;
  readonly depth: number;
  readonly learningRate: number;
  /** Fewest training rows in a leaf. */
  readonly minLeaf: number;
  /** Share of rows each tree sees (0–1]. */
  readonly subsample: number;
  /** Share of features each tree may split on (0–1]. */
  readonly featureFraction: number;
  /** L2 regularisation of leaf values (squared and logistic loss). */
  readonly l2: number;
  readonly seed: number;
}

/** A tree's node; `mean` is the average leaf value of the training rows that reached it. */
export type TreeNode =
  | { readonly leaf: number; readonly mean: number; readonly rows: number }
  | {
      readonly mean: number;
      readonly rows: number;
      readonly feature: number;
      readonly threshold: number;
      readonly gain: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    };

export interface GbdtModel {
  readonly loss: GbdtLoss;
  readonly base: number;
  readonly learningRate: number;
  readonly trees: readonly TreeNode[];
}

const MAX_BINS = 64;

/** Train on rows `x` (one Float64Array of features each) and targets `y` (0/1 for logistic). */
export function trainGbdt(
  x: readonly Float64Array[],
  y: readonly number[],
  options: GbdtOptions,
  offset?: readonly number[],
): GbdtModel {
  if (x.length !== y.length || x.length === 0)
    throw new Error('trainGbdt needs as many rows as targets, at least one');
  const random = new Random(options.seed);
  const featureCount = x[0]?.length ?? 0;
  const edges = Array.from({ length: featureCount }, (_, j) => binEdges(x, j));
  const bins = edges.map((e, j) => Uint8Array.from(x, (row) => binOf(e, row[j] ?? 0)));
  const base = initialValue(options.loss, offset ? y.map((v, i) => v - (offset[i] ?? 0)) : y);
  const f = y.map((_, i) => base + (offset?.[i] ?? 0));
  const trees: TreeNode[] = [];
  for (let t = 0; t < options.trees; t++) {
    const { g, h } = gradients(options.loss, y, f);
    const rows = sample(y.length, options.subsample, random);
    const features = sample(featureCount, options.featureFraction, random);
    const tree = grow({ bins, edges, g, h, y, f, options, features }, rows, 0);
    trees.push(tree);
    for (let i = 0; i < y.length; i++)
      f[i] = (f[i] ?? 0) + options.learningRate * leafOf(tree, x[i] as Float64Array);
  }
  return { loss: options.loss, base, learningRate: options.learningRate, trees };
}

/** The model's raw score (days, or log-odds for logistic), without any offset. */
export function predictRaw(model: GbdtModel, row: Float64Array): number {
  let score = model.base;
  for (const tree of model.trees) score += model.learningRate * leafOf(tree, row);
  return score;
}

/** The prediction: a value for squared/absolute loss, a probability for logistic loss. */
export function predictGbdt(model: GbdtModel, row: Float64Array, offset = 0): number {
  const raw = predictRaw(model, row) + offset;
  return model.loss === 'logistic' ? sigmoid(raw) : raw;
}

/**
 * Why the model gave this row its score: per feature, how much the splits on it moved the score
 * along the row's path through each tree (Saabas: at each split, the change of the expected value
 * of the subtree, weighted by the training rows that reached it). `expected` is the score of a
 * row that went nowhere in particular; `expected` plus the contributions is the raw score.
 */
export function explain(
  model: GbdtModel,
  row: Float64Array,
  featureCount: number,
): { expected: number; contributions: Float64Array } {
  const contributions = new Float64Array(featureCount);
  let expected = model.base;
  for (const tree of model.trees) {
    let node = tree;
    expected += model.learningRate * node.mean;
    while (!('leaf' in node)) {
      const next = (row[node.feature] ?? 0) <= node.threshold ? node.left : node.right;
      contributions[node.feature] =
        (contributions[node.feature] ?? 0) + model.learningRate * (next.mean - node.mean);
      node = next;
    }
  }
  return { expected, contributions };
}

interface GrowContext {
  readonly bins: readonly Uint8Array[];
  readonly edges: readonly Float64Array[];
  readonly g: readonly number[];
  readonly h: readonly number[];
  readonly y: readonly number[];
  readonly f: readonly number[];
  readonly options: GbdtOptions;
  readonly features: readonly number[];
}

function grow(ctx: GrowContext, rows: number[], depth: number): TreeNode {
  const split =
    depth < ctx.options.depth && rows.length >= 2 * ctx.options.minLeaf ? bestSplit(ctx, rows) : null;
  if (!split) {
    const leaf = leafValue(ctx, rows);
    return { leaf, mean: leaf, rows: rows.length };
  }
  const b = ctx.bins[split.feature] as Uint8Array;
  const left = rows.filter((i) => (b[i] ?? 0) <= split.bin);
  const right = rows.filter((i) => (b[i] ?? 0) > split.bin);
  const l = grow(ctx, left, depth + 1);
  const r = grow(ctx, right, depth + 1);
  return {
    mean: (l.mean * l.rows + r.mean * r.rows) / Math.max(1, l.rows + r.rows),
    rows: l.rows + r.rows,
    feature: split.feature,
    threshold: (ctx.edges[split.feature] as Float64Array)[split.bin] ?? 0,
    gain: split.gain,
    left: l,
    right: r,
  };
}

function bestSplit(ctx: GrowContext, rows: readonly number[]) {
  let best: { feature: number; bin: number; gain: number } | null = null;
  let G = 0;
  let H = 0;
  for (const i of rows) {
    G += ctx.g[i] ?? 0;
    H += ctx.h[i] ?? 0;
  }
  const { l2, minLeaf } = ctx.options;
  const parent = (G * G) / (H + l2);
  for (const feature of ctx.features) {
    const { gs, hs, cs } = histogram(ctx, rows, feature);
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let k = 0; k < gs.length - 1; k++) {
      gl += gs[k] ?? 0;
      hl += hs[k] ?? 0;
      cl += cs[k] ?? 0;
      if (cl < minLeaf || rows.length - cl < minLeaf) continue;
      const gain = (gl * gl) / (hl + l2) + ((G - gl) * (G - gl)) / (H - hl + l2) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature, bin: k, gain };
    }
  }
  return best;
}

function histogram(ctx: GrowContext, rows: readonly number[], feature: number) {
  const size = (ctx.edges[feature] as Float64Array).length + 1;
  const gs = new Float64Array(size);
  const hs = new Float64Array(size);
  const cs = new Int32Array(size);
  const b = ctx.bins[feature] as Uint8Array;
  for (const i of rows) {
    const k = b[i] ?? 0;
    gs[k] = (gs[k] ?? 0) + (ctx.g[i] ?? 0);
    hs[k] = (hs[k] ?? 0) + (ctx.h[i] ?? 0);
    cs[k] = (cs[k] ?? 0) + 1;
  }
  return { gs, hs, cs };
}

function leafValue(ctx: GrowContext, rows: readonly number[]): number {
  if (ctx.options.loss === 'absolute') return median(rows.map((i) => (ctx.y[i] ?? 0) - (ctx.f[i] ?? 0)));
  let G = 0;
  let H = 0;
  for (const i of rows) {
    G += ctx.g[i] ?? 0;
    H += ctx.h[i] ?? 0;
  }
  return -G / (H + ctx.options.l2);
}

function gradients(loss: GbdtLoss, y: readonly number[], f: readonly number[]) {
  const g = new Array<number>(y.length);
  const h = new Array<number>(y.length);
  for (let i = 0; i < y.length; i++) {
    const fi = f[i] ?? 0;
    const yi = y[i] ?? 0;
    if (loss === 'logistic') {
      const p = sigmoid(fi);
      g[i] = p - yi;
      h[i] = Math.max(p * (1 - p), 1e-6);
    } else {
      g[i] = loss === 'squared' ? fi - yi : Math.sign(fi - yi);
      h[i] = 1;
    }
  }
  return { g, h };
}

function initialValue(loss: GbdtLoss, y: readonly number[]): number {
  if (loss === 'absolute') return median(y);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  if (loss === 'squared') return mean;
  const p = Math.min(Math.max(mean, 1e-6), 1 - 1e-6);
  return Math.log(p / (1 - p));
}

/** Bin boundaries of one feature: midpoints between distinct values, at most MAX_BINS − 1. */
function binEdges(x: readonly Float64Array[], feature: number): Float64Array {
  const values = [...new Set(x.map((row) => row[feature] ?? 0))].sort((a, b) => a - b);
  const edges: number[] = [];
  const step = Math.max(1, values.length / MAX_BINS);
  for (let k = step; k < values.length; k += step) {
    const i = Math.floor(k);
    const edge = ((values[i - 1] ?? 0) + (values[i] ?? 0)) / 2;
    if (edges[edges.length - 1] !== edge) edges.push(edge);
  }
  return Float64Array.from(edges);
}

function binOf(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= (edges[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sample(n: number, share: number, random: Random): number[] {
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (random.next() < share) picked.push(i);
  if (picked.length === 0 && n > 0) picked.push(random.int(0, n - 1));
  return picked;
}

function leafOf(tree: TreeNode, row: Float64Array): number {
  let node = tree;
  while (!('leaf' in node)) node = (row[node.feature] ?? 0) <= node.threshold ? node.left : node.right;
  return node.leaf;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
