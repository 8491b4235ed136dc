/**
 * Read side of the collector: the counts behind `GET /v1/stats` and `GET /`, and the
 * recent events behind `GET /v1/events`. Every count is cast to int in SQL, since the
 * two engines return bigint differently.
 */

/**
 * @typedef {object} Stats
 * @property {number} total events stored
 * @property {number} devices distinct devices (anonymousId, else userId)
 * @property {number} batches batches received with a valid write key
 * @property {number} duplicates events received again and skipped
 * @property {number} rejected events rejected by validation
 * @property {{ type: string, count: number }[]} byType
 * @property {{ event: string, count: number }[]} byEvent track events per name, most frequent first
 * @property {{ day: string, count: number, devices: number }[]} byDay per UTC day of the event's timestamp
 * @property {{ stage: string, count: number }[]} eventsByStage events per the stage they were sent in
 * @property {{ stage: string, count: number }[]} devicesByStage each device counted once, in its latest known stage
 * @property {{ tier: string, count: number }[]} devicesByTier each device counted once, in its latest known tier
 * @property {{ from: string, to: string, count: number }[]} stageChanges `stage_change` events per transition
 * @property {{ reason: string, count: number }[]} rejectedByReason
 */

const UNKNOWN = '(none)';

/**
 * Computes every count of the stats page.
 *
 * @example
 * ```js
 * const stats = await readStats(db);
 * stats.devicesByStage; // [{ stage: 'active', count: 12 }, { stage: 'resurrected', count: 3 }]
 * ```
 * @param {import('./db.mjs').Database} db
 * @returns {Promise<Stats>}
 */
export async function readStats(db) {
  const [totals, batches, rejected, byType, byEvent, byDay, eventsByStage, devicesByStage, devicesByTier, stageChanges, rejectedByReason] =
    await Promise.all([
      db.query(`SELECT count(*)::int AS total, count(DISTINCT coalesce(anonymous_id, user_id))::int AS devices FROM events`),
      db.query(`SELECT count(*)::int AS batches, coalesce(sum(duplicates), 0)::int AS duplicates FROM batches`),
      db.query(`SELECT count(*)::int AS rejected FROM rejected_events`),
      db.query(`SELECT type, count(*)::int AS count FROM events GROUP BY type ORDER BY count DESC, type`),
      db.query(`SELECT event, count(*)::int AS count FROM events WHERE type = 'track'
                GROUP BY event ORDER BY count DESC, event LIMIT 200`),
      db.query(`SELECT to_char(timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count,
                       count(DISTINCT coalesce(anonymous_id, user_id))::int AS devices
                FROM events GROUP BY day ORDER BY day`),
      db.query(`SELECT coalesce(stage, '${UNKNOWN}') AS stage, count(*)::int AS count FROM events
                GROUP BY 1 ORDER BY count DESC, stage`),
      // A device's stage (tier) is the one of its most recent event that carries one. The
      // stage lives on the device (the SDK classifies on-device), hence anonymousId first.
      latestPerDevice(db, 'stage'),
      latestPerDevice(db, 'tier'),
      db.query(`SELECT coalesce(properties->>'from', '${UNKNOWN}') AS "from", coalesce(properties->>'to', '${UNKNOWN}') AS "to",
                       count(*)::int AS count
                FROM events WHERE type = 'track' AND event = 'stage_change'
                GROUP BY 1, 2 ORDER BY count DESC, 1, 2`),
      db.query(`SELECT reason, count(*)::int AS count FROM rejected_events GROUP BY reason ORDER BY count DESC, reason LIMIT 50`),
    ]);
  const first = (/** @type {{ rows: Record<string, unknown>[] }} */ result) => result.rows[0] ?? {};
  return {
    total: Number(first(totals).total ?? 0),
    devices: Number(first(totals).devices ?? 0),
    batches: Number(first(batches).batches ?? 0),
    duplicates: Number(first(batches).duplicates ?? 0),
    rejected: Number(first(rejected).rejected ?? 0),
    byType: /** @type {Stats['byType']} */ (byType.rows),
    byEvent: /** @type {Stats['byEvent']} */ (byEvent.rows),
    byDay: /** @type {Stats['byDay']} */ (byDay.rows),
    eventsByStage: /** @type {Stats['eventsByStage']} */ (eventsByStage.rows),
    devicesByStage: /** @type {Stats['devicesByStage']} */ (devicesByStage.rows),
    devicesByTier: /** @type {Stats['devicesByTier']} */ (devicesByTier.rows),
    stageChanges: /** @type {Stats['stageChanges']} */ (stageChanges.rows),
    rejectedByReason: /** @type {Stats['rejectedByReason']} */ (rejectedByReason.rows),
  };
}

