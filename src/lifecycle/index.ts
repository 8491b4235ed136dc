/**
 * Lifecycle: stage and value tier classification, RFM scores and the BG/NBD churn model.
 * Pure functions; the profile engine (`src/profile`) calls them on every event.
 *
 * @packageDocumentation
 */
export { classifyStage } from './stage';
export type { StageFacts } from './stage';
export { valueTier, rfmScores, rfmSegment } from './value';
export type { ValueFacts, RfmScores, RfmSegment } from './value';
export { probabilityAlive, expectedConversions } from './bgnbd';
export type { BgNbdCustomer, BgNbdParams } from './bgnbd';
export { hyp2f1 } from './hypergeometric';
export { validateLifecycleOptions, resolveLifecycleOptions, LIFECYCLE_DEFAULTS } from './options';
export type { LifecycleOptions, StageThresholds, TierOptions, RfmOptions, ResolvedLifecycle } from './options';
export { bgnbd } from './churn-model';
export type { ChurnModel, ChurnModelOptions } from './churn-model';
