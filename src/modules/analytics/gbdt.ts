/**
 * Gradient-boosted decision trees in plain TypeScript — the learner behind payment-date
 * prediction. Small on purpose: the data of one tenant is thousands to a few hundred thousand
 * invoices with a few dozen features, which a histogram learner fits in seconds without a native
 * library or a service.
 *
 * - Features are cut into at most 64 bins at quantiles of the training values; a split is the
 *   best gain over the bin boundaries (second-order gain, L2-regularised leaves).
 * - Losses: `squared` (mean), `absolute` (median: leaves are medians of the residuals, exact, by
 *   quickselect; the right loss when the error is judged as a mean absolute error) and `logistic`
 *   (a probability).
 * - Typed arrays throughout; rows binned once (`binFeatures`, shareable by two models); a child's
 *   histogram is its parent's minus its sibling's; a tree samples at most MAX_TREE_ROWS rows.
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
/**
 * Most rows one tree samples: on more training rows the row share falls to keep it (stochastic
 * boosting; each tree still sees an unbiased sample), so training grows with the trees, not with
 * the rows. Below 250,000 rows at the default 80% it changes nothing.
 */
const MAX_TREE_ROWS = 200_000;
/** Bin edges are quantiles of at most this many rows (evenly spaced); all rows below it. */
const EDGE_SAMPLE = 200_000;

/**
 * The training rows cut into bins once: `columns[j][i]` is row i's bin of feature j (a feature's
 * bins side by side, read in one pass per feature when a histogram is built). Two models trained
 * on the same rows (days late and late probability) share it.
 */
export interface BinnedFeatures {
  readonly rows: number;
  readonly features: number;
  readonly edges: readonly Float64Array[];
  readonly columns: readonly Uint8Array[];
}

/** Cut `x` into at most 64 bins per feature, at quantiles of the values. */
export function binFeatures(x: readonly Float64Array[]): BinnedFeatures {
  const rows = x.length;
  const features = x[0]?.length ?? 0;
  const edges = Array.from({ length: features }, (_, j) => binEdges(x, j));
  const columns = edges.map((e, j) => {
    const column = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) column[i] = binOf(e, (x[i] as Float64Array)[j] ?? 0);
    return column;
  });
  return { rows, features, edges, columns };
}

