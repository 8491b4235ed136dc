/**
 * Input and result shapes of `analyzeExperiment`.
 *
 * @packageDocumentation
 */
/** `proportion`: `sum` counts converted users. `mean`: `sum` and `sumSquares` add up a per-user value. */
export type Metric = 'proportion' | 'mean';

/**
 * One arm's totals, as a collector keeps them.
 *
 * @example
 * ```ts
 * const arm: ArmInput = { id: 'treatment', weight: 0.5, users: 10050, sum: 1100 };
 * ```
 */
export interface ArmInput {
  /** Unique within the experiment. `holdout` is the default control. */
  id: string;
  /** Planned share of traffic, any positive scale (0.5 and 50 mean the same). */
  weight: number;
  /** Users assigned to the arm. */
  users: number;
  /** Conversions (proportion) or the sum of the per-user values (mean). */
  sum: number;
  /** Sum of the squared per-user values; required for a `mean` metric. */
  sumSquares?: number;
}

/**
 * What to analyse.
 *
 * @example
 * ```ts
 * const options: AnalysisOptions = {
 *   metric: 'proportion',
 *   arms: [
 *     { id: 'control', weight: 1, users: 10000, sum: 1000 },
 *     { id: 'treatment', weight: 1, users: 10050, sum: 1100 },
 *   ],
 * };
 * ```
 */
export interface AnalysisOptions {
  metric: Metric;
  arms: readonly ArmInput[];
  /** Id of the control arm. Default: the arm `holdout` if there is one, else the first arm. */
  control?: string;
  /** Two-sided significance level for the intervals and `significant`. Default 0.05. */
  alpha?: number;
  /** SRM p-value below which `srm.mismatch` is true. Default 0.001. */
  srmThreshold?: number;
}

/**
 * Sample-ratio-mismatch check: Pearson chi-square of users per arm against the weights.
 * Without `pValue` (and with a `reason`) when it cannot be computed: one arm, no users, a bad weight.
 *
 * @example
 * ```ts
 * const { srm } = analyzeExperiment(options);
 * if (srm.mismatch) console.warn(`assignment is broken (p = ${srm.pValue})`);
 * ```
 */
export interface SrmResult {
  mismatch: boolean;
  pValue?: number;
  chiSquare?: number;
  reason?: string;
}

/** Fields every arm result has. `mean` and `variance` are null when the totals do not allow them. */
export interface ArmBase {
  id: string;
  users: number;
  mean: number | null;
  /** Per-user variance: p(1−p) for a proportion, the sample variance for a mean. */
  variance: number | null;
}

/**
 * A treatment compared with the control. `lift`, `ci` and `stdError` are relative to the
 * control mean: 0.1 is +10 %.
 *
 * @example
 * ```ts
 * for (const arm of analyzeExperiment(options).arms) {
 *   if (arm.kind === 'compared') console.log(arm.id, arm.lift, arm.ci, arm.pValueAdjusted);
 * }
 * ```
 */
export interface ComparedArm extends ArmBase {
  kind: 'compared';
  mean: number;
  variance: number;
  /** (mean − control mean) / control mean. */
  lift: number;
  /** lift ± t(1 − alpha/2, df) · stdError. Not adjusted for multiple arms. */
  ci: [lower: number, upper: number];
  /** √ of the delta-method variance of the lift. */
  stdError: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided p-value of lift = 0. */
  pValue: number;
  /** Holm-adjusted across the compared treatments. */
  pValueAdjusted: number;
  /** pValueAdjusted < alpha. */
  significant: boolean;
}

/**
 * The control arm; `reason` says why the treatments could not be compared with it, if so.
 *
 * @example
 * ```ts
 * const control = analyzeExperiment(options).arms.find((arm) => arm.kind === 'control');
 * ```
 */
export interface ControlArm extends ArmBase {
  kind: 'control';
  reason?: string;
}

/**
 * A treatment that could not be compared, and why (too few users, zero variance, inconsistent sums...).
 *
 * @example
 * ```ts
 * for (const arm of analyzeExperiment(options).arms) {
 *   if (arm.kind === 'skipped') console.log(`${arm.id}: ${arm.reason}`);
 * }
 * ```
 */
export interface SkippedArm extends ArmBase {
  kind: 'skipped';
  reason: string;
}

/** One result per input arm, in input order; narrow on `kind`. */
export type ArmResult = ComparedArm | ControlArm | SkippedArm;

/**
 * The analysis. `error` is set, and `arms` is empty, when the options as a whole are unusable
 * (no arms, unknown metric, duplicate ids, a control id that is not an arm, alpha outside (0, 1)).
 *
 * @example
 * ```ts
 * const result: AnalysisResult = analyzeExperiment(options);
 * if (result.error) console.warn(result.error);
 * ```
 */
export interface AnalysisResult {
  srm: SrmResult;
  arms: ArmResult[];
  /** Id of the control arm used; absent with `error`. */
  control?: string;
  alpha: number;
  error?: string;
}
