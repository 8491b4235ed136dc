/**
 * The options of `incentives()` and their check. Apart from the feature so each file keeps
 * one idea: what may be configured here, what happens on an event there.
 */
import { fail, isRecord } from '../core/option-checks';
import type { Condition } from '../rules/types';
import type { LevelDefinition } from './points';
import type { FreezeRule } from './streaks';

/**
 * Points for an event.
 *
 * @example
 * ```ts
 * const rule: PointsRule = { id: 'review', event: 'review_posted', where: { length: { $gte: 50 } }, points: 20, perDay: 40 };
 * ```
 */
export interface PointsRule {
  /** Sent as `ruleId` with `points_earned`; default the event name. Unique. */
  id?: string;
  event: string;
  /** Only when the event's properties match. */
  where?: Condition;
  /** Points per event, a whole number > 0. */
  points: number;
  /** Most points this rule gives in one local day (the user's time zone). */
  perDay?: number;
  /** Most points this rule gives ever. */
  lifetime?: number;
}

/**
 * A badge, earned once, the first time `when` holds over what rules see (profile counters,
 * `points`, `level`, `streaks.<id>.length`, other features' attributes).
 *
 * @example
 * ```ts
 * const regular: BadgeDefinition = { id: 'regular', label: 'Regular', when: { 'streaks.daily.length': { $gte: 7 } } };
 * ```
 */
export interface BadgeDefinition {
  id: string;
  label?: string;
  when: Condition;
}

/**
 * A streak: consecutive local days (or weeks) with at least one qualifying event.
 *
 * @example
 * ```ts
 * const daily: StreakDefinition = { id: 'daily', event: ['lesson_done', 'quiz_done'], per: 'day', freezes: { max: 2, earnEvery: 7 } };
 * ```
 */
export interface StreakDefinition {
  id: string;
  /** The event (or events) that keep the streak. */
  event: string | string[];
  where?: Condition;
  /** Default `day`. Weeks start on Monday. */
  per?: 'day' | 'week';
  /** Missed periods the streak survives; without it a missed period breaks it. */
  freezes?: FreezeRule;
}

/**
 * Options of `incentives()`.
 *
 * @example
 * ```ts
 * const options: IncentivesOptions = {
 *   points: [{ event: 'purchase', points: 50 }],
 *   levels: [{ id: 'bronze', at: 0 }, { id: 'silver', at: 200 }],
 *   badges: [{ id: 'first-order', when: { 'events.purchase.count': { $gte: 1 } } }],
 *   streaks: [{ id: 'daily', event: 'session_start' }],
 * };
 * ```
 */
export interface IncentivesOptions {
  points?: PointsRule[];
  /** Thresholds in ascending order of `at`. */
  levels?: LevelDefinition[];
  badges?: BadgeDefinition[];
  streaks?: StreakDefinition[];
}

const wholeAbove = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isInteger(value) && value >= min;
const idOf = (value: unknown, path: string, ids: Set<string>): string => {
  if (typeof value !== 'string' || value === '' || value.includes('.') || ids.has(value)) fail(path, 'a unique, non-empty id without dots');
  ids.add(value);
  return value;
};

/** Throws a `ConfigError` (path `incentives.…`) for a wrong option. */
export function checkIncentives(options: IncentivesOptions): void {
  if (!isRecord(options)) fail('incentives', 'an object');
  const list = <T>(key: keyof IncentivesOptions, each: (item: Record<string, unknown>, path: string) => void) => {
    const value = options[key];
    if (value === undefined) return;
    if (!Array.isArray(value)) fail(`incentives.${key}`, 'an array');
    value.forEach((item: T, i) => {
      if (!isRecord(item)) fail(`incentives.${key}[${i}]`, 'an object');
      each(item, `incentives.${key}[${i}]`);
    });
  };
  const events = (value: unknown, path: string) => {
    const names = Array.isArray(value) ? value : [value];
    if (names.length === 0 || names.some((n) => typeof n !== 'string' || n === '')) fail(path, 'an event name or an array of them');
  };
  const condition = (value: unknown, path: string) => {
    if (value !== undefined && !isRecord(value)) fail(path, 'a condition object');
  };
  const rules = new Set<string>();
  list('points', (rule, path) => {
    events(rule.event, `${path}.event`);
    if (typeof rule.event !== 'string') fail(`${path}.event`, 'one event name');
    idOf(rule.id ?? rule.event, `${path}.id`, rules);
    if (!wholeAbove(rule.points, 1)) fail(`${path}.points`, 'a whole number > 0');
    for (const cap of ['perDay', 'lifetime']) if (rule[cap] !== undefined && !wholeAbove(rule[cap], 1)) fail(`${path}.${cap}`, 'a whole number > 0');
    condition(rule.where, `${path}.where`);
  });
  const levels = new Set<string>();
  let previous = -Infinity;
  list('levels', (level, path) => {
    idOf(level.id, `${path}.id`, levels);
    if (!wholeAbove(level.at, 0) || (level.at as number) <= previous) fail(`${path}.at`, 'a whole number ≥ 0, above the previous level');
    previous = level.at as number;
    if (level.label !== undefined && typeof level.label !== 'string') fail(`${path}.label`, 'a string');
  });
  const badges = new Set<string>();
  list('badges', (badge, path) => {
    idOf(badge.id, `${path}.id`, badges);
    if (!isRecord(badge.when)) fail(`${path}.when`, 'a condition object');
    if (badge.label !== undefined && typeof badge.label !== 'string') fail(`${path}.label`, 'a string');
  });
  const streaks = new Set<string>();
  list('streaks', (streak, path) => {
    idOf(streak.id, `${path}.id`, streaks);
    events(streak.event, `${path}.event`);
    condition(streak.where, `${path}.where`);
    if (streak.per !== undefined && streak.per !== 'day' && streak.per !== 'week') fail(`${path}.per`, "'day' or 'week'");
    const f = streak.freezes;
    if (f !== undefined && !(isRecord(f) && wholeAbove(f.max, 1) && (f.earnEvery === undefined || wholeAbove(f.earnEvery, 1)))) {
      fail(`${path}.freezes`, '{ max: whole number > 0, earnEvery?: whole number > 0 }');
    }
  });
}
