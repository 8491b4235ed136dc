/**
 * The `lifecycle` section of the configuration: its type, defaults and validator.
 *
 * @packageDocumentation
 */
import type { ChurnModel } from './churn-model';
import { fill, fail, join, numberCheck, section, type Check } from '../core/option-checks';

/**
 * Days that define the stages. See docs/lifecycle.md for why these defaults.
 *
 * @example
 * ```ts
 * { thresholds: { silentDays: 7, churnedDays: 30 } } // a daily-use app
 * ```
 */
export interface StageThresholds {
  /** Days without activity after which a user is `silent`; also the gap that makes a return count as `resurrected`. Default 14. */
  silentDays?: number;
  /** Days without activity after which a user is `churned`. Default 60; must exceed `silentDays`. */
  churnedDays?: number;
  /** How long a user stays `new` after the first conversion (or first seen, see `newBasis`). Default 14. */
  newDays?: number;
  /** How long a user stays `resurrected` after coming back. Default 14. */
  resurrectedDays?: number;
}

/**
 * Value tier rules: by spend over 365 days when `highSpend` is set, else by conversions in 365 days.
 *
 * @example
 * ```ts
 * { tier: { highSpend: 500, midSpend: 50 } } // by money
 * { tier: { highConversions: 10, midConversions: 3 } } // by count
 * ```
 */
export interface TierOptions {
  /** Revenue over 365 days at or above which the tier is `high`. Setting it switches the tier to spend. */
  highSpend?: number;
  /** Revenue over 365 days at or above which the tier is `mid`. Default 0 = any spend. */
  midSpend?: number;
  /** Conversions in 365 days at or above which the tier is `high`. Default 5. */
  highConversions?: number;
  /** Conversions in 365 days at or above which the tier is `mid`. Default 2. */
  midConversions?: number;
}

/**
 * RFM cut-points, four ascending numbers each, scoring 5 to 1. A server may push quantiles here.
 * - `recencyDays`: days since the last conversion at most cut[0] → 5, at most cut[1] → 4, ... else 1. Default [7, 14, 30, 60].
 * - `frequency`: conversions in 365 days at least cut[3] → 5, at least cut[2] → 4, ... else 1. Default [2, 3, 5, 10].
 * - `monetary`: revenue in 365 days, same as frequency. No default (M is `null` until set).
 *
 * @example
 * ```ts
 * { rfm: { recencyDays: [3, 9, 21, 90], frequency: [2, 4, 8, 16], monetary: [25, 80, 190, 600] } } // server quintiles
 * ```
 */
export interface RfmOptions {
  recencyDays?: number[];
  frequency?: number[];
  monetary?: number[];
}

/**
 * The options of `lifecycle()` from `nudgekit/lifecycle`.
 *
 * @example
 * ```ts
 * lifecycle({ conversionEvents: ['order_completed'], revenueProperty: 'total', newBasis: 'firstSeen' })
 * ```
 */
export interface LifecycleOptions {
  /** Event names that count as activity. Default `['*']`: every event except system events (`session_start` counts). */
  activityEvents?: string[];
  /** Event names that count as conversions. Default `['purchase']`. */
  conversionEvents?: string[];
  /** The conversion property holding revenue. Default `'revenue'`. */
  revenueProperty?: string;
  /** What `new` counts from: the first conversion (default) or the first event seen. */
  newBasis?: 'conversion' | 'firstSeen';
  thresholds?: StageThresholds;
  tier?: TierOptions;
  rfm?: RfmOptions;
  /** A churn model, e.g. `bgnbd({...})` from `nudgekit/lifecycle`: sets `pAlive`, `expectedConversions30d` and `atRisk`. */
  churnModel?: ChurnModel;
}

/**
 * Every option filled in.
 *
 * @example
 * ```ts
 * resolveLifecycleOptions({}).thresholds // { silentDays: 14, churnedDays: 60, newDays: 14, resurrectedDays: 14 }
 * ```
 */
export interface ResolvedLifecycle {
  activityEvents: readonly string[];
  conversionEvents: readonly string[];
  revenueProperty: string;
  newBasis: 'conversion' | 'firstSeen';
  thresholds: Required<StageThresholds>;
  tier: { highSpend: number | undefined; midSpend: number; highConversions: number; midConversions: number };
  rfm: { recencyDays: readonly number[]; frequency: readonly number[]; monetary: readonly number[] | undefined };
  churnModel: ChurnModel | undefined;
}

/**
 * The defaults, as documented in docs/lifecycle.md.
 *
 * @example
 * ```ts
 * LIFECYCLE_DEFAULTS.thresholds.churnedDays // 60
 * ```
 */
export const LIFECYCLE_DEFAULTS = {
  thresholds: { silentDays: 14, churnedDays: 60, newDays: 14, resurrectedDays: 14 },
  tier: { midSpend: 0, highConversions: 5, midConversions: 2 },
  rfm: { recencyDays: [7, 14, 30, 60], frequency: [2, 3, 5, 10] },
} as const;

