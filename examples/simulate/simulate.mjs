#!/usr/bin/env node
/**
 * `npm run simulate`: drives the real SDK (the built package: createNudgeKit, lifecycle,
 * targeting, the manual clock of nudgekit/testing, the memory store) for N synthetic customers
 * and sends their events to a collector over HTTP, so the dashboard has a population to show:
 * an experiment with a known true effect per variant, a 20% holdout, silences and returns.
 *
 *   npm run simulate -- --customers 2000 --seed 7 --effect a=0.1,b=0.3
 *   npm run simulate -- --lose b=0.15          # lose 15% of arm b's exposures on their way (an SRM)
 *   npm run simulate -- --endpoint http://127.0.0.1:4400/v1/batch --write-key demo-write-key
 *
 * Without --endpoint it starts a collector of its own on a free port (PGlite in DATA_DIR or a
 * temporary folder) and keeps it running so you can open the dashboard; Ctrl-C stops it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createRandom } from './random.mjs';
import { liveCustomer, fetchTransport } from './customer.mjs';
import { VARIANT_RULE, SINGLE_RULE, WELCOME_BACK, variantsSupported } from './rules.mjs';

const DAY = 86_400_000;

/**
 * @typedef {object} SimulationOptions
 * @property {string} endpoint the collector's batch URL
 * @property {string} writeKey
 * @property {number} [customers] default 500
 * @property {number} [seed] default 1
 * @property {number} [days] how long the simulated history is, default 56
 * @property {number} [baseRate] the holdout's chance of buying within the goal window, default 0.1
 * @property {Record<string, number>} [effect] relative conversion uplift per arm, default `{ a: 0.1, b: 0.3 }`
 * @property {{ arm: string, share: number }} [lose] drop this share of the arm's exposures on their way
 * @property {number} [end] the end of the history (epoch ms), default now
 * @property {number} [concurrency] customers simulated at once, default 8
 * @property {(done: number) => void} [onProgress]
 */

/**
 * @typedef {object} SimulationResult
 * @property {'variants' | 'single'} mode `single` when the SDK refuses rules with variants (arms `default` and `holdout`)
 * @property {Record<string, { exposed: number, converted: number }>} arms as the simulation saw them (before any loss)
 * @property {number} events events the customers' SDKs tracked
 * @property {number} lost exposures dropped on their way
 * @property {number} unsent events still queued when a customer's client shut down (should be 0)
 */

/**
 * Runs the simulation.
 *
 * @example
 * ```js
 * const result = await simulate({ endpoint: collector.endpoint, writeKey: 'wk', customers: 1000, seed: 3, effect: { a: 0, b: 0.5 } });
 * result.arms; // { holdout: { exposed: 198, converted: 21 }, a: { ... }, b: { ... } }
 * ```
 * @param {SimulationOptions} options
 * @returns {Promise<SimulationResult>}
 */
export async function simulate(options) {
  const { customers = 500, seed = 1, days = 56, baseRate = 0.1, effect = { a: 0.1, b: 0.3 }, concurrency = 8 } = options;
  const end = options.end ?? Date.now();
  const mode = variantsSupported() ? 'variants' : 'single';
  const rules = [mode === 'variants' ? VARIANT_RULE : SINGLE_RULE, WELCOME_BACK];
  const lossRandom = createRandom(seed ^ 0x5eed);
  let lost = 0;
  /** @type {import('nudgekit').Transport | undefined} */
  const transport = options.lose ? lossyTransport(options.lose, lossRandom, () => lost++) : undefined;
  /** @type {Record<string, { exposed: number, converted: number }>} */
  const arms = {};
  let events = 0;
  let unsent = 0;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < customers) {
      const index = next++;
      // One random stream per customer: the population does not depend on the concurrency.
      const random = createRandom(seed * 1_000_003 + index);
      // Arrive early enough that a window after a first visit fits in the history.
      const start = end - days * DAY + Math.floor(random.next() * (days - 8) * DAY);
      const outcome = await liveCustomer({ endpoint: options.endpoint, writeKey: options.writeKey, rules, random, start, end, baseRate, effect, ...(transport ? { transport } : {}) });
      events += outcome.events;
      unsent += outcome.unsent;
      if (outcome.arm) {
        const arm = (arms[outcome.arm] ??= { exposed: 0, converted: 0 });
        arm.exposed++;
        if (outcome.converted) arm.converted++;
      }
      options.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { mode, arms, events, lost, unsent };
}

