/**
 * Streak arithmetic over numbered periods (local days or weeks, from `rules/local-time`):
 * numbering periods by the local calendar makes a streak right across daylight-saving changes
 * (a 23- or 25-hour day is still one day), which counting 24-hour spans would not be.
 */

/** A streak's stored record. `last` is the period of the last qualifying activity. */
export interface StreakRecord {
  length: number;
  best: number;
  last: number;
  /** Freezes held: each covers one missed period. */
  freezes: number;
  /** Periods extended since the last freeze was earned. */
  earned: number;
}

/** How a streak holds freezes: it starts with `max` and earns one back every `earnEvery` periods (default 7). */
export interface FreezeRule {
  max: number;
  earnEvery?: number;
}

/** A fresh record, with a full set of freezes. */
export const newStreak = (freezes?: FreezeRule): StreakRecord => ({ length: 0, best: 0, last: -1, freezes: freezes?.max ?? 0, earned: 0 });

/**
 * The streak as of `period` without new activity: its length (0 once broken), whether it is at
 * risk (alive but not yet extended this period), and whether it has just been found broken
 * (more periods missed than freezes held).
 */
export function streakStatus(record: StreakRecord, period: number): { length: number; atRisk: boolean; broken: boolean } {
  if (record.length === 0) return { length: 0, atRisk: false, broken: false };
  const missed = period - record.last - 1;
  const alive = missed <= record.freezes;
  return { length: alive ? record.length : 0, atRisk: alive && record.last < period, broken: !alive };
}

/**
 * Activity in `period`: extends the streak (using freezes for missed periods) or starts a new
 * one. Returns the freezes used, or `undefined` when the streak already counted this period.
 * A broken streak must be ended (`endStreak`) first.
 */
export function extendStreak(record: StreakRecord, period: number, freezes?: FreezeRule): number | undefined {
  if (record.length > 0 && record.last >= period) return undefined;
  const used = record.length > 0 ? Math.max(0, period - record.last - 1) : 0;
  record.freezes -= used;
  record.length++;
  record.best = Math.max(record.best, record.length);
  record.last = period;
  if (freezes && ++record.earned >= (freezes.earnEvery ?? 7)) {
    record.earned = 0;
    record.freezes = Math.min(freezes.max, record.freezes + 1);
  }
  return used;
}

/** Ends a broken streak; returns the length it had. */
export function endStreak(record: StreakRecord): number {
  const length = record.length;
  record.length = 0;
  record.earned = 0;
  return length;
}
