/**
 * The SQL behind `GET /v1/experiments`: per rule version and arm, exposed users and what
 * they did. Plain PostgreSQL, the same on PGlite.
 *
 * Choices, each for a reason:
 * - The unit is the device (`anonymousId`, else `userId`), as in the stats: the SDK assigns,
 *   exposes and attributes on the device.
 * - A user counts in the arm of their first exposure of a rule version; a new version is a
 *   new experiment (the SDK re-assigns on a new version).
 * - Times are corrected for device clock skew as Segment does: receivedAt − sentAt + timestamp.
 *   A device whose clock is an hour off still has its purchase an hour after its exposure.
 * - A goal event counts when it comes strictly after the first exposure and at most
 *   `goal.withinMs` later: the event that triggered the rule is not its own conversion.
 * - Every value read from JSON is type-checked in SQL: the write key is public, and one odd
 *   event must not turn the report into an error.
 */

/** One year: a longer goal window in an event is taken as this. */
const MAX_WINDOW_MS = 365 * 86_400_000;
/** Revenue beyond this (in absolute value) on one event is ignored as garbage. */
const MAX_REVENUE = 1e12;

const TRACKED = `tracked AS (
  SELECT coalesce(anonymous_id, user_id) AS unit, event, properties, seq,
         CASE WHEN sent_at IS NULL THEN timestamp ELSE timestamp + (received_at - sent_at) END AS at
  FROM events
  -- Only what the report reads: the nudge events and the goal events some exposure names.
  WHERE type = 'track' AND (event LIKE 'nudge\\_%'
    OR event IN (SELECT properties->'goal'->>'event' FROM events WHERE type = 'track' AND event = 'nudge_exposure'))
)`;

const RULE = `properties->>'ruleId'`;
const VERSION = `coalesce(properties->>'version', '')`;

const EXPOSURES = `exposures AS (
  SELECT ${RULE} AS rule_id, ${VERSION} AS version, properties->>'variant' AS variant, unit, at, seq, properties
  FROM tracked
  WHERE event = 'nudge_exposure' AND jsonb_typeof(properties->'ruleId') = 'string' AND jsonb_typeof(properties->'variant') = 'string'
)`;

const FIRST = `first AS (
  SELECT DISTINCT ON (rule_id, version, unit) rule_id, version, variant, unit, at,
    CASE WHEN jsonb_typeof(properties->'goal'->'event') = 'string' THEN properties->'goal'->>'event' END AS goal_event,
    CASE WHEN jsonb_typeof(properties->'goal'->'withinMs') = 'number'
         THEN least(greatest((properties->'goal'->>'withinMs')::numeric, 0), ${MAX_WINDOW_MS})::float8 END AS within_ms
  FROM exposures ORDER BY rule_id, version, unit, at, seq
)`;

