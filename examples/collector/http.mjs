/**
 * Small HTTP helpers for the collector: CORS, JSON replies and write-key checks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The CORS headers for a request. `corsOrigin` is `'*'`, one origin, or a list; with a
 * list the request's own origin is echoed when it is on it, and caches vary on Origin.
 * The browser SDK sends `Authorization` (Basic write key) and may gzip, so both headers
 * are allowed; sendBeacon sends neither and authenticates with the body's writeKey.
 *
 * @example
 * ```js
 * for (const [name, value] of Object.entries(corsHeaders(req, '*'))) res.setHeader(name, value);
 * ```
 * @param {import('node:http').IncomingMessage} req
 * @param {string | string[]} corsOrigin
 * @returns {Record<string, string>}
 */
export function corsHeaders(req, corsOrigin) {
  /** @type {Record<string, string>} */
  const headers = {
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'authorization, content-type, content-encoding',
    'Access-Control-Max-Age': '600',
  };
  if (corsOrigin === '*') {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    const allowed = Array.isArray(corsOrigin) ? corsOrigin : [corsOrigin];
    const origin = req.headers.origin;
    if (origin && allowed.includes(origin)) headers['Access-Control-Allow-Origin'] = origin;
    headers.Vary = 'Origin';
  }
  return headers;
}

/**
 * Sends a JSON reply. Never cached: every answer reflects the database at that moment.
 *
 * @example
 * ```js
 * sendJson(res, 400, { success: false, error: 'batch: expected an array of events' });
 * ```
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/**
 * Compares two secrets in constant time (hashing first makes the lengths equal).
 *
 * @param {string} given
 * @param {string} expected
 * @returns {boolean}
 */
export function sameSecret(given, expected) {
  const digest = (/** @type {string} */ s) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The write key of an `Authorization: Basic base64(writeKey:)` header, as Segment's
 * libraries send it; `undefined` when there is no header, `null` when it is not Basic.
 *
 * @example
 * ```js
 * basicUser('Basic ' + btoa('wk_123:')); // 'wk_123'
 * ```
 * @param {string | undefined} header
 * @returns {string | null | undefined}
 */
export function basicUser(header) {
  if (header === undefined) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}
