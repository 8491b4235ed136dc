/**
 * The configuration of `createNudgeKit` and its validation. A wrong option throws a
 * {@link ConfigError} naming its path, once, from `createNudgeKit`: it is a mistake to
 * fix in code, so failing loudly at start beats failing quietly later. Rules are the
 * exception: a bad rule is reported through `onError` and the other rules still run,
 * because rules often come from a server.
 */
import { ConfigError, type ErrorHandler } from './errors';
import { numberCheck, section } from './option-checks';
import type { Clock } from './clock';
import type { RedactRule } from './normalize';
import { validateDeliveryOptions, type DeliveryOptions } from '../delivery/index';
import { validateStoreOption, type StoreOption } from '../storage/index';
import { validateComputed, validateLifecycleOptions, type ComputedAttributes, type LifecycleOptions } from '../profile/index';
import type { RuleInput } from '../rules/types';
import type { Renderer } from '../nudges/index';
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
  /** Lifecycle stage, tier, RFM and churn-model settings. */
  lifecycle?: LifecycleOptions;
  /** User-defined attributes computed on the device from events. */
  computed?: ComputedAttributes;
  /** Profile limits. */
  profile?: { maxEventNames?: number };
  /** Targeting rules, as JSON or from the `rule()` builder. */
  rules?: RuleInput[];
  /** A global cap across all rules. */
  fatigue?: { maxPerDay?: number; minGapMs?: number };
  /** Renders nudges, e.g. `domRenderer()` from `nudgekit/dom`. Without one, use `on('nudge', ...)`. */
  renderer?: Renderer;
  /** IANA time zone for rule schedules and quiet hours. Default: the device's. */
  timeZone?: string;
  /** Run on every event after enrichment, in order; each may change or cancel it. */
  plugins?: Plugin[];
  /** Saved groups for `$inGroup`, `$notInGroup` and `$savedGroup` in rule conditions: `{ beta: ['user-1', 'user-2'] }`. */
  savedGroups?: Record<string, unknown[]>;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'store', 'onError', 'clock', 'sessionTimeoutMs', 'requireConsent', 'redact', 'lifecycle', 'computed', 'profile',
  'rules', 'fatigue', 'renderer', 'timeZone', 'plugins', 'savedGroups',
  'endpoint', 'writeKey', 'batch', 'retry', 'queue', 'format', 'gzip', 'timeoutMs', 'transport',
]);

/** Throws a {@link ConfigError} for the first problem in `config`. */
export function validateConfig(config: unknown): asserts config is NudgeKitConfig {
  if (config === undefined) return;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError('config', 'expected an object');
  }
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KNOWN_KEYS.has(key)) throw new ConfigError(key, 'unknown option');
  }
  optional(c, 'onError', 'function');
  optional(c, 'renderer', 'function');
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
  if (c.rules !== undefined && !Array.isArray(c.rules)) throw new ConfigError('rules', 'expected an array of rules');
  if (c.savedGroups !== undefined) {
    if (typeof c.savedGroups !== 'object' || c.savedGroups === null || Array.isArray(c.savedGroups)) throw new ConfigError('savedGroups', 'expected an object of group id to array of values');
    for (const [id, values] of Object.entries(c.savedGroups)) {
      if (!Array.isArray(values)) throw new ConfigError(`savedGroups.${id}`, 'expected an array of values');
    }
  }
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
  section(c.profile, 'profile', { maxEventNames: numberCheck((n) => Number.isInteger(n) && n > 0, 'a positive integer') });
  const atLeastZero = numberCheck((n) => n >= 0, 'a number ≥ 0');
  section(c.fatigue, 'fatigue', { maxPerDay: atLeastZero, minGapMs: atLeastZero });
  if (c.store !== undefined) validateStoreOption(c.store, 'store');
  if (c.lifecycle !== undefined) validateLifecycleOptions(c.lifecycle, 'lifecycle');
  if (c.computed !== undefined) validateComputed(c.computed, 'computed');
  validateDeliveryOptions(c, '');
}

function optional(c: Record<string, unknown>, key: string, type: 'function' | 'boolean' | 'string'): void {
  if (c[key] !== undefined && typeof c[key] !== type) throw new ConfigError(key, `expected a ${type}`);
}
