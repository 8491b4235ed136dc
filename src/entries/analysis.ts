/**
 * `nudgekit/analysis`: experiment statistics with no dependencies, for browsers, Node and
 * edge runtimes: lift, interval and p-value per arm (GrowthBook's frequentist t-test), a
 * sample-ratio-mismatch check and a Holm adjustment, from per-arm sums.
 *
 * @packageDocumentation
 */
export { analyzeExperiment } from '../analysis/analyze';
export type {
  AnalysisOptions, AnalysisResult, ArmBase, ArmInput, ArmResult, ComparedArm, ControlArm, Metric, SkippedArm, SrmResult,
} from '../analysis/types';
