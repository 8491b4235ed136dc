/**
 * `/simulate` on the demo's page server: the "Simulate customers" button. POST runs the
 * population simulator (examples/simulate) in this process against the demo's own collector,
 * once at a time, and answers with its result; GET tells the page how far a run is. The
 * simulator drives the built package (dist/*.mjs), so it is imported only when asked for.
 */
import { send } from './static-server.mjs';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * @typedef {object} SimulateRouteOptions
 * @property {string} endpoint the collector's batch URL
 * @property {string} writeKey
 * @property {number} [customers] per run, default 300 (a few seconds)
 */

/**
 * The route's handler, for `startStaticServer({ routes: { '/simulate': simulateRoute(...) } })`.
 *
 * @example
 * ```js
 * const routes = { '/simulate': simulateRoute({ endpoint: collector.endpoint, writeKey }) };
 * ```
 * @param {SimulateRouteOptions} options
 * @returns {import('./static-server.mjs').Route}
 */
export function simulateRoute({ endpoint, writeKey, customers = 300 }) {
  let running = false;
  let done = 0;
  /** @type {unknown} */
  let last = null;
  // A new population per run (a new seed): the same seed would resend the same events, which
  // the collector de-duplicates, so a second click would add nothing.
  let seed = Date.now() % 1_000_000;

  return async (req, res, headers) => {
    const reply = (/** @type {number} */ status, /** @type {unknown} */ body) => send(res, status, headers, JSON_TYPE, JSON.stringify(body));
    if (req.method === 'GET') return reply(200, { running, done, customers, last });
    if (req.method !== 'POST') return void res.writeHead(405, { ...headers, Allow: 'GET, POST' }).end();
    // A JSON content type makes a cross-site POST need a preflight, which this server never
    // grants: another site open in the browser cannot start runs.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return reply(415, { error: 'send Content-Type: application/json' });
    req.resume();
    if (running) return reply(409, { error: 'a simulation is already running' });
    running = true;
    done = 0;
    const began = performance.now();
    try {
      let simulate;
      try {
        ({ simulate } = await import('../simulate/simulate.mjs'));
      } catch (err) {
        console.error('demo: cannot load the simulator', err);
        return reply(503, { error: 'The simulator runs the built package: run `npm run build`, then try again.' });
      }
      const result = await simulate({ endpoint, writeKey, customers, seed: ++seed, onProgress: (n) => (done = n) });
      last = { customers, seconds: Math.round((performance.now() - began) / 100) / 10, ...result };
      return reply(200, last);
    } catch (err) {
      console.error('demo: the simulation failed', err);
      return reply(500, { error: `The simulation failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      running = false;
    }
  };
}
