/**
 * ISO 8601 timestamps as the collector accepts them: well formed, a day that exists, and in
 * the range PostgreSQL stores.
 */

/**
 * The timestamps the collector stores. PostgreSQL's timestamptz reaches further, but it has
 * no year 0, and JavaScript writes years past 9999 as `+010000-…`, which it cannot read.
 */
export const MIN_TIMESTAMP = '0001-01-01T00:00:00.000Z';
export const MAX_TIMESTAMP = '9999-12-31T23:59:59.999Z';
const MIN_MS = Date.parse(MIN_TIMESTAMP);
const MAX_MS = Date.parse(MAX_TIMESTAMP);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads an ISO 8601 date-time as a canonical UTC string. Out of range means a well-formed
 * date-time outside {@link MIN_TIMESTAMP} .. {@link MAX_TIMESTAMP} once in UTC: storing one
 * fails in PostgreSQL (SQLSTATE 22008), which would turn the whole batch into a 500 that
 * clients retry for ever.
 *
 * @example
 * ```js
 * readTimestamp('2026-11-23T10:00:00+02:00'); // { ok: true, iso: '2026-11-23T08:00:00.000Z' }
 * readTimestamp('0000-01-01');                // { ok: false, problem: 'range' }
 * ```
 * @param {unknown} value
 * @returns {{ ok: true, iso: string } | { ok: false, problem: 'format' | 'range' }}
 */
export function readTimestamp(value) {
  // `Date.parse` alone accepts too much (`"1"` is the year 2001 in V8).
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || !isCalendarDate(value)) return { ok: false, problem: 'format' };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { ok: false, problem: 'format' };
  if (ms < MIN_MS || ms > MAX_MS) return { ok: false, problem: 'range' };
  return { ok: true, iso: new Date(ms).toISOString() };
}

/**
 * Parses an ISO 8601 date-time to a canonical UTC string, or null when it is malformed or
 * out of range (see {@link readTimestamp}).
 *
 * @param {unknown} value
 * @returns {string | null}
 */
export function parseTimestamp(value) {
  const result = readTimestamp(value);
  return result.ok ? result.iso : null;
}

/**
 * Whether the date part names a day that exists: V8 reads `2026-02-30` as March 2nd.
 *
 * @param {string} value matches ISO_DATE_TIME
 * @returns {boolean}
 */
function isCalendarDate(value) {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0 to 99 as 1900 to 1999
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