/** Train on rows `x` (one Float64Array of features each, or binned) and targets `y` (0/1 for logistic). */
export function trainGbdt(
  x: readonly Float64Array[] | BinnedFeatures,
  y: readonly number[],
  options: GbdtOptions,
  offset?: readonly number[],
): GbdtModel {
  const binned = 'columns' in x ? x : binFeatures(x);
  if (binned.rows !== y.length || y.length === 0)
    throw new Error('trainGbdt needs as many rows as targets, at least one');
  const random = new Random(options.seed);
  const target = Float64Array.from(y);
  const base = initialValue(options.loss, offset ? y.map((v, i) => v - (offset[i] ?? 0)) : y);
  const f = Float64Array.from(y, (_, i) => base + (offset?.[i] ?? 0));
  const ctx = growContext(binned, target, f, options);
  const trees: TreeNode[] = [];
  for (let t = 0; t < options.trees; t++) {
    gradients(options.loss, target, f, ctx.g, ctx.h);
    const rows = sample(y.length, Math.min(options.subsample, MAX_TREE_ROWS / y.length), random);
    const features = Int32Array.from(sample(binned.features, options.featureFraction, random));
    const tree = grow({ ...ctx, features }, rows, 0, rows.length, 0, null);
    trees.push(tree.node);
    addTree(binned, f, tree, options.learningRate);
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
  readonly binned: BinnedFeatures;
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly y: Float64Array;
  readonly f: Float64Array;
  readonly options: GbdtOptions;
  /** The features this tree may split on. */
  readonly features: Int32Array;
  /** Row indices of the tree's sample; each node owns a contiguous range, partitioned in place. */
  readonly scratch: Int32Array;
  readonly residuals: Float64Array;
  /** The node's gradients and hessians gathered in row order for the histogram. */
  readonly gathered: { readonly g: Float64Array; readonly h: Float64Array };
}

/** A grown tree with the bins of its splits, for adding its leaves to the training scores. */
interface Grown {
  readonly node: TreeNode;
  readonly feature: number;
  readonly bin: number;
  readonly left: Grown | null;
  readonly right: Grown | null;
}

/**
 * Per-feature sums by bin, interleaved: feature k's bin b has its gradient sum at
 * 3 × (k × 64 + b), its hessian sum next and its row count after (one Float64Array: a row's
 * update touches one cache line; an Int32Array of counts beside it was ten times slower in V8).
 */
type Histogram = Float64Array;
const SLOTS = 3;

function growContext(
  binned: BinnedFeatures,
  y: Float64Array,
  f: Float64Array,
  options: GbdtOptions,
): Omit<GrowContext, 'features'> {
  const n = binned.rows;
  return {
    binned,
    g: new Float64Array(n),
    h: new Float64Array(n),
    y,
    f,
    options,
    scratch: new Int32Array(n),
    residuals: new Float64Array(n),
    gathered: { g: new Float64Array(n), h: new Float64Array(n) },
  };
}

/**
 * Grow the node of rows[start, end). `hist` is the node's histogram when the parent derived it
 * by subtraction (parent − sibling); otherwise it is built here.
 */
function grow(
  ctx: GrowContext,
  rows: Int32Array,
  start: number,
  end: number,
  depth: number,
  hist: Histogram | null,
): Grown {
  const count = end - start;
  const canSplit = depth < ctx.options.depth && count >= 2 * ctx.options.minLeaf;
  const own = canSplit ? (hist ?? histogram(ctx, rows, start, end)) : null;
  const split = own ? bestSplit(ctx, own, count) : null;
  if (!own || !split) {
    const leaf = leafValue(ctx, rows, start, end);
    return { node: { leaf, mean: leaf, rows: count }, feature: -1, bin: -1, left: null, right: null };
  }
  const feature = ctx.features[split.k] as number;
  const middle = partition(ctx, rows, start, end, feature, split.bin);
  const [leftHist, rightHist] =
    depth + 1 < ctx.options.depth ? childHistograms(ctx, own, rows, start, middle, end) : [null, null];
  const l = grow(ctx, rows, start, middle, depth + 1, leftHist);
  const r = grow(ctx, rows, middle, end, depth + 1, rightHist);
  const node: TreeNode = {
    mean: (l.node.mean * l.node.rows + r.node.mean * r.node.rows) / Math.max(1, l.node.rows + r.node.rows),
    rows: l.node.rows + r.node.rows,
    feature,
    threshold: (ctx.binned.edges[feature] as Float64Array)[split.bin] ?? 0,
    gain: split.gain,
    left: l.node,
    right: r.node,
  };
  return { node, feature, bin: split.bin, left: l, right: r };
}

/** The children's histograms: the smaller child's built, the larger's the parent's minus it. */
function childHistograms(
  ctx: GrowContext,
  parent: Histogram,
  rows: Int32Array,
  start: number,
  middle: number,
  end: number,
): [Histogram, Histogram] {
  if (middle - start <= end - middle) {
    const left = histogram(ctx, rows, start, middle);
    return [left, subtract(parent, left)];
  }
  const right = histogram(ctx, rows, middle, end);
  return [subtract(parent, right), right];
}

/** Stable partition of rows[start, end) into bin ≤ `bin` then the rest; returns the boundary. */
function partition(
  ctx: GrowContext,
  rows: Int32Array,
  start: number,
  end: number,
  feature: number,
  bin: number,
): number {
  const column = ctx.binned.columns[feature] as Uint8Array;
  const right = ctx.scratch;
  let l = start;
  let r = 0;
  for (let p = start; p < end; p++) {
    const i = rows[p] as number;
    if ((column[i] as number) <= bin) rows[l++] = i;
    else right[r++] = i;
  }
  rows.set(right.subarray(0, r), l);
  return l;
}

/**
 * The node's histogram, feature by feature: the rows' gradients (and hessians, unless every one
 * is 1: then the row count is the hessian sum) are first gathered in row order, so the inner loop
 * reads one bin column and one contiguous array.
 */
function histogram(ctx: GrowContext, rows: Int32Array, start: number, end: number): Histogram {
  const chosen = ctx.features;
  const out = new Float64Array(chosen.length * MAX_BINS * SLOTS);
  const n = end - start;
  const gg = ctx.gathered.g;
  const hh = ctx.gathered.h;
  const unit = ctx.options.loss !== 'logistic';
  for (let p = 0; p < n; p++) {
    const i = rows[start + p] as number;
    gg[p] = ctx.g[i] as number;
    if (!unit) hh[p] = ctx.h[i] as number;
  }
  for (let q = 0; q < chosen.length; q++) {
    const column = ctx.binned.columns[chosen[q] as number] as Uint8Array;
    const at = q * MAX_BINS * SLOTS;
    if (unit) accumulateUnit(column, rows, start, n, gg, out, at);
    else accumulate(column, rows, start, n, gg, hh, out, at);
  }
  if (unit) for (let o = 0; o < out.length; o += SLOTS) out[o + 1] = out[o + 2] as number;
  return out;
}

function accumulateUnit(
  column: Uint8Array,
  rows: Int32Array,
  start: number,
  n: number,
  gg: Float64Array,
  out: Float64Array,
  at: number,
): void {
  for (let p = 0; p < n; p++) {
    const o = at + (column[rows[start + p] as number] as number) * SLOTS;
    out[o] = (out[o] as number) + (gg[p] as number);
    out[o + 2] = (out[o + 2] as number) + 1;
  }
}

function accumulate(
  column: Uint8Array,
  rows: Int32Array,
  start: number,
  n: number,
  gg: Float64Array,
  hh: Float64Array,
  out: Float64Array,
  at: number,
): void {
  for (let p = 0; p < n; p++) {
    const o = at + (column[rows[start + p] as number] as number) * SLOTS;
    out[o] = (out[o] as number) + (gg[p] as number);
    out[o + 1] = (out[o + 1] as number) + (hh[p] as number);
    out[o + 2] = (out[o + 2] as number) + 1;
  }
}

function subtract(parent: Histogram, child: Histogram): Histogram {
  const out = parent.slice();
  for (let o = 0; o < out.length; o++) out[o] = (out[o] as number) - (child[o] as number);
  return out;
}

/** The best split over the bin boundaries of the tree's features (k: position among them). */
function bestSplit(ctx: GrowContext, hist: Histogram, count: number) {
  let best: { k: number; bin: number; gain: number } | null = null;
  let G = 0;
  let H = 0;
  for (let o = 0; o < MAX_BINS * SLOTS; o += SLOTS) {
    G += hist[o] as number;
    H += hist[o + 1] as number;
  }
  const { l2, minLeaf } = ctx.options;
  const parent = (G * G) / (H + l2);
  for (let k = 0; k < ctx.features.length; k++) {
    const size = (ctx.binned.edges[ctx.features[k] as number] as Float64Array).length + 1;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < size - 1; b++) {
      const o = (k * MAX_BINS + b) * SLOTS;
      gl += hist[o] as number;
      hl += hist[o + 1] as number;
      cl += hist[o + 2] as number;
      if (cl < minLeaf || count - cl < minLeaf) continue;
      const gain = (gl * gl) / (hl + l2) + ((G - gl) * (G - gl)) / (H - hl + l2) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { k, bin: b, gain };
    }
  }
  return best;
}

