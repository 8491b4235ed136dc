/**
 * The `lifecycle` section of the configuration: its type, defaults and validator.
 *
 * @packageDocumentation
 */
import { ConfigError } from '../core/errors';

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
 * BG/NBD parameters fitted by a backend (see docs/lifecycle.md).
 *
 * @example
 * ```ts
 * { churnModel: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7, atRiskBelow: 0.5 } }
 * ```
 */
export interface ChurnModelOptions {
  r: number;
  alpha: number;
  a: number;
  b: number;
  /** Days per model time unit (1 = fitted in days, 7 = in weeks). Default 1. */
  unitDays?: number;
  /** `atRisk` is set when P(alive) is under this while the stage reads new, active or resurrected. Default 0.5. */
  atRiskBelow?: number;
}

/**
 * The `lifecycle` configuration section.
 *
 * @example
 * ```ts
 * createNudgeKit({ lifecycle: { conversionEvents: ['order_completed'], revenueProperty: 'total', newBasis: 'firstSeen' } })
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
  churnModel?: ChurnModelOptions;
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
  churnModel: Required<ChurnModelOptions> | undefined;
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
  churnModel: { unitDays: 1, atRiskBelow: 0.5 },
} as const;

/**
 * Fills in the defaults. Call {@link validateLifecycleOptions} first.
 *
 * @example
 * ```ts
 * resolveLifecycleOptions({ thresholds: { silentDays: 7 } }).thresholds.churnedDays // 60
 * ```
 */
export function resolveLifecycleOptions(options: LifecycleOptions = {}): ResolvedLifecycle {
  const d = LIFECYCLE_DEFAULTS;
  const model = options.churnModel;
  return {
    activityEvents: options.activityEvents ?? ['*'],
    conversionEvents: options.conversionEvents ?? ['purchase'],
    revenueProperty: options.revenueProperty ?? 'revenue',
    newBasis: options.newBasis ?? 'conversion',
    thresholds: { ...d.thresholds, ...options.thresholds },
    tier: {
      highSpend: options.tier?.highSpend,
      midSpend: options.tier?.midSpend ?? d.tier.midSpend,
      highConversions: options.tier?.highConversions ?? d.tier.highConversions,
      midConversions: options.tier?.midConversions ?? d.tier.midConversions,
    },
    rfm: {
      recencyDays: options.rfm?.recencyDays ?? d.rfm.recencyDays,
      frequency: options.rfm?.frequency ?? d.rfm.frequency,
      monetary: options.rfm?.monetary,
    },
    churnModel: model && { unitDays: d.churnModel.unitDays, atRiskBelow: d.churnModel.atRiskBelow, ...model },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ConfigError(`${path}.${key}`, `unknown option (expected one of ${allowed.join(', ')})`);
  }
}

function checkNumber(value: unknown, path: string, test: (n: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) throw new ConfigError(path, `expected ${expected}`);
}

function checkNames(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, 'expected a non-empty array of event names');
  value.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') throw new ConfigError(`${path}[${i}]`, 'expected a non-empty string');
  });
}

function checkCuts(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length !== 4) throw new ConfigError(path, 'expected an array of 4 ascending numbers');
  value.forEach((cut, i) => {
    checkNumber(cut, `${path}[${i}]`, (n) => i === 0 || n > (value[i - 1] as number), i === 0 ? 'a number' : 'a number greater than the one before');
  });
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;

/**
 * Checks a `lifecycle` configuration section, throwing a {@link ConfigError} whose `path`
 * names the first problem (e.g. `lifecycle.thresholds.churnedDays`).
 *
 * @example
 * ```ts
 * validateLifecycleOptions({ thresholds: { silentDays: -1 } }) // throws "lifecycle.thresholds.silentDays: expected a positive number"
 * ```
 */
export function validateLifecycleOptions(value: unknown, path = 'lifecycle'): void {
  if (value === undefined) return;
  if (!isObject(value)) throw new ConfigError(path, 'expected an object');
  checkKeys(value, ['activityEvents', 'conversionEvents', 'revenueProperty', 'newBasis', 'thresholds', 'tier', 'rfm', 'churnModel'], path);
  if (value.activityEvents !== undefined) checkNames(value.activityEvents, `${path}.activityEvents`);
  if (value.conversionEvents !== undefined) checkNames(value.conversionEvents, `${path}.conversionEvents`);
  if (value.revenueProperty !== undefined && (typeof value.revenueProperty !== 'string' || value.revenueProperty === '')) {
    throw new ConfigError(`${path}.revenueProperty`, 'expected a non-empty string');
  }
  if (value.newBasis !== undefined && value.newBasis !== 'conversion' && value.newBasis !== 'firstSeen') {
    throw new ConfigError(`${path}.newBasis`, "expected 'conversion' or 'firstSeen'");
  }
  validateSection(value.thresholds, `${path}.thresholds`, ['silentDays', 'churnedDays', 'newDays', 'resurrectedDays'], positive, 'a positive number');
  const t = { ...LIFECYCLE_DEFAULTS.thresholds, ...(value.thresholds as StageThresholds | undefined) };
  if (t.churnedDays <= t.silentDays) throw new ConfigError(`${path}.thresholds.churnedDays`, `expected more than silentDays (${t.silentDays})`);
  validateSection(value.tier, `${path}.tier`, ['highSpend', 'midSpend', 'highConversions', 'midConversions'], nonNegative, 'a number ≥ 0');
  if (isObject(value.tier)) {
    const tier = value.tier as TierOptions;
    if ((tier.midSpend ?? 0) > (tier.highSpend ?? Infinity)) throw new ConfigError(`${path}.tier.midSpend`, 'expected at most highSpend');
    const high = tier.highConversions ?? LIFECYCLE_DEFAULTS.tier.highConversions;
    if ((tier.midConversions ?? LIFECYCLE_DEFAULTS.tier.midConversions) > high) throw new ConfigError(`${path}.tier.midConversions`, 'expected at most highConversions');
  }
  if (value.rfm !== undefined) {
    if (!isObject(value.rfm)) throw new ConfigError(`${path}.rfm`, 'expected an object');
    checkKeys(value.rfm, ['recencyDays', 'frequency', 'monetary'], `${path}.rfm`);
    for (const key of ['recencyDays', 'frequency', 'monetary'] as const) {
      if (value.rfm[key] !== undefined) checkCuts(value.rfm[key], `${path}.rfm.${key}`);
    }
  }
  if (value.churnModel !== undefined) {
    const m = value.churnModel;
    if (!isObject(m)) throw new ConfigError(`${path}.churnModel`, 'expected an object with r, alpha, a, b');
    checkKeys(m, ['r', 'alpha', 'a', 'b', 'unitDays', 'atRiskBelow'], `${path}.churnModel`);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) checkNumber(m[key], `${path}.churnModel.${key}`, positive, 'a positive number');
    if (m.unitDays !== undefined) checkNumber(m.unitDays, `${path}.churnModel.unitDays`, positive, 'a positive number');
    if (m.atRiskBelow !== undefined) checkNumber(m.atRiskBelow, `${path}.churnModel.atRiskBelow`, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  }
}

function validateSection(value: unknown, path: string, keys: readonly string[], test: (n: number) => boolean, expected: string): void {
  if (value === undefined) return;
  if (!isObject(value)) throw new ConfigError(path, 'expected an object');
  checkKeys(value, keys, path);
  for (const key of keys) if (value[key] !== undefined) checkNumber(value[key], `${path}.${key}`, test, expected);
}
