/**
 * The operations overview of the dashboard: active users per day and week, weekly retention
 * cohorts, lifecycle stages over time, and the repurchase and add-to-cart rates.
 *
 * Days and weeks are UTC, by the events' own timestamps (as in the stats: the demo moves the
 * device clock on purpose, and its story should read in the days it tells). Windows end at
 * the latest event, not at the server's now, so a simulated or replayed history shows whole.
 * The unit is the device (`anonymousId`, else `userId`).
 */

/** Events that say the user did something (not NudgeKit's own bookkeeping). */
const ACTIVE = `(type <> 'track' OR (event NOT LIKE 'nudge\\_%' AND event NOT IN ('stage_change', 'session_start')))`;
const UNIT = 'coalesce(anonymous_id, user_id)';
const DAY = `to_char(timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const WEEK = `to_char(date_trunc('week', timestamp AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;

/** Days and weeks shown. */
export const OVERVIEW_DAYS = 28;
export const OVERVIEW_WEEKS = 8;

/**
 * @typedef {object} Overview
 * @property {{ day: string, users: number }[]} daily active devices per UTC day, the last {@link OVERVIEW_DAYS} days
 * @property {{ week: string, users: number }[]} weekly active devices per week (Monday), the last {@link OVERVIEW_WEEKS} weeks
 * @property {{ week: string, size: number, retained: number[] }[]} cohorts devices first seen in a week, and how many were active 0, 1, 2... weeks later
 * @property {{ week: string, stage: string, users: number }[]} stagesByWeek devices per stage, each in the last stage it had that week
 * @property {{ buyers: number, repeatBuyers: number, viewers: number, carters: number }} rates
 */

/**
 * Computes the overview.
 *
 * @example
 * ```js
 * const { daily, cohorts, rates } = await readOverview(db);
 * rates.repeatBuyers / rates.buyers; // the repurchase rate
 * ```
 * @param {import('./db.mjs').Database} db
 * @param {{ purchase?: string, addToCart?: string, productView?: string }} [names] the events of the rates
 * @returns {Promise<Overview>}
 */
export async function readOverview(db, names = {}) {
  const { purchase = 'purchase', addToCart = 'add_to_cart', productView = 'product_viewed' } = names;
  const last = `(SELECT max(timestamp) FROM events WHERE ${ACTIVE})`;
  const [daily, weekly, cohorts, stages, rates] = await Promise.all([
    db.query(`SELECT ${DAY} AS day, count(DISTINCT ${UNIT})::int AS users FROM events
              WHERE ${ACTIVE} AND timestamp > ${last} - interval '${OVERVIEW_DAYS} days' GROUP BY 1 ORDER BY 1`),
    db.query(`SELECT ${WEEK} AS week, count(DISTINCT ${UNIT})::int AS users FROM events
              WHERE ${ACTIVE} AND timestamp >= date_trunc('week', ${last}) - interval '${OVERVIEW_WEEKS - 1} weeks' GROUP BY 1 ORDER BY 1`),
    db.query(`WITH active AS (
                SELECT DISTINCT ${UNIT} AS unit, date_trunc('week', timestamp AT TIME ZONE 'UTC') AS week FROM events WHERE ${ACTIVE}),
              cohort AS (SELECT unit, min(week) AS week FROM active GROUP BY unit)
              SELECT to_char(c.week, 'YYYY-MM-DD') AS week, (extract(epoch FROM a.week - c.week) / 604800)::int AS offset, count(*)::int AS users
              FROM cohort c JOIN active a USING (unit)
              WHERE c.week >= date_trunc('week', ${last} AT TIME ZONE 'UTC') - interval '${OVERVIEW_WEEKS - 1} weeks'
              GROUP BY 1, 2 ORDER BY 1, 2`),
    db.query(`WITH latest AS (
                SELECT DISTINCT ON (${UNIT}, ${WEEK}) ${WEEK} AS week, stage FROM events
                WHERE stage IS NOT NULL AND timestamp >= date_trunc('week', ${last}) - interval '${OVERVIEW_WEEKS - 1} weeks'
                ORDER BY ${UNIT}, ${WEEK}, timestamp DESC, seq DESC)
              SELECT week, stage, count(*)::int AS users FROM latest GROUP BY 1, 2 ORDER BY 1, 2`),
    db.query(`WITH per AS (
                SELECT ${UNIT} AS unit, count(*) FILTER (WHERE event = $1) AS purchases,
                       bool_or(event = $2) AS carted, bool_or(event = $3) AS viewed
                FROM events WHERE type = 'track' AND event IN ($1, $2, $3) GROUP BY 1)
              SELECT count(*) FILTER (WHERE purchases >= 1)::int AS buyers, count(*) FILTER (WHERE purchases >= 2)::int AS repeat_buyers,
                     count(*) FILTER (WHERE viewed)::int AS viewers, count(*) FILTER (WHERE viewed AND carted)::int AS carters FROM per`,
      [purchase, addToCart, productView]),
  ]);
  /** @type {Map<string, { week: string, size: number, retained: number[] }>} */
  const byCohort = new Map();
  for (const row of cohorts.rows) {
    const week = String(row.week);
    const entry = byCohort.get(week) ?? { week, size: 0, retained: [] };
    const offset = Number(row.offset);
    entry.retained[offset] = Number(row.users);
    if (offset === 0) entry.size = Number(row.users);
    byCohort.set(week, entry);
  }
  for (const entry of byCohort.values()) entry.retained = Array.from(entry.retained, (n) => n ?? 0);
  const r = rates.rows[0] ?? {};
  return {
    daily: daily.rows.map((row) => ({ day: String(row.day), users: Number(row.users) })),
    weekly: weekly.rows.map((row) => ({ week: String(row.week), users: Number(row.users) })),
    cohorts: [...byCohort.values()],
    stagesByWeek: stages.rows.map((row) => ({ week: String(row.week), stage: String(row.stage), users: Number(row.users) })),
    rates: { buyers: Number(r.buyers ?? 0), repeatBuyers: Number(r.repeat_buyers ?? 0), viewers: Number(r.viewers ?? 0), carters: Number(r.carters ?? 0) },
  };
}