/**
 * Fills in the defaults. Call {@link validateLifecycleOptions} first.
 *
 * @example
 * ```ts
 * resolveLifecycleOptions({ thresholds: { silentDays: 7 } }).thresholds.churnedDays // 60
 * ```
 */
export function resolveLifecycleOptions(given: LifecycleOptions | ResolvedLifecycle = {}): ResolvedLifecycle {
  if (resolved.has(given)) return given as ResolvedLifecycle;
  const options = given as LifecycleOptions;
  const d = LIFECYCLE_DEFAULTS;
  const filled: ResolvedLifecycle = {
    activityEvents: options.activityEvents ?? ['*'],
    conversionEvents: options.conversionEvents ?? ['purchase'],
    revenueProperty: options.revenueProperty ?? 'revenue',
    newBasis: options.newBasis ?? 'conversion',
    thresholds: fill<Required<StageThresholds>>(d.thresholds, options.thresholds),
    tier: fill<ResolvedLifecycle['tier']>({ highSpend: undefined, ...d.tier }, options.tier),
    rfm: fill<ResolvedLifecycle['rfm']>({ ...d.rfm, monetary: undefined }, options.rfm),
    churnModel: options.churnModel,
  };
  resolved.add(filled);
  return filled;
}

// What this function returned: `lifecycle()` resolves its options once and hands the result
// to every profile it sets up (the simulator sets one up per user), which takes it as it is.
const resolved = new WeakSet<object>();

const positive = numberCheck((n) => n > 0, 'a positive number');
const nonNegative = numberCheck((n) => n >= 0, 'a number ≥ 0');

const names: Check = (value, path) => {
  if (!Array.isArray(value) || value.length === 0) fail(path, 'a non-empty array of event names');
  value.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') fail(join(path, i), 'a non-empty string');
  });
};

const cuts: Check = (value, path) => {
  if (!Array.isArray(value) || value.length !== 4) fail(path, 'an array of 4 ascending numbers');
  value.forEach((cut, i) => {
    numberCheck((n) => i === 0 || n > (value[i - 1] as number), i ? 'a number greater than the one before' : 'a number')(cut, join(path, i));
  });
};

/** A table of checks giving every key the same one. */
const all = (keys: readonly string[], check: Check): Record<string, Check> => Object.fromEntries(keys.map((key) => [key, check]));

const LIFECYCLE_CHECKS: Record<string, Check> = {
  activityEvents: names,
  conversionEvents: names,
  revenueProperty: (value, path) => {
    if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string');
  },
  newBasis: (value, path) => {
    if (value !== 'conversion' && value !== 'firstSeen') fail(path, "'conversion' or 'firstSeen'");
  },
  thresholds: (value, path) => {
    section(value, path, all(Object.keys(LIFECYCLE_DEFAULTS.thresholds), positive));
    const t = fill<Required<StageThresholds>>(LIFECYCLE_DEFAULTS.thresholds, value as StageThresholds);
    if (t.churnedDays <= t.silentDays) fail(join(path, 'churnedDays'), `more than silentDays (${t.silentDays})`);
  },
  tier: (value, path) => {
    section(value, path, all(['highSpend', 'midSpend', 'highConversions', 'midConversions'], nonNegative));
    const tier = value as TierOptions;
    if ((tier.midSpend ?? 0) > (tier.highSpend ?? Infinity)) fail(join(path, 'midSpend'), 'at most highSpend');
    if ((tier.midConversions ?? LIFECYCLE_DEFAULTS.tier.midConversions) > (tier.highConversions ?? LIFECYCLE_DEFAULTS.tier.highConversions)) {
      fail(join(path, 'midConversions'), 'at most highConversions');
    }
  },
  rfm: (value, path) => section(value, path, all(['recencyDays', 'frequency', 'monetary'], cuts)),
  churnModel: (value, path) => {
    const model = value as Partial<ChurnModel> | null;
    if (typeof model !== 'object' || model === null || typeof model.pAlive !== 'function' || typeof model.expected !== 'function') {
      fail(path, "a churn model, e.g. bgnbd({ r, alpha, a, b }) from 'nudgekit/lifecycle'");
    }
  },
};

/**
 * Checks a \`lifecycle\` configuration section, throwing a {@link ConfigError} whose \`path\`
 * names the first problem (e.g. \`lifecycle.thresholds.churnedDays\`).
 *
 * @example
 * \`\`\`ts
 * validateLifecycleOptions({ thresholds: { silentDays: -1 } }) // throws "lifecycle.thresholds.silentDays: expected a positive number"
 * \`\`\`
 */
export function validateLifecycleOptions(value: unknown, path = 'lifecycle'): void {
  section(value, path, LIFECYCLE_CHECKS);
}
