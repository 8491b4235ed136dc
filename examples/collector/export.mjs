/**
 * `GET /v1/export`: every stored event as NDJSON (one event as received a line), ordered by
 * device (`anonymousId`, else `userId`), then by time: the order `nudgekit simulate` replays
 * in, so it holds one device at a time. Read in pages along the `events_device` index, with
 * the response's back-pressure respected, so memory stays flat whatever the table's size.
 */

/** Rows per query: large enough to amortise the round trip, small enough to stream. */
const PAGE_ROWS = 2000;

/**
 * Yields the stored events, device by device, each device's in time order, as JSON text.
 * `from` and `to` (ISO 8601) limit by event time.
 *
 * @example
 * ```js
 * for await (const lines of exportPages(db, {})) process.stdout.write(lines);
 * ```
 * @param {import('./db.mjs').Database} db
 * @param {{ from?: string, to?: string }} range
 * @returns {AsyncGenerator<string>} pages of NDJSON text
 */
export async function* exportPages(db, range) {
  /** @type {[string, string, string] | undefined} device, timestamp, seq of the last row sent */
  let after;
  for (;;) {
    /** @type {unknown[]} */
    const params = [];
    /** @type {string[]} */
    const where = [];
    if (range.from !== undefined) where.push(`timestamp >= $${params.push(range.from)}::timestamptz`);
    if (range.to !== undefined) where.push(`timestamp <= $${params.push(range.to)}::timestamptz`);
    if (after) {
      const [device, timestamp, seq] = after;
      where.push(`(coalesce(anonymous_id, user_id), timestamp, seq) > ($${params.push(device)}, $${params.push(timestamp)}::timestamptz, $${params.push(seq)}::bigint)`);
    }
    const result = await db.query(
      `SELECT coalesce(anonymous_id, user_id) AS device, timestamp::text AS at, seq::text AS seq, raw::text AS line
       FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY coalesce(anonymous_id, user_id), timestamp, seq
       LIMIT ${PAGE_ROWS}`,
      params,
    );
    const rows = result.rows;
    if (rows.length === 0) return;
    yield rows.map((row) => `${row.line}\n`).join('');
    const last = rows[rows.length - 1];
    after = [String(last.device), String(last.at), String(last.seq)];
    if (rows.length < PAGE_ROWS) return;
  }
}

/**
 * The handler: streams {@link exportPages}. `?from=` and `?to=` take ISO 8601 dates.
 *
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ db: import('./db.mjs').Database }} context
 * @param {URL} url
 * @returns {Promise<void>}
 */
export async function exportEvents(req, res, { db }, url) {
  /** @type {{ from?: string, to?: string }} */
  const range = {};
  for (const key of /** @type {const} */ (['from', 'to'])) {
    const value = url.searchParams.get(key);
    if (value === null) continue;
    if (!Number.isFinite(Date.parse(value))) {
      res.writeHead(400, { 'Content-Type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify({ success: false, error: `${key}: expected an ISO 8601 date` }));
    }
    range[key] = value;
  }
  const pages = exportPages(db, range);
  // The first page is read before the status is sent: a database failure is still a clean 500.
  const first = await pages.next();
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  if (req.method === 'HEAD') return void res.end();
  try {
    for (let page = first; !page.done; page = await pages.next()) {
      if (!res.write(page.value)) await new Promise((resolve) => res.once('drain', resolve));
      if (res.destroyed) return;
    }
    res.end();
  } catch (err) {
    // Half sent: the only honest signal left is a broken stream, not a truncated 200.
    console.error('collector: export failed half way:', err);
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
