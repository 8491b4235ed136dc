/**
 * Holm's step-down adjustment: controls the family-wise error rate across the treatment arms
 * without assuming they are independent, and rejects at least what Bonferroni rejects.
 *
 * @packageDocumentation
 */

/**
 * Adjusted p-values in the input order. Sorted ascending, the i-th smallest (from 0) becomes
 * (m − i) · p, made non-decreasing by a running maximum and capped at 1. Ties get equal values.
 * Callers pass only real p-values; arms without one are not hypotheses and do not count in m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i]! - pValues[j]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
