/**
 * The collector's HTML page: the same counts as `GET /v1/stats`, rendered on the server
 * as plain tables. No script at all; every value from the database is escaped, since
 * event names and properties come from whoever holds the (public) write key.
 */

/** Sent with the page: nothing but its own inline style may load or run. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```js
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 * @param {unknown} value
 * @returns {string}
 */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * @param {string} title
 * @param {string[]} headings
 * @param {unknown[][]} rows
 * @returns {string}
 */
function table(title, headings, rows) {
  const head = headings.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows.length
    ? rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell ?? '')}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headings.length}">none yet</td></tr>`;
  return `<section><h2>${escapeHtml(title)}</h2><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

/**
 * Renders the stats page.
 *
 * @example
 * ```js
 * res.end(renderStatsPage(await readStats(db), await readEvents(db, { limit: 20 })));
 * ```
 * @param {import('./stats.mjs').Stats} stats
 * @param {import('./stats.mjs').StoredEvent[]} recent
 * @returns {string}
 */
export function renderStatsPage(stats, recent) {
  const sections = [
    table('Totals', ['what', 'count'], [
      ['events stored', stats.total],
      ['devices', stats.devices],
      ['batches', stats.batches],
      ['duplicates skipped', stats.duplicates],
      ['events rejected', stats.rejected],
    ]),
    table('Devices per lifecycle stage (latest known)', ['stage', 'devices'], stats.devicesByStage.map((r) => [r.stage, r.count])),
    table('Devices per value tier (latest known)', ['tier', 'devices'], stats.devicesByTier.map((r) => [r.tier, r.count])),
    table('Stage changes', ['from', 'to', 'count'], stats.stageChanges.map((r) => [r.from, r.to, r.count])),
    table('Events per name (track)', ['event', 'count'], stats.byEvent.map((r) => [r.event, r.count])),
    table('Events per type', ['type', 'count'], stats.byType.map((r) => [r.type, r.count])),
    table('Events per day (UTC)', ['day', 'events', 'devices'], stats.byDay.map((r) => [r.day, r.count, r.devices])),
    table('Events per stage at the time of the event', ['stage', 'events'], stats.eventsByStage.map((r) => [r.stage, r.count])),
    table('Rejections', ['reason', 'count'], stats.rejectedByReason.map((r) => [r.reason, r.count])),
    table(
      'Recent events',
      ['received', 'type', 'event', 'device', 'user', 'stage'],
      recent.map((e) => [e.receivedAt, e.type, e.event, e.anonymousId, e.userId, e.stage]),
    ),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NudgeKit collector</title>
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { border: 1px solid #bbb; padding: .25rem .6rem; text-align: left; }
td:last-child { font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<main>
<h1>NudgeKit collector</h1>
<p>JSON: <a href="/v1/stats">/v1/stats</a>, <a href="/v1/events?limit=50">/v1/events</a>, <a href="/v1/rules">/v1/rules</a>. Reload for fresh counts.</p>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
