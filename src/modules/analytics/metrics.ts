/** How good a prediction is: the measures docs/analytics.md reports. */

/** Mean absolute error (in the unit of the values, e.g. days). */
export function meanAbsoluteError(predicted: readonly number[], actual: readonly number[]): number {
  if (predicted.length !== actual.length || predicted.length === 0)
    throw new Error('meanAbsoluteError needs two lists of the same, non-zero length');
  let sum = 0;
  for (let i = 0; i < predicted.length; i++) sum += Math.abs((predicted[i] ?? 0) - (actual[i] ?? 0));
  return sum / predicted.length;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count a half), by the rank-sum (Mann–Whitney U) formula. NaN when one class is
 * missing.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number {
  if (scores.length !== positive.length) throw new Error('rocAuc needs a label per score');
  const order = scores.map((s, i) => [s, positive[i] === true] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.[0] === order[i]?.[0]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k]?.[1]) {
        rankSum += averageRank;
        positives++;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
