/**
 * Sample-ratio mismatch: are users split across the arms as the weights say? A broken split
 * (a redirect losing users, a bot filter on one arm) biases every other number.
 *
 * @packageDocumentation
 */
import { chiSquareSf } from './chi-square';
import type { SrmResult } from './types';

/** Default p-value below which the split is called a mismatch (GrowthBook and Optimizely use 0.001 too). */
export const SRM_THRESHOLD = 0.001;

/**
 * Pearson's chi-square Σ (users − expected)² / expected, expected = total · weight / Σ weights,
 * with k − 1 degrees of freedom. Never throws; a `reason` instead of a p-value when it cannot run.
 */
export function sampleRatioMismatch(arms: readonly Readonly<Record<string, unknown>>[], threshold: number = SRM_THRESHOLD): SrmResult {
  if (arms.length < 2) return { mismatch: false, reason: 'needs at least 2 arms' };
  const users: number[] = [];
  const weights: number[] = [];
  for (const [i, arm] of arms.entries()) {
    const { users: n, weight: w } = arm;
    if (typeof w !== 'number' || !(w > 0 && w < Infinity)) return { mismatch: false, reason: `arms[${i}].weight must be a positive finite number` };
    if (typeof n !== 'number' || !(n >= 0 && n < Infinity)) return { mismatch: false, reason: `arms[${i}].users must be a finite number >= 0` };
    users.push(n);
    weights.push(w);
  }
  const total = users.reduce((a, b) => a + b, 0);
  if (total === 0) return { mismatch: false, reason: 'no users yet' };
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  users.forEach((n, i) => {
    const expected = (total * weights[i]!) / weightSum;
    chiSquare += ((n - expected) * (n - expected)) / expected;
  });
  const pValue = chiSquareSf(chiSquare, arms.length - 1);
  return { mismatch: pValue < threshold, pValue, chiSquare };
}
