/**
 * Writes one batch in one transaction: the valid events (de-duplicated by messageId),
 * the rejected ones with their reasons, and a row in `batches` with the counts.
 * The caller answers 200 only after this resolves, that is after COMMIT.
 */
import { validateEvent, DEFAULT_MAX_EVENT_BYTES } from './validate.mjs';
import { parseTimestamp } from './timestamp.mjs';

/** Rejected events keep at most this much of their JSON, for debugging. */
const MAX_REJECTED_JSON = 4 * 1024;
/** The answer lists this many rejections; all of them are recorded in `rejected_events`. */
export const MAX_LISTED_REJECTIONS = 100;

/**
 * One rejected event, as reported to the client.
 *
 * @typedef {object} Rejection
 * @property {number} index position in the batch
 * @property {string | null} messageId
 * @property {string} reason
 */

/**
 * @typedef {object} BatchResult
 * @property {number} accepted events newly stored
 * @property {number} duplicates valid events whose messageId was already stored (or repeated in the batch)
 * @property {Rejection[]} rejected the first {@link MAX_LISTED_REJECTIONS}, in batch order
 * @property {number} [rejectedOmitted] rejections left out of `rejected`; present only when some were
 */

// One statement for the whole batch. ON CONFLICT DO NOTHING skips both a messageId already
// stored and one repeated inside the batch (the first occurrence wins); RETURNING tells
// how many rows were new. Concurrent batches with the same messageId are serialised by
// the primary key: the later one waits for the earlier to commit, then skips the row.
const INSERT_EVENTS = `
  INSERT INTO events (message_id, type, event, user_id, anonymous_id, timestamp, received_at, sent_at,
                      stage, tier, properties, context, raw)
  SELECT r.message_id, r.type, r.event, r.user_id, r.anonymous_id, r.timestamp, $2::timestamptz, $3::timestamptz,
         r.stage, r.tier, r.properties, r.context, r.raw
  FROM jsonb_to_recordset($1::jsonb) AS r(message_id text, type text, event text, user_id text, anonymous_id text,
       timestamp timestamptz, stage text, tier text, properties jsonb, context jsonb, raw jsonb)
  ON CONFLICT (message_id) DO NOTHING
  RETURNING message_id`;

const INSERT_BATCH = `
  INSERT INTO batches (received_at, sent_at, auth, bytes, size, accepted, duplicates, rejected)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  RETURNING id::text AS id`;

const INSERT_REJECTED = `
  INSERT INTO rejected_events (batch_id, batch_index, message_id, reason, received_at, raw_json)
  SELECT $2::bigint, r.batch_index, r.message_id, r.reason, $3::timestamptz, r.raw_json
  FROM jsonb_to_recordset($1::jsonb) AS r(batch_index integer, message_id text, reason text, raw_json text)`;

/**
 * Validates and stores one batch.
 *
 * @example
 * ```js
 * const result = await storeBatch(db, { batch: body.batch, sentAt: body.sentAt, auth: 'header', bytes: 1234 });
 * // { accepted: 49, duplicates: 0, rejected: [{ index: 3, messageId: 'm4', reason: 'timestamp: ...' }] }
 * ```
 * @param {import('./db.mjs').Database} db
 * @param {{ batch: unknown[], sentAt?: unknown, auth: 'header' | 'body', bytes: number,
 *   receivedAt?: Date, maxEventBytes?: number }} input
 * @returns {Promise<BatchResult>}
 */
export async function storeBatch(db, input) {
  const receivedAt = input.receivedAt ?? new Date();
  const receivedIso = receivedAt.toISOString();
  const sentAt = parseTimestamp(input.sentAt);
  /** @type {import('./validate.mjs').EventRow[]} */
  const rows = [];
  /** @type {(Rejection & { raw_json: string | null })[]} */
  const rejected = [];
  input.batch.forEach((event, index) => {
    const result = validateEvent(event, receivedAt, input.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES);
    if (result.ok) rows.push(result.row);
    else rejected.push({ index, messageId: messageIdOf(event), reason: result.reason, raw_json: rawJson(event) });
  });

  /** @param {import('./db.mjs').Queryable} tx */
  const write = async (tx) => {
    const inserted = rows.length > 0 ? (await tx.query(INSERT_EVENTS, [JSON.stringify(rows), receivedIso, sentAt])).rows.length : 0;
    const batch = await tx.query(INSERT_BATCH, [
      receivedIso,
      sentAt,
      input.auth,
      input.bytes,
      input.batch.length,
      inserted,
      rows.length - inserted,
      rejected.length,
    ]);
    if (rejected.length > 0) {
      const records = rejected.map((r) => ({ batch_index: r.index, message_id: storable(r.messageId), reason: storable(r.reason), raw_json: r.raw_json }));
      await tx.query(INSERT_REJECTED, [JSON.stringify(records), batch.rows[0]?.id, receivedIso]);
    }
    return inserted;
  };
  const accepted = await retryOnConflict(() => db.transaction(write));
  /** @type {BatchResult} */
  const result = {
    accepted,
    duplicates: rows.length - accepted,
    rejected: rejected.slice(0, MAX_LISTED_REJECTIONS).map(({ index, messageId, reason }) => ({ index, messageId, reason })),
  };
  if (rejected.length > MAX_LISTED_REJECTIONS) result.rejectedOmitted = rejected.length - MAX_LISTED_REJECTIONS;
  return result;
}

/** SQLSTATEs after which PostgreSQL asks the client to run the transaction again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const MAX_ATTEMPTS = 5;

/**
 * Runs a transaction again when PostgreSQL aborted it for a deadlock. Two batches holding
 * the same messageIds in different orders lock the same keys in opposite orders; one of
 * them is aborted, and since it rolled back as a whole, running it again is safe.
 *
 * @template T
 * @param {() => Promise<T>} run
 * @returns {Promise<T>}
 */
async function retryOnConflict(run) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = /** @type {{ code?: unknown }} */ (err ?? {}).code;
      if (attempt >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      // A short random pause, so the two rivals do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/**
 * @param {unknown} event
 * @returns {string | null}
 */
function messageIdOf(event) {
  if (typeof event !== 'object' || event === null) return null;
  const id = /** @type {{ messageId?: unknown }} */ (event).messageId;
  return typeof id === 'string' ? id : null;
}

/**
 * Text from a client (a messageId, a reason naming a key) as PostgreSQL can keep it:
 * well-formed, no NUL, bounded.
 *
 * @template {string | null} T
 * @param {T} text
 * @returns {T}
 */
function storable(text) {
  return /** @type {T} */ (text === null ? null : text.replaceAll('\u0000', '\uFFFD').slice(0, 500).toWellFormed());
}

/**
 * The event's JSON as text: JSON.stringify escapes NUL and lone surrogates, so any event,
 * even one rejected for containing them, can be kept for inspection.
 *
 * @param {unknown} event
 * @returns {string | null}
 */
function rawJson(event) {
  const json = JSON.stringify(event);
  if (json === undefined) return null;
  // Cut on a code unit boundary, then mend a surrogate pair the cut may have split.
  return json.length > MAX_REJECTED_JSON ? `${json.slice(0, MAX_REJECTED_JSON).toWellFormed()}…` : json;
}