/**
 * Counts devices by the latest non-null value of `column`.
 *
 * @param {import('./db.mjs').Database} db
 * @param {'stage' | 'tier'} column a fixed column name, never user input
 */
function latestPerDevice(db, column) {
  return db.query(`WITH latest AS (
      SELECT DISTINCT ON (coalesce(anonymous_id, user_id)) ${column} AS value
      FROM events WHERE ${column} IS NOT NULL
      ORDER BY coalesce(anonymous_id, user_id), timestamp DESC, seq DESC)
    SELECT value AS ${column}, count(*)::int AS count FROM latest GROUP BY value ORDER BY count DESC, value`);
}

/**
 * @typedef {object} StoredEvent
 * @property {string} messageId
 * @property {string} type
 * @property {string | null} event
 * @property {string | null} userId
 * @property {string | null} anonymousId
 * @property {string} timestamp
 * @property {string} receivedAt
 * @property {string | null} stage
 * @property {string | null} tier
 * @property {Record<string, unknown>} properties
 * @property {Record<string, unknown>} context
 */

/**
 * The stored events, newest first by default (in the order they were stored).
 *
 * @example
 * ```js
 * const events = await readEvents(db, { limit: 20, anonymousId: 'a-1', order: 'asc' });
 * ```
 * @param {import('./db.mjs').Database} db
 * @param {{ limit: number, order?: 'asc' | 'desc', anonymousId?: string | undefined,
 *   userId?: string | undefined, event?: string | undefined }} query
 * @returns {Promise<StoredEvent[]>}
 */
export async function readEvents(db, query) {
  /** @type {string[]} */
  const where = [];
  /** @type {unknown[]} */
  const params = [];
  for (const [column, value] of /** @type {const} */ ([
    ['anonymous_id', query.anonymousId],
    ['user_id', query.userId],
    ['event', query.event],
  ])) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  params.push(query.limit);
  // Take the newest `limit` rows, then put them in the requested order. Times are formatted
  // by the database: PGlite's driver reads the year 0001 as 2001.
  const result = await db.query(
    `SELECT * FROM (
       SELECT seq, message_id, type, event, user_id, anonymous_id, ${isoText('timestamp')} AS timestamp,
              ${isoText('received_at')} AS received_at, stage, tier, properties, context
       FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}) AS recent
     ORDER BY seq ${query.order === 'asc' ? 'ASC' : 'DESC'}`,
    params,
  );
  return result.rows.map((row) => ({
    messageId: String(row.message_id),
    type: String(row.type),
    event: /** @type {string | null} */ (row.event),
    userId: /** @type {string | null} */ (row.user_id),
    anonymousId: /** @type {string | null} */ (row.anonymous_id),
    timestamp: String(row.timestamp),
    receivedAt: String(row.received_at),
    stage: /** @type {string | null} */ (row.stage),
    tier: /** @type {string | null} */ (row.tier),
    properties: /** @type {Record<string, unknown>} */ (row.properties),
    context: /** @type {Record<string, unknown>} */ (row.context),
  }));
}

/**
 * SQL for a timestamptz column as ISO 8601 text in UTC, as JavaScript writes it.
 *
 * @param {string} column
 * @returns {string}
 */
function isoText(column) {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
