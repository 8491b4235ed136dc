/**
 * `nudgekit/analysis`: experiment results from per-arm totals (lift, interval, p-value, Holm
 * adjustment, sample-ratio mismatch). Dependency-free and pure, for browsers, Node and edge runtimes.
 *
 * Not exported on purpose: the t, chi-square and incomplete beta/gamma functions it is built
 * on, so their signatures can change without a major version.
 *
 * @packageDocumentation
 */
export { analyzeExperiment } from './analyze';
export type {
  AnalysisOptions,
  AnalysisResult,
  ArmBase,
  ArmInput,
  ArmResult,
  ComparedArm,
  ControlArm,
  Metric,
  SkippedArm,
  SrmResult,
} from './types';
