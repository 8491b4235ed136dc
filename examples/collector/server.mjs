#!/usr/bin/env node
/**
 * The reference collector: receives NudgeKit batches in Segment's format, stores them in
 * PGlite (on disk) or PostgreSQL, and shows counts. An example backend, not part of the
 * published package. Run it with `node examples/collector/server.mjs`; see docs/collector.md.
 */
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from './db.mjs';
import { migrate } from './schema.mjs';
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_BATCH_EVENTS } from './validate.mjs';
import { route } from './router.mjs';
import { corsHeaders, sendJson } from './http.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** How long close() waits for requests in flight before cutting their connections. */
const CLOSE_GRACE_MS = 10_000;

/** Where PGlite keeps its files unless told otherwise. */
export const DEFAULT_DATA_DIR = resolve(HERE, 'data');
/** The rule document served at `GET /v1/rules`. */
export const DEFAULT_RULES_PATH = resolve(HERE, '../rules/rules.json');

/**
 * @typedef {object} CollectorOptions
 * @property {string} writeKey the key clients must present (Basic user or body `writeKey`)
 * @property {number} [port] 0 picks a free port
 * @property {string} [host] defaults to 127.0.0.1
 * @property {string} [dataDir] PGlite's folder; ignored when `databaseUrl` is set
 * @property {string} [databaseUrl] a PostgreSQL connection string; PGlite when absent
 * @property {number} [maxBodyBytes] largest body (after gzip) accepted, default 512 KiB
 * @property {number} [maxEventBytes] largest single event, default 32 KiB
 * @property {number} [maxBatchEvents] most events in one batch, default 2000 (more: 413)
 * @property {string | string[]} [corsOrigin] default `*`
 * @property {string} [rulesPath] the JSON file served at `GET /v1/rules`
 */

/**
 * @typedef {object} Collector
 * @property {string} url e.g. `http://127.0.0.1:54321`
 * @property {string} endpoint the batch URL to give NudgeKit: `${url}/v1/batch`
 * @property {number} port
 * @property {import('./db.mjs').Database} db
 * @property {() => Promise<void>} close stops accepting, lets batches in flight commit, closes the database
 */

/**
 * Starts a collector.
 *
 * @example
 * ```js
 * const collector = await startCollector({ writeKey: 'wk_demo', dataDir: '/tmp/nk-data' });
 * createNudgeKit({ endpoint: collector.endpoint, writeKey: 'wk_demo' });
 * // ...
 * await collector.close();
 * ```
 * @param {CollectorOptions} options
 * @returns {Promise<Collector>}
 */
export async function startCollector(options) {
  const {
    port = 0,
    host = '127.0.0.1',
    writeKey,
    dataDir = DEFAULT_DATA_DIR,
    databaseUrl,
    maxBodyBytes = 512 * 1024,
    maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
    maxBatchEvents = DEFAULT_MAX_BATCH_EVENTS,
    corsOrigin = '*',
    rulesPath = DEFAULT_RULES_PATH,
  } = options;
  if (typeof writeKey !== 'string' || writeKey === '') throw new TypeError('writeKey: expected a non-empty string');
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new TypeError('maxBodyBytes: expected a positive integer');
  if (!Number.isInteger(maxBatchEvents) || maxBatchEvents <= 0) throw new TypeError('maxBatchEvents: expected a positive integer');

  const db = await openDatabase({ dataDir, databaseUrl });
  await migrate(db);

  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();
  let closing = false;

  /** @type {import('./router.mjs').Context} */
  const context = { db, writeKey, maxBodyBytes, maxEventBytes, maxBatchEvents, rulesPath };

  const server = createServer((req, res) => {
    const cors = corsHeaders(req, corsOrigin);
    for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
    if (closing) {
      sendJson(res, 503, { success: false, error: 'the collector is shutting down; retry' }, { 'Retry-After': '1', Connection: 'close' });
      return;
    }
    const handled = route(req, res, context).catch((/** @type {unknown} */ err) => {
      // Anything unexpected (the database went away, a bug) is a 500, which clients retry.
      console.error('collector: request failed:', err);
      if (!res.headersSent) sendJson(res, 500, { success: false, error: 'internal error; retry later' });
      else res.destroy();
    });
    inFlight.add(handled);
    handled.finally(() => inFlight.delete(handled));
  });
  try {
    await new Promise((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen(port, host, () => resolveListen(undefined));
    });
  } catch (err) {
    await db.close(); // e.g. the port is taken: do not leave PGlite's folder open
    throw err;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  /** @type {Promise<void> | undefined} */
  let closed;
  return {
    url,
    endpoint: `${url}/v1/batch`,
    port: address.port,
    db,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise((done) => server.close(() => done(undefined)));
        server.closeIdleConnections();
        // A batch being written finishes and is answered: its client must learn it was stored.
        // A client still uploading after the grace period is cut off; it will send again.
        await Promise.race([Promise.allSettled([...inFlight]), delay(CLOSE_GRACE_MS)]);
        server.closeAllConnections();
        await stopped;
        await db.close();
      })();
      return closed;
    },
  };
}

/**
 * @param {number} ms
 * @returns {Promise<void>}
 */
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `node examples/collector/server.mjs`: configured by the environment, stopped by Ctrl-C. */
async function main() {
  const writeKey = process.env.WRITE_KEY || 'demo-write-key';
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const collector = await startCollector({
    port: Number(process.env.PORT ?? 4400),
    host: process.env.HOST || '127.0.0.1',
    writeKey,
    dataDir: process.env.DATA_DIR || DEFAULT_DATA_DIR,
    databaseUrl,
    ...(process.env.MAX_BODY_BYTES ? { maxBodyBytes: Number(process.env.MAX_BODY_BYTES) } : {}),
    ...(process.env.MAX_BATCH_EVENTS ? { maxBatchEvents: Number(process.env.MAX_BATCH_EVENTS) } : {}),
  });
  const where = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${process.env.DATA_DIR || DEFAULT_DATA_DIR}`;
  console.log(`NudgeKit collector listening on ${collector.url}`);
  console.log(`  batches: POST ${collector.endpoint}  (write key: ${writeKey})`);
  console.log(`  stats:   ${collector.url}/  and  ${collector.url}/v1/stats`);
  console.log(`  storage: ${where}`);
  const stop = () => {
    collector.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`collector: could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
