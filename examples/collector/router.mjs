/**
 * The collector's endpoints. Each handler answers exactly once; the server turns a
 * thrown error into a 500.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { readBody } from './body.mjs';
import { checkBatchBody } from './validate.mjs';
import { storeBatch } from './store.mjs';
import { readStats, readEvents } from './stats.mjs';
import { readExperiments } from './experiments.mjs';
import { readOverview } from './overview.mjs';
import { renderDashboard, PAGE_CSP } from './page.mjs';
import { sendJson, sameSecret, basicUser } from './http.mjs';
import { exportEvents } from './export.mjs';
import { whatIfForm, whatIfRun } from './what-if.mjs';

/**
 * @typedef {object} Context
 * @property {import('./db.mjs').Database} db
 * @property {string} writeKey
 * @property {number} maxBodyBytes
 * @property {number} maxEventBytes
 * @property {number} maxBatchEvents
 * @property {string} rulesPath
 */

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */
/** @typedef {(req: Request, res: Response, context: Context, url: URL) => Promise<void>} Handler */

const MAX_EVENTS_LIMIT = 1000;

/**
 * Dispatches one request.
 *
 * @example
 * ```js
 * createServer((req, res) => { route(req, res, context).catch(fail) });
 * ```
 * @param {Request} req
 * @param {Response} res
 * @param {Context} context
 * @returns {Promise<void>}
 */
export async function route(req, res, context) {
  const url = new URL(req.url ?? '/', 'http://collector.invalid');
  const methods = ROUTES.get(url.pathname);
  if (!methods) return sendJson(res, 404, { success: false, error: `no endpoint at ${url.pathname}` });
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Content-Length': '0' });
    return void res.end();
  }
  // HEAD is served as GET; Node leaves the body out.
  const handler = methods[req.method === 'HEAD' ? 'GET' : (req.method ?? '')];
  if (!handler) {
    return sendJson(res, 405, { success: false, error: `${req.method} is not allowed here` }, { Allow: `${Object.keys(methods).join(', ')}, OPTIONS` });
  }
  return handler(req, res, context, url);
}

/** @type {Handler} */
async function receiveBatch(req, res, { db, writeKey, maxBodyBytes, maxEventBytes, maxBatchEvents }) {
  // A header key is checked before the body is read: a wrong key costs us nothing.
  const headerKey = basicUser(req.headers.authorization);
  if (headerKey !== undefined && (headerKey === null || !sameSecret(headerKey, writeKey))) {
    return unauthorized(res, 'invalid write key in the Authorization header');
  }
  const body = await readBody(req, maxBodyBytes);
  if (!body.ok) return sendJson(res, body.status, { success: false, error: body.error }, body.status === 413 ? { Connection: 'close' } : {});
  /** @type {unknown} */
  let parsed;
  try {
    parsed = JSON.parse(body.text);
  } catch (err) {
    return sendJson(res, 400, { success: false, error: `malformed JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  // sendBeacon cannot set headers, so a beacon authenticates with the body's writeKey.
  if (headerKey === undefined) {
    const bodyKey = typeof parsed === 'object' && parsed !== null ? /** @type {{ writeKey?: unknown }} */ (parsed).writeKey : undefined;
    if (typeof bodyKey !== 'string') return unauthorized(res, 'missing write key: send Basic auth or "writeKey" in the body');
    if (!sameSecret(bodyKey, writeKey)) return unauthorized(res, 'invalid write key in the body');
  }
  const problem = checkBatchBody(parsed);
  if (problem) return sendJson(res, 400, { success: false, error: problem });
  const batch = /** @type {{ batch: unknown[], sentAt?: unknown }} */ (parsed);
  // 413, as for a body over the limit: a client that splits such batches (NudgeKit does) gets in.
  if (batch.batch.length > maxBatchEvents) {
    return sendJson(res, 413, { success: false, error: `batch: ${batch.batch.length} events, over the limit of ${maxBatchEvents}; send smaller batches` });
  }
  const result = await storeBatch(db, {
    batch: batch.batch,
    sentAt: batch.sentAt,
    auth: headerKey === undefined ? 'body' : 'header',
    bytes: body.bytes,
    maxEventBytes,
  });
  // Only now, after COMMIT: a 200 means every accepted event is on disk.
  sendJson(res, 200, { success: true, ...result });
}

/** @type {Handler} */
async function stats(_req, res, { db }) {
  sendJson(res, 200, await readStats(db));
}

/** @type {Handler} */
async function experiments(_req, res, { db }) {
  sendJson(res, 200, { experiments: await readExperiments(db) });
}

/** @type {Handler} */
async function events(_req, res, { db }, url) {
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENTS_LIMIT) {
    return sendJson(res, 400, { success: false, error: `limit: expected an integer from 1 to ${MAX_EVENTS_LIMIT}` });
  }
  const order = url.searchParams.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return sendJson(res, 400, { success: false, error: 'order: expected asc or desc' });
  const found = await readEvents(db, {
    limit,
    order,
    anonymousId: url.searchParams.get('anonymousId') ?? undefined,
    userId: url.searchParams.get('userId') ?? undefined,
    event: url.searchParams.get('event') ?? undefined,
  });
  sendJson(res, 200, { count: found.length, events: found });
}

/** @type {Handler} */
async function rules(req, res, { rulesPath }) {
  let text;
  try {
    text = await readFile(rulesPath, 'utf8');
    JSON.parse(text); // a broken file is one clear 500 here, not a confusing error in every client
  } catch (err) {
    console.error(`collector: cannot serve ${rulesPath}:`, err);
    return sendJson(res, 500, { success: false, error: 'the rule document cannot be read' });
  }
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 22)}"`;
  // no-cache, not no-store: clients revalidate every time and get a cheap 304 when nothing changed.
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** @type {Handler} */
async function health(_req, res, { db }) {
  try {
    await db.query('SELECT 1');
    sendJson(res, 200, { ok: true, database: db.kind });
  } catch (err) {
    sendJson(res, 503, { ok: false, database: db.kind, error: err instanceof Error ? err.message : String(err) });
  }
}

/** @type {Handler} */
async function page(_req, res, { db }) {
  const [stats, recent, overview, experiments] = await Promise.all([
    readStats(db),
    readEvents(db, { limit: 20 }),
    readOverview(db),
    // Without a build (nudgekit/analysis in dist/), the rest of the page still shows.
    readExperiments(db).catch((/** @type {unknown} */ err) => ({ error: err instanceof Error ? err.message : String(err) })),
  ]);
  const html = renderDashboard({ stats, recent, experiments, overview });
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

/**
 * @param {Response} res
 * @param {string} error
 */
function unauthorized(res, error) {
  // No WWW-Authenticate header: with it, a browser may pop up a login dialog over the host page.
  sendJson(res, 401, { success: false, error });
}

/** A Map, not an object: a path such as `/__proto__` must not find anything. */
/** @type {Map<string, Partial<Record<string, Handler>>>} */
const ROUTES = new Map([
  ['/', { GET: page }],
  ['/v1/batch', { POST: receiveBatch }],
  ['/v1/b', { POST: receiveBatch }],
  ['/v1/stats', { GET: stats }],
  ['/v1/events', { GET: events }],
  ['/v1/experiments', { GET: experiments }],
  ['/v1/rules', { GET: rules }],
  ['/health', { GET: health }],
  ['/v1/export', { GET: exportEvents }],
  ['/what-if', { GET: whatIfForm, POST: whatIfRun }],
]);