/**
 * A transport that loses a share of one arm's exposures, then posts the rest: what
 * an ad blocker or a failing renderer that logs only on success does to one arm.
 *
 * @param {{ arm: string, share: number }} lose
 * @param {import('./random.mjs').Random} random
 * @param {() => void} onLost
 * @returns {import('nudgekit').Transport}
 */
function lossyTransport(lose, random, onLost) {
  return async (request) => {
    const body = JSON.parse(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body));
    body.batch = body.batch.filter((/** @type {{ event?: string, properties?: { variant?: unknown } }} */ event) => {
      const drop = event.event === 'nudge_exposure' && event.properties?.variant === lose.arm && random.chance(lose.share);
      if (drop) onLost();
      return !drop;
    });
    return fetchTransport({ ...request, body: JSON.stringify(body) });
  };
}

/**
 * `a=0.1,b=0.3` to `{ a: 0.1, b: 0.3 }`.
 *
 * @param {string} text
 * @returns {Record<string, number>}
 */
function readPairs(text) {
  return Object.fromEntries(text.split(',').map((pair) => {
    const [key, value] = pair.split('=');
    if (!key || !Number.isFinite(Number(value))) throw new TypeError(`expected id=number, got "${pair}"`);
    return [key.trim(), Number(value)];
  }));
}

async function main() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '500' }, seed: { type: 'string', default: '1' }, days: { type: 'string', default: '56' },
      effect: { type: 'string', default: 'a=0.1,b=0.3' }, 'base-rate': { type: 'string', default: '0.1' }, lose: { type: 'string' },
      endpoint: { type: 'string' }, 'write-key': { type: 'string', default: process.env.WRITE_KEY || 'demo-write-key' },
    },
  });
  const lose = values.lose ? Object.entries(readPairs(values.lose)).map(([arm, share]) => ({ arm, share }))[0] : undefined;
  let collector;
  if (!values.endpoint) {
    const { startCollector } = await import('../collector/server.mjs');
    const dataDir = process.env.DATA_DIR || (await mkdtemp(join(tmpdir(), 'nudgekit-simulate-')));
    collector = await startCollector({ writeKey: values['write-key'], port: Number(process.env.PORT ?? 0), dataDir });
    console.log(`collector on ${collector.url} (PGlite in ${dataDir})`);
  }
  const customers = Number(values.customers);
  const started = Date.now();
  const result = await simulate({
    endpoint: values.endpoint ?? /** @type {{ endpoint: string }} */ (collector).endpoint,
    writeKey: values['write-key'],
    customers, seed: Number(values.seed), days: Number(values.days), baseRate: Number(values['base-rate']),
    effect: readPairs(values.effect), ...(lose ? { lose } : {}),
    onProgress: (done) => { if (done % 100 === 0 || done === customers) process.stdout.write(`\r${done}/${customers} customers`); },
  });
  console.log(`\n${result.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s; experiment mode: ${result.mode}; exposures lost on the way: ${result.lost}; unsent: ${result.unsent}`);
  for (const [arm, { exposed, converted }] of Object.entries(result.arms)) console.log(`  ${arm}: ${exposed} exposed, ${converted} converted`);
  if (collector) {
    console.log(`dashboard: ${collector.url}/   (Ctrl-C stops the collector)`);
    const stop = () => collector.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`simulate: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
