/**
 * The operations overview of the dashboard: active users, weekly retention cohorts, lifecycle
 * stages over time, stage transitions, tiers, and the repurchase and add-to-cart rates.
 */
import { escapeHtml, table, ratio } from './html.mjs';
import { barChart, stackedBarChart, STAGE_COLOURS } from './svg.mjs';

/**
 * The retention cell's shade: five steps, so the table reads as a heat map without inline styles.
 *
 * @param {number} share
 * @returns {string}
 */
function shade(share) {
  return `heat${Math.min(4, Math.floor(share * 5))}`;
}

/**
 * The overview section.
 *
 * @example
 * ```js
 * overviewSection(await readOverview(db), await readStats(db));
 * ```
 * @param {import('./overview.mjs').Overview} overview
 * @param {import('./stats.mjs').Stats} stats
 * @returns {string}
 */
export function overviewSection(overview, stats) {
  const { rates } = overview;
  const weeks = Math.max(0, ...overview.cohorts.map((c) => c.retained.length));
  const cohortTable = table(
    ['cohort (first week)', 'devices', ...Array.from({ length: weeks }, (_, i) => `week ${i}`)],
    overview.cohorts.map((c) => [
      c.week,
      c.size,
      ...Array.from({ length: weeks }, (_, i) => (i < c.retained.length ? { text: ratio(c.retained[i] ?? 0, c.size), className: shade((c.retained[i] ?? 0) / (c.size || 1)) } : '')),
    ]),
    { caption: 'Weekly retention: share of each cohort active n weeks later', rowHeadings: true, className: 'cohorts' },
  );
  /** @type {Map<string, Record<string, number>>} */
  const stageWeeks = new Map();
  for (const row of overview.stagesByWeek) {
    const parts = stageWeeks.get(row.week) ?? {};
    parts[row.stage] = row.users;
    stageWeeks.set(row.week, parts);
  }
  const stages = Object.keys(STAGE_COLOURS).filter((stage) => overview.stagesByWeek.some((row) => row.stage === stage));
  const legend = `<ul class="legend">${stages.map((stage) => `<li><span class="swatch swatch-${escapeHtml(stage)}" aria-hidden="true"></span>${escapeHtml(stage)}</li>`).join('')}</ul>`;
  const stageTable = table(
    ['week', ...stages],
    [...stageWeeks].map(([week, parts]) => [week, ...stages.map((stage) => parts[stage] ?? 0)]),
    { caption: 'Devices per lifecycle stage, each in its last stage of the week', rowHeadings: true },
  );
  return `<section aria-labelledby="operations"><h2 id="operations">Operations overview</h2>
<div class="kpis">
<p><span class="kpi">${ratio(rates.repeatBuyers, rates.buyers)}</span> repurchase rate <span class="meta">${rates.repeatBuyers} of ${rates.buyers} buyers bought again</span></p>
<p><span class="kpi">${ratio(rates.carters, rates.viewers)}</span> add-to-cart rate <span class="meta">${rates.carters} of ${rates.viewers} devices that viewed a product</span></p>
<p><span class="kpi">${overview.weekly.at(-1)?.users ?? 0}</span> weekly active <span class="meta">week of ${escapeHtml(overview.weekly.at(-1)?.week ?? '–')}</span></p>
<p><span class="kpi">${overview.daily.at(-1)?.users ?? 0}</span> daily active <span class="meta">${escapeHtml(overview.daily.at(-1)?.day ?? '–')}</span></p>
</div>
<h3>Daily active devices</h3>
${barChart('dau', 'Daily active devices, last 28 days', overview.daily.map((d) => ({ label: d.day, value: d.users })))}
${table(['week (Monday)', 'weekly active devices'], overview.weekly.map((w) => [w.week, w.users]), { caption: 'Weekly active devices', rowHeadings: true })}
<h3>Retention</h3>
${cohortTable}
<h3>Lifecycle stages over time</h3>
${stackedBarChart('stages', 'Lifecycle stages per week (share of devices)', [...stageWeeks].map(([week, parts]) => ({ label: week, parts })), Object.fromEntries(stages.map((s) => [s, STAGE_COLOURS[s] ?? '#555555'])))}
${legend}
${stageTable}
<div class="columns">
<div><h3>Stage transitions</h3>${table(['from', 'to', 'count'], stats.stageChanges.map((r) => [r.from, r.to, r.count]))}</div>
<div><h3>Value tiers (latest known)</h3>${table(['tier', 'devices'], stats.devicesByTier.map((r) => [r.tier, r.count]))}</div>
<div><h3>Stages now (latest known)</h3>${table(['stage', 'devices'], stats.devicesByStage.map((r) => [r.stage, r.count]))}</div>
</div>
</section>`;
}
