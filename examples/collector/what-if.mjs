/**
 * The "what if" page (`/what-if`): paste or edit a rules document, run it over the stored
 * events with `nudgekit/simulate` on the server, and read the simulated funnel beside what the
 * live rules really did (from the stored `nudge_*` events). No script; one stylesheet, allowed
 * by its hash; every value escaped. The form posts to this page only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSimulator, formatReport } from 'nudgekit/simulate';
import { readBody } from './body.mjs';
import { exportPages } from './export.mjs';
import { escapeHtml } from './page.mjs';

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:72rem;color:#1b1b1b}
textarea{width:100%;box-sizing:border-box;min-height:14rem;font:13px/1.4 ui-monospace,monospace}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:right}
th:first-child,td:first-child{text-align:left}pre{overflow:auto;background:#f6f6f6;padding:.6rem;font-size:12px}
.error{background:#fde8e8;border-left:4px solid #b91c1c;padding:.5rem .8rem}button{font:inherit;padding:.4rem 1rem;margin-top:.5rem}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Only this page's stylesheet; the form may post here and nowhere else. */
export const WHAT_IF_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** A rules document larger than this is refused (413). */
const MAX_FORM_BYTES = 256 * 1024;

/**
 * What the live rules did, per rule id: users shown and nudges shown, users held out.
 *
 * @param {import('./db.mjs').Database} db
 * @returns {Promise<Map<string, { shownUsers: number, shown: number, heldOutUsers: number }>>}
 */
async function liveFigures(db) {
  const result = await db.query(`SELECT properties->>'ruleId' AS rule,
      count(*) FILTER (WHERE event = 'nudge_shown')::int AS shown,
      count(DISTINCT coalesce(anonymous_id, user_id)) FILTER (WHERE event = 'nudge_shown')::int AS shown_users,
      count(DISTINCT coalesce(anonymous_id, user_id)) FILTER (WHERE event = 'nudge_held_out')::int AS held_out_users
    FROM events WHERE type = 'track' AND event IN ('nudge_shown', 'nudge_held_out') AND properties ? 'ruleId'
    GROUP BY 1`);
  return new Map(result.rows.map((r) => [String(r.rule), { shownUsers: Number(r.shown_users), shown: Number(r.shown), heldOutUsers: Number(r.held_out_users) }]));
}

/**
 * Runs `text` (a rules document) over every stored event.
 *
 * @param {import('./db.mjs').Database} db
 * @param {string} text
 * @returns {Promise<{ report: import('nudgekit/simulate').SimulationReport } | { error: string }>}
 */
export async function runWhatIf(db, text) {
  /** @type {any} */
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const settings = Array.isArray(doc) ? { rules: doc } : doc;
  if (typeof settings !== 'object' || settings === null || !Array.isArray(settings.rules)) return { error: 'expected an array of rules or { "rules": [...] }' };
  let sim;
  try {
    const { rules, lifecycle, fatigue, savedGroups, timeZone, sessionTimeoutMs, dwellMs, weeklyOver } = settings;
    sim = createSimulator({ rules, lifecycle, fatigue, savedGroups, timeZone, sessionTimeoutMs, dwellMs, weeklyOver });
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  let line = 0;
  for await (const page of exportPages(db, {})) {
    for (const json of page.split('\n')) {
      if (json === '') continue;
      line++;
      const problem = sim.push(JSON.parse(json));
      // Stored events passed the collector's checks; one the simulator cannot read is skipped, not fatal.
      if (problem) console.warn(`collector: what-if skipped stored event ${line}: ${problem}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { report: sim.end() };
}

/**
 * @param {string} rulesText
 * @param {Awaited<ReturnType<typeof runWhatIf>> | undefined} outcome
 * @param {Map<string, { shownUsers: number, shown: number, heldOutUsers: number }>} live
 * @returns {string}
 */
export function renderWhatIf(rulesText, outcome, live) {
  const n = (/** @type {number} */ v) => v.toLocaleString('en-US');
  let result = '<p>Edit the rules and run them over every stored event. Nothing is sent to any device.</p>';
  if (outcome && 'error' in outcome) result = `<p class="error" role="alert">${escapeHtml(outcome.error)}</p>`;
  else if (outcome) {
    const { report } = outcome;
    const rows = report.rules.map((r) => {
      const l = live.get(r.id);
      const suppressed = Object.entries(r.suppressed).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
      return `<tr><td>${escapeHtml(r.id)}</td><td>${n(r.triggered.users)}</td><td>${n(r.audience.users)}</td><td>${n(r.shown.users)}</td><td>${n(r.shown.times)}</td><td>${escapeHtml(suppressed)}</td>`
        + `<td>${l ? n(l.shownUsers) : '-'}</td><td>${l ? n(l.shown) : '-'}</td><td>${l ? n(l.heldOutUsers) : '-'}</td></tr>`;
    });
    result = `<h2>Simulated beside live</h2><p>${n(report.users)} devices, ${n(report.events)} events replayed.</p>
<div class="scroll"><table><thead><tr><th scope="col">rule</th><th scope="col">triggered</th><th scope="col">audience</th><th scope="col">shown (users)</th><th scope="col">nudges</th><th scope="col">suppressed</th>
<th scope="col">live: shown (users)</th><th scope="col">live: nudges</th><th scope="col">live: held out</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>
<h2>Full report</h2><pre>${escapeHtml(formatReport(report))}</pre>`;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>What if: NudgeKit collector</title><style>${STYLE}</style></head><body>
<h1>What if these rules had run?</h1><form method="post" action="/what-if">
<label for="rules">Rules document (JSON: an array of rules, or { "rules": [...], "lifecycle": {...}, "fatigue": {...} })</label>
<textarea id="rules" name="rules" spellcheck="false">${escapeHtml(rulesText)}</textarea>
<button type="submit">Run over stored events</button></form><section>${result}</section></body></html>`;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 */
function sendPage(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': WHAT_IF_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

/**
 * `GET /what-if`: the form, filled with the live rules document.
 *
 * @param {import('node:http').IncomingMessage} _req
 * @param {import('node:http').ServerResponse} res
 * @param {{ db: import('./db.mjs').Database, rulesPath: string }} context
 */
export async function whatIfForm(_req, res, { rulesPath }) {
  const text = await readFile(rulesPath, 'utf8').catch(() => '[]');
  sendPage(res, 200, renderWhatIf(text, undefined, new Map()));
}

/**
 * `POST /what-if`: runs the posted document and shows the report beside the live figures.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ db: import('./db.mjs').Database }} context
 */
export async function whatIfRun(req, res, { db }) {
  const body = await readBody(req, MAX_FORM_BYTES);
  if (!body.ok) return sendPage(res, body.status, renderWhatIf('', { error: body.error }, new Map()));
  const text = new URLSearchParams(body.text).get('rules') ?? '';
  const [outcome, live] = await Promise.all([runWhatIf(db, text), liveFigures(db)]);
  sendPage(res, 'error' in outcome ? 400 : 200, renderWhatIf(text, outcome, live));
}
