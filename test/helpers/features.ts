/**
 * Most client tests run the client with the lifecycle and targeting features, as an app
 * with rules does. This builds that config from the client's options plus the features'
 * options, so a test states only what it is about.
 */
import type { NudgeKitConfig } from '../../src/index';
import { lifecycle, type LifecycleFeatureOptions } from '../../src/entries/lifecycle';
import { targeting, type TargetingOptions } from '../../src/entries/rules';

/** The client's options, the targeting options at the top level, and `lifecycle` (the lifecycle feature's options). */
export type StandardOptions = Omit<NudgeKitConfig, 'features'> & TargetingOptions & { lifecycle?: LifecycleFeatureOptions };

/** `createNudgeKit` config with `lifecycle(options.lifecycle)` and `targeting({ rules, renderer, fatigue, savedGroups })`. */
export function withStandardFeatures(options: StandardOptions = {}): NudgeKitConfig {
  const { lifecycle: lifecycleOptions, rules, renderer, fatigue, savedGroups, ...client } = options;
  const targetingOptions: TargetingOptions = {
    ...(rules && { rules }),
    ...(renderer && { renderer }),
    ...(fatigue && { fatigue }),
    ...(savedGroups && { savedGroups }),
  };
  return { ...client, features: [lifecycle(lifecycleOptions ?? {}), targeting(targetingOptions)] };
}
