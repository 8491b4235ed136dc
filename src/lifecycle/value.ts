/**
 * Value tier and RFM scores: pure functions of the conversion figures.
 *
 * @packageDocumentation
 */
import { DAY_MS } from '../core/clock';
import type { Tier } from '../core/types';
import type { ResolvedLifecycle } from './options';

/**
 * Conversion figures the tier and RFM scores depend on.
 *
 * @example
 * ```ts
 * valueTier({ lastConversion: Date.now(), conversions365: 3, revenue365: 120 }, tier)
 * ```
 */
export interface ValueFacts {
  /** Epoch ms of the last conversion, `null` if none. */
  lastConversion: number | null;
  /** Conversions in the last 365 days. */
  conversions365: number;
  /** Revenue in the last 365 days. */
  revenue365: number;
}

/**
 * RFM scores, each 1 (worst) to 5 (best); `m` is `null` until monetary cut-points are configured.
 *
 * @example
 * ```ts
 * { 'rfm.segment': { $in: ['At Risk', "Can't Lose Them"] } } // a rule condition
 * ```
 */
export interface RfmScores {
  r: number;
  f: number;
  m: number | null;
  /** A label from R and F, e.g. `Champions`, `At Risk`. */
  segment: RfmSegment;
}

/**
 * The RFM segment labels (from the R × F grid; see docs/lifecycle.md).
 *
 * @example
 * ```ts
 * const label: RfmSegment = rfmSegment(5, 5); // 'Champions'
 * ```
 */
export type RfmSegment =
  | 'Champions'
  | 'Loyal'
  | 'Potential Loyalist'
  | 'New Customers'
  | 'Promising'
  | 'Need Attention'
  | 'About To Sleep'
  | 'At Risk'
  | "Can't Lose Them"
  | 'Hibernating'
  | 'Lost';

/**
 * The value tier: by revenue over 365 days when `tier.highSpend` is set (≥ highSpend → high,
 * > 0 and ≥ midSpend → mid), else by conversions in 365 days (≥ 5 → high, ≥ 2 → mid).
 *
 * @example
 * ```ts
 * valueTier({ lastConversion: 0, conversions365: 3, revenue365: 90 }, resolveLifecycleOptions().tier) // 'mid'
 * ```
 */
export function valueTier(facts: ValueFacts, tier: ResolvedLifecycle['tier']): Tier {
  if (tier.highSpend !== undefined) {
    if (facts.revenue365 >= tier.highSpend) return 'high';
    if (facts.revenue365 > 0 && facts.revenue365 >= tier.midSpend) return 'mid';
    return 'low';
  }
  if (facts.conversions365 >= tier.highConversions) return 'high';
  if (facts.conversions365 >= tier.midConversions) return 'mid';
  return 'low';
}

/** Score 5..1 where a lower value is better (recency): value ≤ cut[0] → 5, ≤ cut[1] → 4, ... */
function scoreAtMost(value: number, cuts: readonly number[]): number {
  for (let i = 0; i < cuts.length; i++) if (value <= cuts[i]!) return 5 - i;
  return 1;
}

/** Score 1..5 where a higher value is better: value ≥ cut[3] → 5, ≥ cut[2] → 4, ... */
function scoreAtLeast(value: number, cuts: readonly number[]): number {
  for (let i = cuts.length - 1; i >= 0; i--) if (value >= cuts[i]!) return i + 2;
  return 1;
}

/**
 * RFM scores at `now`, or `null` for a user who never converted. R counts whole days since
 * the last conversion.
 *
 * @example
 * ```ts
 * rfmScores({ lastConversion: now - 3 * DAY_MS, conversions365: 12, revenue365: 500 }, now, resolveLifecycleOptions().rfm)
 * // { r: 5, f: 5, m: null, segment: 'Champions' }
 * ```
 */
export function rfmScores(facts: ValueFacts, now: number, cuts: ResolvedLifecycle['rfm']): RfmScores | null {
  if (facts.lastConversion === null) return null;
  const days = Math.floor(Math.max(0, now - facts.lastConversion) / DAY_MS);
  const r = scoreAtMost(days, cuts.recencyDays);
  const f = scoreAtLeast(facts.conversions365, cuts.frequency);
  const m = cuts.monetary ? scoreAtLeast(facts.revenue365, cuts.monetary) : null;
  return { r, f, m, segment: rfmSegment(r, f) };
}

/**
 * The segment label of an R and F score.
 *
 * @example
 * ```ts
 * rfmSegment(1, 5) // "Can't Lose Them"
 * ```
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4) {
    if (f >= 4) return 'Champions';
    if (f >= 2) return 'Potential Loyalist';
    return r === 5 ? 'New Customers' : 'Promising';
  }
  if (r === 3) {
    if (f >= 4) return 'Loyal';
    return f === 3 ? 'Need Attention' : 'About To Sleep';
  }
  if (f >= 5) return "Can't Lose Them";
  if (f >= 3) return 'At Risk';
  return r === 2 ? 'Hibernating' : 'Lost';
}
