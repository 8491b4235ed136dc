/**
 * The collector's HTML page, a dashboard for a product team: did each nudge work (per rule
 * version: SRM warning, verdicts, lift chart, funnel), the operations overview, then the raw
 * counts of `GET /v1/stats`. Rendered on the server: no script at all, charts as SVG, and one
 * stylesheet allowed by its hash, so the CSP forbids every other script and style.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, table } from './html.mjs';
import { experimentsSection } from './page-experiments.mjs';
import { overviewSection } from './page-overview.mjs';
import { STAGE_COLOURS } from './svg.mjs';

export { escapeHtml } from './html.mjs';

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f6f6f4; }
main { max-width: 1180px; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { margin: 0 0 .25rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .25rem; }
h3 { margin: 1.5rem 0 .5rem; } .meta { color: #595959; font-weight: normal; font-size: .9em; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; list-style: none; }
a { color: #0b57a4; }
.card { background: #fff; border: 1px solid #d0d0d0; border-radius: 8px; padding: .5rem 1rem 1rem; margin: 1rem 0; }
.card h3 { margin-top: .5rem; }
.warning { border: 2px solid #b3261e; background: #fdecea; border-radius: 6px; padding: 0 .75rem; margin: .5rem 0; }
.verdicts { padding-left: 1.2rem; } .verdicts li { margin: .25rem 0; }
.chart { width: 100%; max-width: 720px; height: auto; display: block; margin: .5rem 0; }
.scroll { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; background: #fff; }
.caption { font-weight: 600; margin: .5rem 0 .25rem; }
th[scope="row"] { white-space: nowrap; }
th, td { border: 1px solid #bbb; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: .75rem; }
.kpis p { background: #fff; border: 1px solid #d0d0d0; border-radius: 8px; padding: .75rem; margin: 0; }
.kpi { display: block; font-size: 1.8rem; font-weight: 700; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 0 1.5rem; }
.cohorts td { text-align: right; }
.heat0 { background: #ffffff; } .heat1 { background: #deebf7; } .heat2 { background: #9ecae1; }
.heat3 { background: #2166ac; color: #fff; } .heat4 { background: #08306b; color: #fff; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; }
.swatch { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -.1em; border-radius: 2px; }
${Object.entries(STAGE_COLOURS).map(([stage, colour]) => `.swatch-${stage} { background: ${colour}; }`).join('\n')}
.note { color: #595959; }
@media (max-width: 600px) {
  main { padding: 1rem .6rem 2rem; } th, td { padding: .2rem .4rem; } .kpi { font-size: 1.4rem; } .card { padding: .25rem .6rem .6rem; }
  /* The charts shrink to the screen, their text with them: larger units keep it readable. */
  .chart text { font-size: 24px; }
}
`;

/**
 * Sent with the page: the stylesheet above (by its hash) and nothing else may load or run.
 * Inline SVG needs nothing more: its colours are presentation attributes, not styles.
 */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/**
 * @typedef {object} DashboardData
 * @property {import('./stats.mjs').Stats} stats
 * @property {import('./stats.mjs').StoredEvent[]} recent
 * @property {import('./experiments.mjs').ExperimentReport[] | { error: string }} experiments
 * @property {import('./overview.mjs').Overview} overview
 */

/**
 * Renders the dashboard.
 *
 * @example
 * ```js
 * res.end(renderDashboard({ stats, recent, experiments, overview }));
 * ```
 * @param {DashboardData} data
 * @returns {string}
 */
export function renderDashboard({ stats, recent, experiments, overview }) {
  const raw = [
    ['Totals', table(['what', 'count'], [
      ['events stored', stats.total], ['devices', stats.devices], ['batches', stats.batches],
      ['duplicates skipped', stats.duplicates], ['events rejected', stats.rejected],
    ])],
    ['Events per name (track)', table(['event', 'count'], stats.byEvent.map((r) => [r.event, r.count]))],
    ['Events per type', table(['type', 'count'], stats.byType.map((r) => [r.type, r.count]))],
    ['Events per day (UTC)', table(['day', 'events', 'devices'], stats.byDay.map((r) => [r.day, r.count, r.devices]))],
    ['Events per stage at the time of the event', table(['stage', 'events'], stats.eventsByStage.map((r) => [r.stage, r.count]))],
    ['Rejections', table(['reason', 'count'], stats.rejectedByReason.map((r) => [r.reason, r.count]))],
    ['Recent events', table(['received', 'type', 'event', 'device', 'user', 'stage'], recent.map((e) => [e.receivedAt, e.type, e.event, e.anonymousId, e.userId, e.stage]))],
  ]
    .map(([title, html]) => `<h3>${escapeHtml(title)}</h3>${html}`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NudgeKit dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>NudgeKit dashboard</h1>
<p class="meta">${stats.total} events from ${stats.devices} devices. Reload for fresh numbers. JSON: <a href="/v1/experiments">/v1/experiments</a>, <a href="/v1/stats">/v1/stats</a>, <a href="/v1/events?limit=50">/v1/events</a>, <a href="/v1/rules">/v1/rules</a>.</p>
<nav aria-label="Sections"><ul><li><a href="#experiments">Did the nudge work?</a></li><li><a href="#operations">Operations overview</a></li><li><a href="#raw">Raw counts</a></li></ul></nav>
${experimentsSection(experiments)}
${overviewSection(overview, stats)}
<section aria-labelledby="raw"><h2 id="raw">Raw counts</h2>
${raw}
</section>
</main>
</body>
</html>
`;
}