const ARMS = `WITH ${TRACKED}, ${EXPOSURES}, ${FIRST},
nudge AS (
  SELECT ${RULE} AS rule_id, ${VERSION} AS version, unit,
         bool_or(event = 'nudge_shown') AS shown, bool_or(event = 'nudge_clicked') AS clicked, bool_or(event = 'nudge_dismissed') AS dismissed
  FROM tracked WHERE event IN ('nudge_shown', 'nudge_clicked', 'nudge_dismissed') GROUP BY 1, 2, 3
),
goal AS (
  SELECT f.rule_id, f.version, f.unit, sum(
           CASE WHEN jsonb_typeof(g.properties->'revenue') = 'number' AND abs((g.properties->>'revenue')::numeric) < ${MAX_REVENUE}
                THEN (g.properties->>'revenue')::numeric ELSE 0 END) AS revenue
  FROM first f JOIN tracked g ON g.unit = f.unit AND g.event = f.goal_event
    AND g.at > f.at AND g.at <= f.at + f.within_ms * interval '1 millisecond'
  GROUP BY 1, 2, 3
)
SELECT f.rule_id, f.version, f.variant, count(*)::int AS exposed,
       count(*) FILTER (WHERE n.shown)::int AS shown,
       count(*) FILTER (WHERE n.clicked)::int AS clicked,
       count(*) FILTER (WHERE n.dismissed)::int AS dismissed,
       count(g.unit)::int AS converters,
       coalesce(sum(g.revenue), 0)::float8 AS revenue,
       coalesce(sum(g.revenue * g.revenue), 0)::float8 AS revenue_sum_squares
FROM first f
LEFT JOIN nudge n ON n.rule_id = f.rule_id AND n.version = f.version AND n.unit = f.unit
LEFT JOIN goal g ON g.rule_id = f.rule_id AND g.version = f.version AND g.unit = f.unit
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

/** Per rule version: the weights and goal of the latest exposure, every distinct weights object, the time span. */
const META = `WITH ${TRACKED}, ${EXPOSURES}
SELECT rule_id, version,
       (array_agg(properties->'weights' ORDER BY at DESC, seq DESC))[1] AS weights,
       (array_agg(properties->'goal' ORDER BY at DESC, seq DESC))[1] AS goal,
       array_agg(DISTINCT coalesce(properties->'weights', 'null'::jsonb)::text) AS weight_sets,
       to_char(min(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS first_exposure,
       to_char(max(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_exposure
FROM exposures GROUP BY 1, 2`;

/** Dismissals and drops per reason, by the arm the event names. */
const REASONS = `SELECT ${RULE} AS rule_id, ${VERSION} AS version, properties->>'variant' AS variant, event,
       coalesce(properties->>'reason', '(none)') AS reason, count(*)::int AS count
FROM events WHERE type = 'track' AND event IN ('nudge_dismissed', 'nudge_dropped') AND jsonb_typeof(properties->'ruleId') = 'string'
GROUP BY 1, 2, 3, 4, 5`;

/**
 * @typedef {object} ArmRow One arm of one rule version, with its experiment's metadata.
 * @property {string} ruleId
 * @property {string} version
 * @property {string} variant
 * @property {Record<string, number>} weights
 * @property {string[]} weightSets
 * @property {{ event: string, withinMs: number } | null} goal
 * @property {string | null} firstExposure
 * @property {string | null} lastExposure
 * @property {number} exposed
 * @property {number} shown
 * @property {number} clicked
 * @property {number} dismissed
 * @property {Record<string, number>} dismissReasons
 * @property {Record<string, number>} dropReasons
 * @property {number} converters
 * @property {number} revenue
 * @property {number} revenueSumSquares
 */

/**
 * Reads one row per rule version and arm.
 *
 * @example
 * ```js
 * const rows = await readExperimentRows(db); // [{ ruleId: 'offer', version: '3', variant: 'holdout', exposed: 412, ... }]
 * ```
 * @param {import('./db.mjs').Database} db
 * @returns {Promise<ArmRow[]>}
 */
export async function readExperimentRows(db) {
  const [arms, meta, reasons] = await Promise.all([
    // PGlite has no autovacuum, so the planner has no statistics, guesses one row per CTE and
    // joins 6,000 exposures to 6,000 goal rows in a nested loop: 38 s instead of 0.3 s.
    // Hash and merge joins are right for this report at any size, on both engines.
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_nestloop = off');
      return tx.query(ARMS);
    }),
    db.query(META),
    db.query(REASONS),
  ]);
  const key = (/** @type {Record<string, unknown>} */ row) => JSON.stringify([row.rule_id, row.version]);
  const metaByKey = new Map(meta.rows.map((row) => [key(row), row]));
  /** @type {Map<string, { dismissReasons: Record<string, number>, dropReasons: Record<string, number> }>} */
  const reasonsByArm = new Map();
  for (const row of reasons.rows) {
    const armKey = JSON.stringify([row.rule_id, row.version, row.variant]);
    const entry = reasonsByArm.get(armKey) ?? { dismissReasons: {}, dropReasons: {} };
    const target = row.event === 'nudge_dismissed' ? entry.dismissReasons : entry.dropReasons;
    target[String(row.reason)] = Number(row.count);
    reasonsByArm.set(armKey, entry);
  }
  return arms.rows.map((row) => {
    const m = metaByKey.get(key(row)) ?? {};
    const r = reasonsByArm.get(JSON.stringify([row.rule_id, row.version, row.variant])) ?? { dismissReasons: {}, dropReasons: {} };
    return {
      ruleId: String(row.rule_id),
      version: String(row.version),
      variant: String(row.variant),
      weights: readWeights(m.weights),
      weightSets: /** @type {string[]} */ (m.weight_sets ?? []),
      goal: readGoal(m.goal),
      firstExposure: /** @type {string | null} */ (m.first_exposure ?? null),
      lastExposure: /** @type {string | null} */ (m.last_exposure ?? null),
      exposed: Number(row.exposed),
      shown: Number(row.shown),
      clicked: Number(row.clicked),
      dismissed: Number(row.dismissed),
      ...r,
      converters: Number(row.converters),
      revenue: Number(row.revenue),
      revenueSumSquares: Number(row.revenue_sum_squares),
    };
  });
}

/**
 * The arm shares of an exposure, keeping only finite non-negative numbers.
 *
 * @param {unknown} value
 * @returns {Record<string, number>}
 */
function readWeights(value) {
  /** @type {Record<string, number>} */
  const weights = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return weights;
  for (const [id, weight] of Object.entries(value)) {
    if (typeof weight === 'number' && Number.isFinite(weight) && weight >= 0) weights[id] = weight;
  }
  return weights;
}

/**
 * @param {unknown} value
 * @returns {{ event: string, withinMs: number } | null}
 */
function readGoal(value) {
  if (typeof value !== 'object' || value === null) return null;
  const { event, withinMs } = /** @type {{ event?: unknown, withinMs?: unknown }} */ (value);
  if (typeof event !== 'string' || typeof withinMs !== 'number' || !Number.isFinite(withinMs)) return null;
  return { event, withinMs: Math.min(Math.max(withinMs, 0), MAX_WINDOW_MS) };
}