/**
 * Absolute loss: the median of the residuals, exact, by selection (no sort of the leaf's rows).
 * Otherwise the L2-regularised Newton step.
 */
function leafValue(ctx: GrowContext, rows: Int32Array, start: number, end: number): number {
  if (ctx.options.loss === 'absolute') {
    const r = ctx.residuals.subarray(0, end - start);
    for (let p = start; p < end; p++) {
      const i = rows[p] as number;
      r[p - start] = (ctx.y[i] as number) - (ctx.f[i] as number);
    }
    return medianInPlace(r);
  }
  let G = 0;
  let H = 0;
  for (let p = start; p < end; p++) {
    const i = rows[p] as number;
    G += ctx.g[i] as number;
    H += ctx.h[i] as number;
  }
  return -G / (H + ctx.options.l2);
}

/** The median of `values` (reordered), as statistics.ts's `median`: the mean of the middle two when even. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  const upper = select(values, mid);
  if (n % 2) return upper;
  let lower = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < mid; p++) if ((values[p] as number) > lower) lower = values[p] as number;
  return (lower + upper) / 2;
}

/** Quickselect (Hoare, middle pivot): the k-th smallest; afterwards values[0, k) ≤ it ≤ values(k, n). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/** f += learning rate × the tree's leaf, for every training row (by its bins). */
function addTree(binned: BinnedFeatures, f: Float64Array, tree: Grown, rate: number): void {
  const { columns } = binned;
  for (let i = 0; i < binned.rows; i++) {
    let node = tree;
    while (node.left && node.right)
      node = ((columns[node.feature] as Uint8Array)[i] as number) <= node.bin ? node.left : node.right;
    f[i] = (f[i] as number) + rate * ('leaf' in node.node ? node.node.leaf : 0);
  }
}

