/**
 * Points, per-rule caps and levels, as plain arithmetic over the stored state, so the
 * incentives feature only wires events to it. Caps count in the user's local days.
 */

/** What one points rule has awarded: on local day `day`, `today` points; `total` ever. */
export interface RuleTally {
  day: number;
  today: number;
  total: number;
}

/** A points rule's limits. */
export interface PointsCaps {
  points: number;
  perDay?: number;
  lifetime?: number;
}

/**
 * The points `rule` awards now, on local day `day`, within its caps (part of `points` when a
 * cap is nearly reached), and the tally updated. 0 when a cap is reached.
 */
export function award(rule: PointsCaps, tally: RuleTally, day: number): number {
  if (tally.day !== day) {
    tally.day = day;
    tally.today = 0;
  }
  let amount = rule.points;
  if (rule.perDay !== undefined) amount = Math.min(amount, rule.perDay - tally.today);
  if (rule.lifetime !== undefined) amount = Math.min(amount, rule.lifetime - tally.total);
  if (amount <= 0) return 0;
  tally.today += amount;
  tally.total += amount;
  return amount;
}

/** A level: reached at `at` points. */
export interface LevelDefinition {
  id: string;
  at: number;
  /** What the UI shows; default the id. */
  label?: string;
}

/**
 * The levels crossed going from `before` to `after` points, in order (thresholds sorted
 * ascending): one entry per threshold, so a jump over two levels announces both.
 */
export function levelsCrossed(levels: readonly LevelDefinition[], before: number, after: number): LevelDefinition[] {
  return levels.filter((level) => level.at > before && level.at <= after);
}

/** The level held at `points`, or `undefined` below the first threshold. */
export function levelAt(levels: readonly LevelDefinition[], points: number): LevelDefinition | undefined {
  let held: LevelDefinition | undefined;
  for (const level of levels) if (level.at <= points) held = level;
  return held;
}
