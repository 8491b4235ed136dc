/**
 * The "Did it work?" part of the dashboard: per rule version, a sample-ratio warning when the
 * arms' sizes do not match their shares, a plain-language verdict per variant, the lift with
 * its interval as a chart, and the funnel per arm.
 */
import { escapeHtml, table, rate, signedRate, ratio, money } from './html.mjs';
import { liftChart } from './svg.mjs';

/**
 * One sentence on one arm of one metric, as a product team would say it.
 *
 * @example
 * ```js
 * verdict('conversion', { kind: 'compared', id: 'b', lift: 0.12, ci: [0.03, 0.21], significant: true }, 1, 0.05);
 * // 'Variant b raised conversion by 12% (95% CI 3% to 21%); unlikely to be chance.'
 * ```
 * @param {string} metric
 * @param {import('nudgekit/analysis').ArmResult} arm
 * @param {number} compared how many treatments were compared (for the Holm note)
 * @param {number} alpha
 * @returns {string}
 */
export function verdict(metric, arm, compared, alpha) {
  const name = `Variant ${arm.id}`;
  if (arm.kind === 'skipped') return `${name}: not enough data yet for ${metric} (${arm.reason}).`;
  if (arm.kind !== 'compared') return '';
  const level = Math.round((1 - alpha) * 100);
  const interval = `${level}% CI ${signedRate(arm.ci[0])} to ${signedRate(arm.ci[1])}`;
  const size = `${Math.round(Math.abs(arm.lift) * 1000) / 10}%`;
  if (arm.significant) {
    return `${name} ${arm.lift > 0 ? 'raised' : 'lowered'} ${metric} by ${size} (${interval}); unlikely to be chance.`;
  }
  if (arm.ci[0] > 0 || arm.ci[1] < 0) {
    return `${name}: ${signedRate(arm.lift)} ${metric} (${interval}), but not significant once adjusted for the ${compared} variants compared (Holm); no evidence yet.`;
  }
  return `${name}: no evidence yet of an effect on ${metric} (${signedRate(arm.lift)}, ${interval}).`;
}

/**
 * @param {import('nudgekit/analysis').ArmResult} arm
 * @returns {'up' | 'down' | 'neutral'}
 */
function tone(arm) {
  if (arm.kind !== 'compared' || !arm.significant) return 'neutral';
  return arm.lift > 0 ? 'up' : 'down';
}

/**
 * @param {Record<string, number>} reasons
 * @returns {string}
 */
function reasonList(reasons) {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
}

/**
 * @param {import('./experiments.mjs').ExperimentReport} experiment
 * @param {string} anchor
 * @returns {string}
 */
function srmWarning(experiment, anchor) {
  const { srm } = experiment.conversion;
  if (!srm.mismatch) return '';
  const total = experiment.arms.reduce((sum, arm) => sum + arm.exposed, 0);
  const weightTotal = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0) || 1;
  const sizes = experiment.arms.map((arm) => `${arm.id} ${arm.exposed} (expected ${Math.round((total * arm.weight) / weightTotal)})`).join(', ');
  return `<div class="warning" role="note" aria-labelledby="${anchor}-srm"><p><strong id="${anchor}-srm">Sample ratio mismatch.</strong>
The arms' sizes do not match their shares: ${escapeHtml(sizes)}; p = ${escapeHtml(srm.pValue?.toExponential(1) ?? '?')}.
Exposures are being lost or assigned unevenly (a renderer that logs only when it works, an ad blocker, a bot filter on one arm).
Do not trust the lifts below until this is fixed.</p></div>`;
}

/**
 * @param {import('./experiments.mjs').ExperimentReport} experiment
 * @param {number} index
 * @returns {string}
 */
function experimentCard(experiment, index) {
  const anchor = `exp-${index}`;
  const goal = experiment.goal ? `goal: ${experiment.goal.event} within ${Math.round((experiment.goal.withinMs / 86_400_000) * 10) / 10} days` : 'no goal';
  const treatments = experiment.conversion.arms.filter((arm) => arm.id !== experiment.conversion.control);
  const compared = treatments.filter((arm) => arm.kind === 'compared').length;
  const sentences = [
    ...treatments.map((arm) => verdict('conversion', arm, compared, experiment.conversion.alpha)),
    ...experiment.revenue.arms
      .filter((arm) => arm.kind === 'compared')
      .map((arm) => verdict('revenue per user', arm, compared, experiment.revenue.alpha)),
  ].filter(Boolean);
  const chartArms = (/** @type {import('nudgekit/analysis').AnalysisResult} */ result) =>
    result.arms.flatMap((arm) => (arm.kind === 'compared' ? [{ id: arm.id, lift: arm.lift, ci: arm.ci, tone: tone(arm) }] : []));
  const conversionChart = chartArms(experiment.conversion);
  const funnel = table(
    ['arm', 'share', 'exposed', 'shown', 'clicked (of shown)', 'converted', 'revenue per user', 'dismissed', 'dropped'],
    experiment.arms.map((arm) => [
      arm.id,
      rate(arm.weight),
      arm.exposed,
      arm.id === 'holdout' ? '– (held out)' : `${arm.shown} (${ratio(arm.shown, arm.exposed)})`,
      arm.id === 'holdout' ? '–' : `${arm.clicked} (${ratio(arm.clicked, arm.shown)})`,
      `${arm.converters} (${rate(arm.conversionRate)})`,
      money(arm.revenuePerUser),
      arm.dismissed ? `${arm.dismissed}: ${reasonList(arm.dismissReasons)}` : '0',
      reasonList(arm.dropReasons) || '0',
    ]),
    { caption: 'Funnel per arm: users exposed, then shown, clicked and converted', rowHeadings: true },
  );
  const weightsNote = experiment.weightsChanged ? '<p class="note">The arms\' shares changed during this version; the check uses the latest shares.</p>' : '';
  return `<article class="card" aria-labelledby="${anchor}">
<h3 id="${anchor}">${escapeHtml(experiment.ruleId)} <span class="meta">version ${escapeHtml(experiment.version)} · ${escapeHtml(goal)}</span></h3>
${srmWarning(experiment, anchor)}${weightsNote}
<ul class="verdicts">${sentences.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${conversionChart.length ? liftChart(`${anchor}-lift`, 'conversion', conversionChart) : `<p>${experiment.arms.length < 2 ? 'One arm only (no holdout, no variants): the funnel below, with nothing to compare it with.' : 'No variant can be compared with the holdout yet.'}</p>`}
${funnel}
</article>`;
}

/**
 * The experiments section.
 *
 * @example
 * ```js
 * experimentsSection(await readExperiments(db));
 * ```
 * @param {import('./experiments.mjs').ExperimentReport[] | { error: string }} experiments
 * @returns {string}
 */
export function experimentsSection(experiments) {
  const intro = `<p>Each rule version is an experiment: users are assigned an arm, and every arm, the holdout included, logs an
exposure when the rule decides. Converted means the rule's goal event came within its window after the first exposure.
Lifts are relative to the holdout. How to read this: <code>docs/experiments.md</code>.</p>`;
  if ('error' in experiments) return `<section aria-labelledby="experiments"><h2 id="experiments">Did the nudge work?</h2>${intro}<p>${escapeHtml(experiments.error)}</p></section>`;
  const cards = experiments.length ? experiments.map(experimentCard).join('\n') : '<p>No exposures yet: rules with a holdout or variants log one when they decide.</p>';
  return `<section aria-labelledby="experiments"><h2 id="experiments">Did the nudge work?</h2>${intro}\n${cards}</section>`;
}
