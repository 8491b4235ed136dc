/**
 * `nudgekit/lifecycle`: the lifecycle feature (the on-device profile, stage, value tier,
 * RFM) and the churn models to pass to it, plus the pure functions behind them.
 *
 * @example
 * ```ts
 * import { lifecycle, bgnbd } from 'nudgekit/lifecycle';
 * const features = [lifecycle({ conversionEvents: ['purchase'], churnModel: bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unitDays: 7 }) })];
 * ```
 *
 * @packageDocumentation
 */
export { lifecycle } from '../profile/feature';
export type { LifecycleFeatureOptions } from '../profile/feature';
export type { Profile, StageChange, ComputedAttribute, ComputedAttributes, EventCounter, NudgeHistory } from '../profile/types';
export type { LifecycleOptions, StageThresholds, TierOptions, RfmOptions } from '../lifecycle/options';
export { LIFECYCLE_DEFAULTS } from '../lifecycle/options';

// Churn models
export { bgnbd } from '../lifecycle/churn-model';
export type { ChurnModel, ChurnModelOptions } from '../lifecycle/churn-model';
export { probabilityAlive, expectedConversions } from '../lifecycle/bgnbd';
export type { BgNbdCustomer, BgNbdParams } from '../lifecycle/bgnbd';

// Classification, for a backend or a test that wants the same answers
export { classifyStage } from '../lifecycle/stage';
export type { StageFacts } from '../lifecycle/stage';
export { valueTier, rfmScores, rfmSegment } from '../lifecycle/value';
export type { ValueFacts, RfmScores, RfmSegment } from '../lifecycle/value';
