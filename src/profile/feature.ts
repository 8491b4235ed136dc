/**
 * `lifecycle()`: the on-device profile as a feature. It records every event in O(1), gives
 * rule conditions the profile's attributes, stamps each event's `context.lifecycle` with the
 * stage and tier after it, and announces stage changes (`stage_change`, the `stageChange`
 * listeners) through the client.
 */
import { ConfigError } from '../core/errors';
import { numberCheck, section } from '../core/option-checks';
import { STAGES, TIERS, type AnalyticsEvent } from '../core/types';
import type { Feature, FeatureInstance } from '../core/feature';
import { resolveLifecycleOptions, validateLifecycleOptions, type LifecycleOptions } from '../lifecycle/options';
import { validateComputed } from './computed';
import { createProfileEngine } from './engine';
import type { ComputedAttributes, Profile } from './types';

/**
 * The options of {@link lifecycle}: the stage, tier, RFM and churn-model settings, plus the
 * profile's own.
 *
 * @example
 * ```ts
 * const options: LifecycleFeatureOptions = { conversionEvents: ['purchase'], revenueProperty: 'revenue', maxEventNames: 100 };
 * ```
 */
export interface LifecycleFeatureOptions extends LifecycleOptions {
  /** User-defined attributes computed on the device from events. */
  computed?: ComputedAttributes;
  /** Most event names kept in the profile's `events` (least recently seen evicted first). Default 200. */
  maxEventNames?: number;
}

/** The store key of the profile (unchanged since the one-block client, so stored profiles carry over). */
const PROFILE_KEY = 'profile';

/** What `context.lifecycle` adds to an event with the given (ASCII) stage and tier names: `,"lifecycle":{"stage":"…","tier":"…"}`. */
export function lifecycleBytes(stage: string, tier: string): number {
  return LIFECYCLE_OVERHEAD + stage.length + tier.length;
}
const LIFECYCLE_OVERHEAD = ',"lifecycle":{"stage":"","tier":""}'.length;
const longest = (names: readonly string[]) => Math.max(...names.map((n) => n.length));
/** The most `context.lifecycle` can add: the longest stage and tier names ("resurrected", "high"). */
export const MAX_LIFECYCLE_BYTES = LIFECYCLE_OVERHEAD + longest(STAGES) + longest(TIERS);

/**
 * The lifecycle feature: the on-device profile, the stage (potential, new, active, silent,
 * churned, resurrected), the value tier (high, mid, low), RFM scores and, with a churn model,
 * P(alive) and `atRisk`. Without it the client tracks and delivers, and `nk.profile()`
 * returns `undefined`. Throws a `ConfigError` (path `lifecycle.…`) for a wrong option.
 *
 * @example
 * ```ts
 * import { createNudgeKit } from 'nudgekit';
 * import { lifecycle } from 'nudgekit/lifecycle';
 *
 * const nk = createNudgeKit({
 *   endpoint: '/v1/batch',
 *   features: [lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' })],
 * });
 * nk.on('stageChange', ({ from, to }) => console.log(from, '->', to));
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function lifecycle(options: LifecycleFeatureOptions = {}): Feature {
  if (typeof options !== 'object' || options === null) throw new ConfigError('lifecycle', 'expected an object');
  const { computed, maxEventNames, ...rest } = options;
  validateLifecycleOptions(rest, 'lifecycle');
  if (computed !== undefined) validateComputed(computed, 'lifecycle.computed');
  section({ maxEventNames }, 'lifecycle', { maxEventNames: numberCheck((n) => Number.isInteger(n) && n > 0, 'a positive integer') });
  const resolved = resolveLifecycleOptions(rest);

  return {
    name: 'lifecycle',
    setup(host): FeatureInstance & { profile(): Profile } {
      const engine = createProfileEngine({
        clock: host.clock,
        onError: host.onError,
        lifecycle: resolved,
        ...(computed && { computed }),
        ...(maxEventNames !== undefined && { maxEventNames }),
      });
      const apply = (event: AnalyticsEvent, _name: string, system: boolean) => engine.apply(event, system);
      return {
        storeKeys: [PROFILE_KEY],
        restore: (saved) => engine.restore(saved[PROFILE_KEY]),
        save: () => [[PROFILE_KEY, engine.serialize()]],
        stampBytes: MAX_LIFECYCLE_BYTES,
        record: apply,
        receive: apply,
        attributes: (into) => void engine.attributes(into),
        stamp(event, attributes) {
          const stage = String(attributes.stage ?? '');
          const tier = String(attributes.tier ?? '');
          event.context.lifecycle = { stage, tier };
          return lifecycleBytes(stage, tier);
        },
        reset: () => engine.reset(),
        profile: () => engine.current(),
      };
    },
  };
}
