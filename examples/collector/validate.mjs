/**
 * Checks a batch body and each event in it, in Segment's format. An event that fails
 * is rejected on its own with a reason; it never fails the batch. Each check also
 * guards the database: PostgreSQL refuses NUL characters and lone UTF-16 surrogates
 * in text and jsonb, and timestamps outside years 1 to 9999 as JavaScript writes them;
 * one such event must not turn a whole batch into a 500 that the client would retry
 * for ever.
 */

import { readTimestamp, MIN_TIMESTAMP, MAX_TIMESTAMP } from './timestamp.mjs';

/** The event types of Segment's spec. */
export const EVENT_TYPES = /** @type {const} */ (['track', 'identify', 'page', 'screen', 'group', 'alias']);

/** Segment's own per-event limit. */
export const DEFAULT_MAX_EVENT_BYTES = 32 * 1024;

/**
 * Events per batch. NudgeKit sends at most `maxEvents` (50 unless configured) and Segment
 * takes about 500 KB per batch; without a cap, 512 KiB of `[0,0,…]` is 260,000 rejections
 * to record and list.
 */
export const DEFAULT_MAX_BATCH_EVENTS = 2000;

const TIMESTAMP_RANGE = `timestamp: out of range: expected a date-time from ${MIN_TIMESTAMP} to ${MAX_TIMESTAMP}`;

const MAX_MESSAGE_ID = 100;
const MAX_NAME = 200;
const MAX_ID = 255;
const MAX_DEPTH = 32;

/**
 * @typedef {object} EventRow The columns of one `events` row.
 * @property {string} message_id
 * @property {string} type
 * @property {string | null} event
 * @property {string | null} user_id
 * @property {string | null} anonymous_id
 * @property {string} timestamp ISO 8601 in UTC
 * @property {string | null} stage
 * @property {string | null} tier
 * @property {Record<string, unknown>} properties
 * @property {Record<string, unknown>} context
 * @property {Record<string, unknown>} raw
 */

/**
 * Checks the shape of a parsed body: `{ batch: [...], sentAt?, writeKey? }`.
 *
 * @example
 * ```js
 * checkBatchBody({ batch: [] }); // null
 * checkBatchBody([]);            // 'body: expected an object { batch: [...] }'
 * ```
 * @param {unknown} body
 * @returns {string | null} the problem, or null when the body is a batch
 */
export function checkBatchBody(body) {
  if (!isObject(body)) return 'body: expected an object { batch: [...] }';
  if (!Array.isArray(body.batch)) return 'batch: expected an array of events';
  // A well-formed sentAt out of range passes: it is only informational, so it is stored as
  // null rather than costing the client a batch of valid events.
  if (body.sentAt !== undefined && body.sentAt !== null) {
    const sentAt = readTimestamp(body.sentAt);
    if (!sentAt.ok && sentAt.problem === 'format') return 'sentAt: expected an ISO 8601 date-time';
  }
  return null;
}

/**
 * Validates one event and maps it to its `events` row.
 *
 * @example
 * ```js
 * const result = validateEvent({ type: 'track', event: 'purchase', messageId: 'm1',
 *   timestamp: '2026-11-23T10:00:00Z', anonymousId: 'a1', properties: {} }, new Date());
 * if (result.ok) store(result.row); else record(result.reason);
 * ```
 * @param {unknown} event
 * @param {Date} receivedAt used when the event carries no timestamp (Segment does the same)
 * @param {number} [maxEventBytes]
 * @returns {{ ok: true, row: EventRow } | { ok: false, reason: string }}
 */