function gradients(loss: GbdtLoss, y: Float64Array, f: Float64Array, g: Float64Array, h: Float64Array): void {
  for (let i = 0; i < y.length; i++) {
    const fi = f[i] as number;
    const yi = y[i] as number;
    if (loss === 'logistic') {
      const p = sigmoid(fi);
      g[i] = p - yi;
      h[i] = Math.max(p * (1 - p), 1e-6);
    } else {
      g[i] = loss === 'squared' ? fi - yi : Math.sign(fi - yi);
      h[i] = 1;
    }
  }
}

function initialValue(loss: GbdtLoss, y: readonly number[]): number {
  if (loss === 'absolute') return median(y);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  if (loss === 'squared') return mean;
  const p = Math.min(Math.max(mean, 1e-6), 1 - 1e-6);
  return Math.log(p / (1 - p));
}

/**
 * Bin boundaries of one feature: midpoints between distinct values, at most MAX_BINS − 1, over
 * every row up to EDGE_SAMPLE rows and over EDGE_SAMPLE evenly spaced rows beyond.
 */
function binEdges(x: readonly Float64Array[], feature: number): Float64Array {
  const stride = Math.max(1, x.length / EDGE_SAMPLE);
  const picked = new Float64Array(Math.min(x.length, Math.ceil(x.length / stride)));
  for (let p = 0; p < picked.length; p++) picked[p] = x[Math.floor(p * stride)]?.[feature] ?? 0;
  picked.sort();
  const values: number[] = [];
  for (const v of picked) if (values.length === 0 || values[values.length - 1] !== v) values.push(v);
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

function sample(n: number, share: number, random: Random): Int32Array {
  const picked = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (random.next() < share) picked[count++] = i;
  if (count === 0 && n > 0) picked[count++] = random.int(0, n - 1);
  return picked.slice(0, count);
}

function leafOf(tree: TreeNode, row: Float64Array): number {
  let node = tree;
  while (!('leaf' in node)) node = (row[node.feature] ?? 0) <= node.threshold ? node.left : node.right;
  return node.leaf;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
