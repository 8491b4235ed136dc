/**
 * The configuration of `createNudgeKit` and its validation. A wrong option throws a
 * {@link ConfigError} naming its path, once, from `createNudgeKit`: it is a mistake to
 * fix in code, so failing loudly at start beats failing quietly later. Features check
 * their own options (`lifecycle({...})` throws for a wrong one). Rules are the exception:
 * a bad rule is reported through `onError` and the other rules still run, because rules
 * often come from a server.
 */
import { ConfigError, type ErrorHandler } from '../core/errors';
import type { Clock } from '../core/clock';
import type { RedactRule } from './normalize';
import { validateDeliveryOptions, type DeliveryOptions } from '../delivery/options';
import { validateStoreOption, type StoreOption } from '../storage/store-option';
import type { Feature } from '../core/feature';
import type { Plugin } from './plugins';

/** The options of {@link createNudgeKit}. Only `endpoint` is needed to send events. */
export interface NudgeKitConfig extends DeliveryOptions {
  /** Where to keep data: `'auto'` (IndexedDB in browsers, memory in Node), `'indexeddb'`, `'memory'`, or a Store such as `fileStore({ path })` from `nudgekit/node`. */
  store?: StoreOption;
  /** Receives every runtime error, with a `code`. NudgeKit never throws into your app. */
  onError?: ErrorHandler;
  /** The clock all time comes from (tests, the rule simulator). */
  clock?: Clock;
  /** Idle time after which the next event starts a new session. Default 30 minutes. */
  sessionTimeoutMs?: number;
  /** When true, nothing is stored or sent until `setConsent('granted')`. */
  requireConsent?: boolean;
  /** Property and trait names (case-insensitive) or patterns whose values are replaced by `"[redacted]"` before anything is stored. */
  redact?: RedactRule[];
  /**
   * What the client does beyond tracking and delivery, each imported from its own entry:
   * `lifecycle()` from `nudgekit/lifecycle`, `targeting()` from `nudgekit/rules`, ...
   */
  features?: Feature[];
  /** IANA time zone for days, weeks, schedules and quiet hours in features (rules, streaks). Default: the device's. */
  timeZone?: string;
  /** Run on every event after enrichment, in order; each may change or cancel it. */
  plugins?: Plugin[];
}

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'store', 'onError', 'clock', 'sessionTimeoutMs', 'requireConsent', 'redact', 'features', 'timeZone', 'plugins',
  'endpoint', 'writeKey', 'batch', 'retry', 'queue', 'format', 'gzip', 'timeoutMs', 'transport',
]);

/** Options of the one-block client that moved into a feature, and where to. */
const MOVED: Record<string, string> = {
  lifecycle: "lifecycle({...}) from 'nudgekit/lifecycle'",
  computed: "lifecycle({ computed }) from 'nudgekit/lifecycle'",
  profile: "lifecycle({ maxEventNames }) from 'nudgekit/lifecycle'",
  rules: "targeting({ rules }) from 'nudgekit/rules'",
  renderer: "targeting({ renderer }) from 'nudgekit/rules'",
  fatigue: "targeting({ fatigue }) from 'nudgekit/rules'",
  savedGroups: "targeting({ savedGroups }) from 'nudgekit/rules'",
};

/** Throws a {@link ConfigError} for the first problem in `config`. */
export function validateConfig(config: unknown): asserts config is NudgeKitConfig {
  if (config === undefined) return;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError('config', 'expected an object');
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (MOVED[key]) throw new ConfigError(key, `moved: pass it in features: [${MOVED[key]}]`);
    if (!KNOWN_KEYS.has(key)) throw new ConfigError(key, 'unknown option');
  }
  optional(c, 'onError', 'function');
  optional(c, 'requireConsent', 'boolean');
  optional(c, 'timeZone', 'string');
  if (c.clock !== undefined) {
    const clock = c.clock as Partial<Clock>;
    if (typeof clock?.now !== 'function' || typeof clock.setTimeout !== 'function') {
      throw new ConfigError('clock', 'expected { now(), setTimeout(fn, ms) }');
    }
  }
  if (c.sessionTimeoutMs !== undefined && !(typeof c.sessionTimeoutMs === 'number' && c.sessionTimeoutMs > 0 && Number.isFinite(c.sessionTimeoutMs))) {
    throw new ConfigError('sessionTimeoutMs', 'expected a positive number of milliseconds');
  }
  if (c.redact !== undefined) {
    if (!Array.isArray(c.redact)) throw new ConfigError('redact', 'expected an array of names or RegExps');
    c.redact.forEach((rule, i) => {
      if (typeof rule !== 'string' && !(rule instanceof RegExp)) throw new ConfigError(`redact[${i}]`, 'expected a string or a RegExp');
    });
  }
  if (c.features !== undefined && !Array.isArray(c.features)) throw new ConfigError('features', 'expected an array of features');
  if (c.plugins !== undefined) {
    if (!Array.isArray(c.plugins)) throw new ConfigError('plugins', 'expected an array of plugins');
    c.plugins.forEach((plugin: unknown, i) => {
      const p = plugin as Partial<Plugin> | null;
      if (typeof p !== 'object' || p === null || typeof p.name !== 'string') throw new ConfigError(`plugins[${i}].name`, 'expected a string');
      if (p.before !== undefined && typeof p.before !== 'function') throw new ConfigError(`plugins[${i}].before`, 'expected a function');
    });
  }
  if (c.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: c.timeZone as string });
    } catch {
      throw new ConfigError('timeZone', `unknown IANA time zone "${String(c.timeZone)}"`);
    }
  }
  if (c.store !== undefined) validateStoreOption(c.store, 'store');
  validateDeliveryOptions(c, '');
}

function optional(c: Record<string, unknown>, key: string, type: 'function' | 'boolean' | 'string'): void {
  if (c[key] !== undefined && typeof c[key] !== type) throw new ConfigError(key, `expected a ${type}`);
}
