/**
 * One arm's mean and per-user variance from its totals, or the reason they cannot be used.
 *
 * @packageDocumentation
 */
import type { Metric } from './types';

/** Usable totals, or why not; `mean` is kept for display whenever users and sum allow it. */
export type ArmStats =
  | { ok: true; users: number; mean: number; variance: number }
  | { ok: false; reason: string; mean: number | null; variance: number | null };

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * gbstats' per-arm statistics: a proportion's variance is p(1−p); a mean's is the sample
 * variance (sumSquares − sum²/n) / (n − 1). Input is `unknown` because it comes from JSON.
 */
export function armStats(metric: Metric, arm: Readonly<Record<string, unknown>>): ArmStats {
  const { users, sum, sumSquares } = arm;
  if (!isNumber(users) || users < 0) return { ok: false, reason: 'users must be a finite number >= 0', mean: null, variance: null };
  if (!isNumber(sum)) return { ok: false, reason: 'sum must be a finite number', mean: null, variance: null };
  const mean = users > 0 ? sum / users : null;
  const fail = (reason: string) => ({ ok: false as const, reason, mean, variance: null });
  if (metric === 'proportion' && (sum < 0 || sum > users)) return fail('sum (conversions) must be between 0 and users');
  if (users < 2 || mean === null) return fail(`needs at least 2 users, has ${users}`);
  if (metric === 'proportion') return { ok: true, users, mean, variance: mean * (1 - mean) };
  if (sumSquares === undefined) return fail('a mean metric needs sumSquares');
  if (!isNumber(sumSquares) || sumSquares < 0) return fail('sumSquares must be a finite number >= 0');
  const spread = sumSquares - (sum * sum) / users;
  // Slightly negative from rounding when every value is equal; far below zero the sums disagree.
  if (spread < -1e-9 * sumSquares) return fail('sumSquares is below sum²/users: the sums are inconsistent');
  return { ok: true, users, mean, variance: Math.max(0, spread) / (users - 1) };
}
