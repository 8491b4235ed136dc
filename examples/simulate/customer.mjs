/**
 * One simulated customer's life, through the real SDK on a manual clock: arrival, visits with
 * product views, carts and purchases, long silences and returns. The SDK decides what a rule
 * does (arm, exposure, nudge); the customer only reacts, and reaches the experiment's goal with
 * a known probability per arm, so the true effect is known.
 *
 * The customer's device is offline until the end of their life (its transport fails, so the
 * SDK keeps every event queued and retries), then delivers everything: the clock then stands
 * at the end of the simulation, which is the real present, so the collector's clock-skew
 * correction (receivedAt − sentAt + timestamp) leaves the simulated times as they are. Sent
 * during the simulated life, a batch's sentAt would be weeks before it was received.
 */
import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
import { targeting } from 'nudgekit/rules';
import { createManualClock } from 'nudgekit/testing';
import { EXPERIMENT_ID, GOAL } from './rules.mjs';
import { createRandom } from './random.mjs';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * Posts a request with fetch, as the SDK's own transport does in Node.
 *
 * @type {import('nudgekit').Transport}
 */
export async function fetchTransport(request) {
  const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: /** @type {BodyInit} */ (request.body), ...(request.signal ? { signal: request.signal } : {}) });
  await response.arrayBuffer();
  return { status: response.status };
}

/**
 * @typedef {object} CustomerOptions
 * @property {string} endpoint
 * @property {string} writeKey
 * @property {unknown[]} rules
 * @property {import('./random.mjs').Random} random
 * @property {number} start when the customer arrives (epoch ms)
 * @property {number} end the end of the simulation (epoch ms)
 * @property {number} baseRate the holdout's chance of buying within the goal window after exposure
 * @property {Record<string, number>} effect relative uplift per arm, e.g. `{ a: 0.1, b: 0.3 }`
 * @property {import('nudgekit').Transport} [transport] sends a request once online; default fetch
 */

/**
 * Lives one customer's life and delivers their events. Resolves with the arm the SDK exposed
 * them in (or null), whether they converted within the window, the events tracked and any
 * left unsent.
 *
 * @example
 * ```js
 * const outcome = await liveCustomer({ endpoint, writeKey, rules, random, start, end, baseRate: 0.1, effect: { b: 0.3 } });
 * ```
 * @param {CustomerOptions} options
 * @returns {Promise<{ arm: string | null, converted: boolean, events: number, unsent: number }>}
 */
export async function liveCustomer(options) {
  const { random, end, effect, baseRate } = options;
  // Three streams, split off before anything depends on the arm. Reactions to nudges draw only
  // in the arms that show one; drawn from the visit stream they would shift every later visit
  // and the planted outcome by arm, which is a fixed bias for a given seed, not noise. The
  // outcome's uniform is drawn once per customer, so in arms with the same effect (a and the
  // holdout when a's effect is 0) a customer converts in both or in neither: the true lift is
  // exactly the planted one and only the SDK's assignment adds noise.
  const reactions = createRandom(Math.floor(random.next() * 2 ** 32));
  const fate = createRandom(Math.floor(random.next() * 2 ** 32));
  const outcome = { draw: fate.next(), delay: fate.next() };
  const clock = createManualClock(options.start);
  const send = options.transport ?? fetchTransport;
  let online = false;
  const nk = createNudgeKit({
    endpoint: options.endpoint,
    writeKey: options.writeKey,
    store: 'memory',
    clock,
    batch: { maxEvents: 1000, intervalMs: YEAR },
    // Offline retries every few seconds would run thousands of times per simulated day.
    retry: { baseMs: 7 * DAY, maxMs: 60 * DAY },
    // Offline until the end of the life (see the file comment): the SDK keeps and retries.
    transport: (request) => (online ? send(request) : Promise.reject(new Error('offline'))),
    onError: (error) => {
      if (online || error.code !== 'delivery_failed') console.warn(`simulate: ${error.code}: ${error.message}`);
    },
    features: [
      lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
      targeting({ rules: /** @type {never} */ (options.rules) }),
    ],
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  /** @type {{ arm: string, at: number } | undefined} */
  let exposure;
  let events = 0;
  nk.on('event', (event) => {
    events++;
    if (exposure || event.type !== 'track') return;
    const properties = /** @type {Record<string, unknown>} */ (event.properties ?? {});
    if (properties.ruleId !== EXPERIMENT_ID) return;
    // The SDK's exposure (variants); an SDK without it: the holdout event, or the nudge itself.
    if (event.event === 'nudge_exposure') exposure = { arm: String(properties.variant), at: clock.now() };
    else if (event.event === 'nudge_held_out') exposure = { arm: 'holdout', at: clock.now() };
    else if (event.event === 'nudge_shown' || event.event === 'nudge_dropped') exposure = { arm: String(properties.variant ?? 'default'), at: clock.now() };
  });
  // Headless: the customer sees every nudge; a third click it, the others close it.
  nk.on('nudge', (nudge) => {
    nudge.shown();
    if (reactions.chance(0.3)) nudge.click('primary');
    else nudge.dismiss(reactions.chance(0.5) ? 'close' : 'escape');
  });

  const spend = () => Math.round(random.between(20, 80) * 100) / 100;
  let converted = false;
  /** @type {{ until: number, buyAt: number | null } | undefined} */
  let window;
  // Started (and the first send attempt, with an empty queue, done) before the first event:
  // a failed attempt would back off past the end of the life, and flush() respects a backoff.
  await nk.ready();
  await settle();
  let at = options.start;
  while (at < end) {
    clock.set(at);
    nk.page('Home');
    await settle();
    for (let view = 0, views = 1 + Math.floor(random.next() * 4); view < views; view++) {
      clock.advance(30_000 + Math.floor(random.next() * 90_000));
      nk.track('product_viewed', { sku: `SKU-${Math.floor(random.next() * 40)}` });
      await settle();
      if (exposure && !window) {
        // The planted effect: decided once, at the exposure, from the arm the SDK chose.
        const p = Math.min(1, baseRate * (1 + (effect[exposure.arm] ?? 0)));
        const buyAt = outcome.draw < p ? exposure.at + HOUR + Math.floor(outcome.delay * (GOAL.withinMs - 2 * HOUR)) : null;
        window = { until: exposure.at + GOAL.withinMs, buyAt };
      }
    }
    // Outside an experiment's window, customers buy on their own; inside it, only as planted.
    const inWindow = window !== undefined && clock.now() <= window.until;
    if (random.chance(0.25)) nk.track('add_to_cart', { sku: 'SKU-1' });
    if (!inWindow && random.chance(0.12)) nk.track('purchase', { revenue: spend() });
    await settle();
    const gap = random.chance(0.12) ? random.between(20, 45) * DAY : random.exponential(3 * DAY) + HOUR;
    let next = clock.now() + gap;
    if (window?.buyAt != null && window.buyAt > clock.now() && window.buyAt <= next) {
      // The planted purchase: a visit of its own, inside the window.
      clock.set(window.buyAt);
      nk.page('Checkout');
      nk.track('purchase', { revenue: spend() });
      converted = true;
      await settle();
      next = Math.max(next, clock.now() + HOUR);
    }
    at = next;
  }
  clock.set(end);
  online = true;
  await nk.flush();
  // Never lose an event silently: what is still queued now will not reach the collector.
  const unsent = nk.stats().queued;
  await nk.shutdown();
  return { arm: exposure?.arm ?? null, converted, events, unsent };
}