export function validateEvent(event, receivedAt, maxEventBytes = DEFAULT_MAX_EVENT_BYTES) {
  if (!isObject(event)) return fail('event: expected an object');
  const { type, messageId, timestamp, userId, anonymousId } = event;
  if (typeof type !== 'string' || !(/** @type {readonly string[]} */ (EVENT_TYPES)).includes(type)) {
    return fail(`type: expected one of ${EVENT_TYPES.join(', ')}`);
  }
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MAX_MESSAGE_ID) {
    return fail(`messageId: expected a string of 1 to ${MAX_MESSAGE_ID} characters`);
  }
  let time = receivedAt.toISOString();
  if (timestamp !== undefined && timestamp !== null) {
    const parsed = readTimestamp(timestamp);
    if (!parsed.ok) return fail(parsed.problem === 'range' ? TIMESTAMP_RANGE : 'timestamp: expected an ISO 8601 date-time');
    time = parsed.iso;
  }
  const user = optionalId(userId);
  const anonymous = optionalId(anonymousId);
  if (user === false) return fail(`userId: expected a string of 1 to ${MAX_ID} characters or null`);
  if (anonymous === false) return fail(`anonymousId: expected a string of 1 to ${MAX_ID} characters or null`);
  if (user === null && anonymous === null) return fail('anonymousId or userId: one of them is required');

  let name = null;
  if (type === 'track') {
    if (typeof event.event !== 'string' || event.event.trim() === '' || event.event.length > MAX_NAME) {
      return fail(`event: a track event needs a name of 1 to ${MAX_NAME} characters`);
    }
    name = event.event;
  }
  if (type === 'group' && optionalId(event.groupId) === null) return fail('groupId: required for a group event');
  if (type === 'alias' && optionalId(event.previousId) === null) return fail('previousId: required for an alias event');

  for (const key of ['properties', 'traits', 'context']) {
    const value = event[key];
    if (value !== undefined && value !== null && !isObject(value)) return fail(`${key}: expected an object`);
  }
  const unstorable = findUnstorable(event, '', 0);
  if (unstorable) return fail(unstorable);
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes > maxEventBytes) return fail(`event: ${bytes} bytes, over the limit of ${maxEventBytes}`);

  // identify and group carry traits, the others properties: one column holds whichever it is.
  const properties = /** @type {Record<string, unknown>} */ (event.properties ?? event.traits ?? {});
  const context = /** @type {Record<string, unknown>} */ (event.context ?? {});
  return {
    ok: true,
    row: {
      message_id: messageId,
      type,
      event: name,
      user_id: user,
      anonymous_id: anonymous,
      timestamp: time,
      stage: stageOf(name, properties, context),
      tier: stringAt(context, 'lifecycle', 'tier'),
      properties,
      context,
      raw: event,
    },
  };
}

/**
 * The lifecycle stage an event belongs to: the new stage for a `stage_change` event
 * (the stage the user is in from that event on), else the stage the SDK stamped in
 * `context.lifecycle.stage`, else null.
 *
 * @param {string | null} name
 * @param {Record<string, unknown>} properties
 * @param {Record<string, unknown>} context
 * @returns {string | null}
 */
function stageOf(name, properties, context) {
  if (name === 'stage_change' && typeof properties.to === 'string' && properties.to.length <= MAX_NAME) {
    return properties.to;
  }
  return stringAt(context, 'lifecycle', 'stage');
}

/**
 * @param {Record<string, unknown>} object
 * @param {string} outer
 * @param {string} inner
 * @returns {string | null}
 */
function stringAt(object, outer, inner) {
  const holder = object[outer];
  if (!isObject(holder)) return null;
  const value = holder[inner];
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME ? value : null;
}

/**
 * @param {unknown} value
 * @returns {string | null | false} the id, null when absent, false when malformed
 */
function optionalId(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) return false;
  return value;
}

/**
 * Finds the first string (value or key) PostgreSQL cannot store, or nesting too deep for it.
 *
 * @param {unknown} value
 * @param {string} path
 * @param {number} depth
 * @returns {string | null}
 */
function findUnstorable(value, path, depth) {
  if (typeof value === 'string') return unstorableString(value, path || 'event');
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findUnstorable(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${printable(key)}` : printable(key);
    const problem = unstorableString(key, `${at} (key)`) ?? findUnstorable(inner, at, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * @param {string} text
 * @param {string} path
 * @returns {string | null}
 */
function unstorableString(text, path) {
  if (text.includes('\u0000')) return `${path}: contains a NUL character, which PostgreSQL cannot store`;
  if (!text.isWellFormed()) return `${path}: contains a lone UTF-16 surrogate, which PostgreSQL cannot store`;
  return null;
}

/**
 * A key as it may appear in a reason: the reason is stored too, so it must be storable
 * itself (no NUL, no lone surrogate) and short, whatever key the client sent.
 *
 * @param {string} key
 * @returns {string}
 */
function printable(key) {
  // Control characters (NUL, newlines) would break the one-line reason; they show as U+FFFD.
  const safe = key.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
  return safe.length > 40 ? `${safe.slice(0, 40).toWellFormed()}…` : safe;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @param {string} reason
 * @returns {{ ok: false, reason: string }}
 */
function fail(reason) {
  return { ok: false, reason };
}
