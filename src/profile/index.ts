/**
 * The on-device profile: incremental reducers, bounded size, versioned stored form.
 *
 * @packageDocumentation
 */
export { createProfileEngine } from './engine';
export { validateComputed } from './computed';
export { PROFILE_VERSION } from './state';
export { deviceTimeZoneOffset } from './local-day';
export type { TimeZoneOffset } from './local-day';
export type {
  Profile,
  ProfileEngine,
  ProfileEngineOptions,
  StageChange,
  ComputedAttribute,
  ComputedAttributes,
  EventCounter,
  NudgeHistory,
} from './types';
// Re-exported for the client, which configures both through one `lifecycle` section.
export { validateLifecycleOptions } from '../lifecycle/options';
export type { LifecycleOptions } from '../lifecycle/options';
