/**
 * "Did the nudge work?": per rule version and arm, the users exposed, what they did with the
 * nudge, and who reached the rule's goal within its window after their first exposure, then
 * `analyzeExperiment` (from `nudgekit/analysis`) on conversion and on revenue.
 *
 * Everything comes from the events themselves, as the SDK's exposure contract intends: each
 * `nudge_exposure` carries the rule, arm, version, every arm's share and the goal, so the
 * collector needs no copy of the rule file. The join runs in SQL, one row per exposed user.
 */
import { readExperimentRows } from './experiments-sql.mjs';

/**
 * @typedef {object} ArmReport
 * @property {string} id `holdout` is the control
 * @property {number} weight its share of the traffic, from the exposures (0 when unknown)
 * @property {number} exposed users whose first exposure of this rule version was in this arm
 * @property {number} shown of them, users who saw the nudge (`nudge_shown`)
 * @property {number} clicked users who clicked it
 * @property {number} dismissed users who dismissed it
 * @property {Record<string, number>} dismissReasons dismissals per `reason`
 * @property {Record<string, number>} dropReasons `nudge_dropped` per `reason` (not shown after all)
 * @property {number} converters users with a goal event within the window after their first exposure
 * @property {number | null} conversionRate converters / exposed
 * @property {number} revenue sum of the goal events' `revenue` in the window
 * @property {number} revenueSumSquares sum over users of (their revenue in the window)²
 * @property {number | null} revenuePerUser revenue / exposed
 */

/**
 * @typedef {object} ExperimentReport
 * @property {string} ruleId
 * @property {string} version as sent (text: a version may be a number or a string)
 * @property {{ event: string, withinMs: number } | null} goal from the latest exposure
 * @property {Record<string, number>} weights from the latest exposure
 * @property {boolean} weightsChanged the exposures of this version carried different weights (the SRM check then uses the latest)
 * @property {string | null} firstExposure ISO time of the earliest exposure (skew-corrected)
 * @property {string | null} lastExposure
 * @property {ArmReport[]} arms the control first, then the others by id
 * @property {import('nudgekit/analysis').AnalysisResult} conversion `analyzeExperiment` on converters (proportion)
 * @property {import('nudgekit/analysis').AnalysisResult} revenue `analyzeExperiment` on revenue per exposed user (mean)
 */

/** @type {Promise<typeof import('nudgekit/analysis')> | undefined} */
let analysisModule;

/**
 * Loads `nudgekit/analysis` on first use: from dist/ when run by Node (the package refers to
 * itself by name), from the source under vitest. Lazy, so a collector started before
 * `npm run build` still receives batches; only this report then needs the build.
 *
 * @returns {Promise<typeof import('nudgekit/analysis')>}
 */
export function loadAnalysis() {
  analysisModule ??= import('nudgekit/analysis').catch((/** @type {unknown} */ err) => {
    analysisModule = undefined; // try again after a build
    throw new Error(`nudgekit/analysis is not available (run npm run build): ${err instanceof Error ? err.message : String(err)}`);
  });
  return analysisModule;
}

/**
 * Reads every experiment: one report per rule version that logged an exposure.
 *
 * @example
 * ```js
 * const experiments = await readExperiments(db);
 * const b = experiments[0].conversion.arms.find((arm) => arm.id === 'b');
 * if (b?.kind === 'compared') console.log(b.lift, b.ci);
 * ```
 * @param {import('./db.mjs').Database} db
 * @returns {Promise<ExperimentReport[]>}
 */
export async function readExperiments(db) {
  const [{ analyzeExperiment }, rows] = await Promise.all([loadAnalysis(), readExperimentRows(db)]);
  /** @type {Map<string, import('./experiments-sql.mjs').ArmRow[]>} */
  const byExperiment = new Map();
  for (const row of rows) {
    const key = JSON.stringify([row.ruleId, row.version]);
    const list = byExperiment.get(key) ?? [];
    list.push(row);
    byExperiment.set(key, list);
  }
  return [...byExperiment.values()].map((armRows) => {
    const latest = armRows.reduce((a, b) => (String(b.lastExposure) > String(a.lastExposure) ? b : a));
    const weights = latest.weights;
    const weightsChanged = new Set(armRows.flatMap((row) => row.weightSets)).size > 1;
    const arms = mergeArms(armRows, weights);
    const input = (/** @type {(arm: ArmReport) => { sum: number, sumSquares?: number }} */ pick) =>
      arms.map((arm) => ({ id: arm.id, weight: arm.weight, users: arm.exposed, ...pick(arm) }));
    return {
      ruleId: latest.ruleId,
      version: latest.version,
      goal: latest.goal,
      weights,
      weightsChanged,
      firstExposure: armRows.map((row) => row.firstExposure).filter(Boolean).sort()[0] ?? null,
      lastExposure: latest.lastExposure,
      arms,
      conversion: analyzeExperiment({ metric: 'proportion', arms: input((arm) => ({ sum: arm.converters })) }),
      revenue: analyzeExperiment({ metric: 'mean', arms: input((arm) => ({ sum: arm.revenue, sumSquares: arm.revenueSumSquares })) }),
    };
  });
}

/**
 * The arms of one experiment: every arm seen in an exposure, plus every arm named in the
 * weights but never seen (zero users: exactly what the SRM check must catch).
 *
 * @param {import('./experiments-sql.mjs').ArmRow[]} rows
 * @param {Record<string, number>} weights
 * @returns {ArmReport[]}
 */
function mergeArms(rows, weights) {
  /** @type {Map<string, ArmReport>} */
  const arms = new Map();
  for (const row of rows) {
    const { ruleId: _r, version: _v, goal: _g, weights: _w, weightSets: _s, firstExposure: _f, lastExposure: _l, variant, ...counts } = row;
    arms.set(variant, {
      id: variant,
      weight: weights[variant] ?? 0,
      ...counts,
      conversionRate: counts.exposed > 0 ? counts.converters / counts.exposed : null,
      revenuePerUser: counts.exposed > 0 ? counts.revenue / counts.exposed : null,
    });
  }
  for (const [id, weight] of Object.entries(weights)) {
    if (!arms.has(id)) {
      arms.set(id, {
        id, weight, exposed: 0, shown: 0, clicked: 0, dismissed: 0, dismissReasons: {}, dropReasons: {},
        converters: 0, conversionRate: null, revenue: 0, revenueSumSquares: 0, revenuePerUser: null,
      });
    }
  }
  // The control first, so tables and charts read "against the holdout".
  return [...arms.values()].sort((a, b) => (a.id === 'holdout' ? -1 : b.id === 'holdout' ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
