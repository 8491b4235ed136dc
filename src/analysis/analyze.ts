/**
 * `analyzeExperiment`: checks the options, then runs the SRM check, the per-arm statistics,
 * one t-test per treatment and the Holm adjustment, each in its own file.
 *
 * @packageDocumentation
 */
import { armStats } from './arm-stats';
import { compareArms } from './compare';
import { holmAdjust } from './holm';
import { sampleRatioMismatch, SRM_THRESHOLD } from './srm';
import type { AnalysisOptions, AnalysisResult, ArmResult, ComparedArm, Metric } from './types';

const DEFAULT_ALPHA = 0.05;
const METRICS: { [K in Metric]: true } = { proportion: true, mean: true };

type Loose = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/** The checked options, or the first problem with its path (`arms[2].id: ...`). */
function checkOptions(options: unknown): { metric: Metric; arms: Loose[]; control: string; alpha: number; threshold: number } | string {
  if (!isRecord(options)) return 'options must be an object';
  const { metric, arms, control, alpha = DEFAULT_ALPHA, srmThreshold = SRM_THRESHOLD } = options;
  if (typeof metric !== 'string' || !Object.hasOwn(METRICS, metric)) return "metric must be 'proportion' or 'mean'";
  if (!Array.isArray(arms) || arms.length === 0) return 'arms must be a non-empty array';
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) return 'alpha must be a number between 0 and 1';
  if (typeof srmThreshold !== 'number' || !(srmThreshold > 0 && srmThreshold < 1)) return 'srmThreshold must be a number between 0 and 1';
  const ids = new Set<string>();
  for (const [i, arm] of (arms as unknown[]).entries()) {
    if (!isRecord(arm)) return `arms[${i}] must be an object`;
    if (typeof arm.id !== 'string' || arm.id === '') return `arms[${i}].id must be a non-empty string`;
    if (ids.has(arm.id)) return `arms[${i}].id: duplicate id "${arm.id}"`;
    ids.add(arm.id);
  }
  const chosen = control ?? (ids.has('holdout') ? 'holdout' : (arms[0] as Loose).id);
  if (typeof chosen !== 'string' || !ids.has(chosen)) return 'control must be the id of one of the arms';
  return { metric: metric as Metric, arms: arms as Loose[], control: chosen, alpha, threshold: srmThreshold };
}

function analyze(options: unknown): AnalysisResult {
  const checked = checkOptions(options);
  if (typeof checked === 'string') return { srm: { mismatch: false, reason: checked }, arms: [], alpha: DEFAULT_ALPHA, error: checked };
  const { metric, arms, control, alpha, threshold } = checked;
  const stats = arms.map((arm) => armStats(metric, arm));
  const controlIndex = arms.findIndex((arm) => arm.id === control);
  const controlStats = stats[controlIndex]!;
  const results: ArmResult[] = arms.map((arm, i) => {
    const own = stats[i]!;
    const base = { id: arm.id as string, users: typeof arm.users === 'number' ? arm.users : NaN, mean: own.mean, variance: own.variance };
    if (i === controlIndex) return own.ok ? { kind: 'control', ...base } : { kind: 'control', ...base, reason: own.reason };
    if (!own.ok) return { kind: 'skipped', ...base, reason: own.reason };
    if (!controlStats.ok) return { kind: 'skipped', ...base, reason: `control "${control}": ${controlStats.reason}` };
    const comparison = compareArms(controlStats, own, alpha);
    if (!comparison.ok) return { kind: 'skipped', ...base, reason: comparison.reason };
    const { ok: _, ...numbers } = comparison;
    return { kind: 'compared', ...base, mean: own.mean, variance: own.variance, ...numbers, pValueAdjusted: NaN, significant: false };
  });
  const compared = results.filter((arm): arm is ComparedArm => arm.kind === 'compared');
  holmAdjust(compared.map((arm) => arm.pValue)).forEach((adjusted, i) => {
    compared[i]!.pValueAdjusted = adjusted;
    compared[i]!.significant = adjusted < alpha;
  });
  return { srm: sampleRatioMismatch(arms, threshold), arms: results, control, alpha };
}

/**
 * Analyses an A/B/n experiment from per-arm totals, like GrowthBook's frequentist engine:
 * relative lift of each treatment over the control with its confidence interval and two-sided
 * p-value (Welch t-test on the delta-method variance), Holm-adjusted p-values across the
 * treatments, and a sample-ratio-mismatch check. Pure, synchronous, no I/O.
 *
 * Never throws: an arm that cannot be compared gets `kind: 'skipped'` and a `reason`; options
 * that are unusable as a whole give a result with `error` and no arms.
 *
 * @example
 * ```ts
 * import { analyzeExperiment } from 'nudgekit/analysis';
 *
 * const result = analyzeExperiment({
 *   metric: 'proportion',
 *   arms: [
 *     { id: 'control', weight: 1, users: 10000, sum: 1000 },
 *     { id: 'treatment', weight: 1, users: 10050, sum: 1100 },
 *   ],
 * });
 * const treatment = result.arms[1];
 * if (treatment?.kind === 'compared') {
 *   console.log(treatment.lift, treatment.ci, treatment.pValue); // ≈ 0.0945, [0.0058, 0.1832], 0.0367
 * }
 * ```
 */
export function analyzeExperiment(options: AnalysisOptions): AnalysisResult {
  try {
    return analyze(options);
  } catch {
    // Only reachable through hostile input (a getter or Proxy that throws while we read it):
    // the analysis feeds dashboards, so it reports instead of throwing.
    return { srm: { mismatch: false, reason: 'the options could not be read' }, arms: [], alpha: DEFAULT_ALPHA, error: 'the options could not be read' };
  }
}
