/**
 * The cost of one `track()` through the whole client (normalise, enrich, profile,
 * lifecycle, rule engine, queue), with 200 rules loaded and 10 of them on the tracked
 * event's trigger: the call itself, and with the work it defers (persisting the queue,
 * batching, formatting and sending through a transport that accepts everything). Delivery is on (a transport that accepts everything) so events are
 * serialised and queued as in production; the store is memory.
 */
import { createNudgeKit, memoryStore, type RuleDefinition } from '../src/index';
import type { BenchReport } from './report';

function rules(): RuleDefinition[] {
  const out: RuleDefinition[] = [];
  for (let i = 0; i < 200; i++) {
    const onTracked = i % 20 === 0; // 10 of 200 listen to the tracked event
    out.push({
      id: `rule-${i}`,
      trigger: { event: onTracked ? 'add_to_cart' : `other_${i}` },
      when: { stage: { $in: ['potential', 'active', 'new'] }, 'properties.price': { $gt: 1000 + i }, tier: { $ne: 'high' } },
      nudge: { type: 'toast', title: `Rule ${i}` },
      cap: { perDay: 1 },
    });
  }
  return out;
}

export default async function run(): Promise<BenchReport> {
  const nk = createNudgeKit({
    store: memoryStore(),
    rules: rules(),
    endpoint: 'http://127.0.0.1:9/v1/batch',
    batch: { intervalMs: 3_600_000, maxEvents: 1_000_000, maxBytes: 1e12 },
    queue: { maxEvents: 10_000_000, maxBytes: 1e12 },
    transport: async () => ({ status: 200 }),
    onError: (e) => {
      throw e;
    },
  });
  await nk.ready();
  const properties = { sku: 'A-1', price: 20, currency: 'EUR', qty: 1 };
  // Timed: the synchronous call and the work it defers (coalesced persistence, batching),
  // in bursts of 100 events, as a busy page produces them.
  const rounds: number[] = [];
  const syncRounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const bursts = 100;
    const perBurst = 100;
    let inCall = 0;
    const start = performance.now();
    for (let b = 0; b < bursts; b++) {
      const burstStart = performance.now();
      for (let i = 0; i < perBurst; i++) nk.track('add_to_cart', properties);
      inCall += performance.now() - burstStart;
      await new Promise((resolve) => setImmediate(resolve));
    }
    rounds.push(((performance.now() - start) * 1000) / (bursts * perBurst));
    syncRounds.push((inCall * 1000) / (bursts * perBurst));
  }
  syncRounds.sort((a, b) => a - b);
  const syncMedian = syncRounds[Math.floor(syncRounds.length / 2)]!;
  await nk.shutdown();
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)]!;
  return {
    title: 'track() through the whole client, 200 rules loaded, 10 on the event',
    rows: [
      { metric: 'track() call itself: validate, enrich, profile, lifecycle, 10 rules (median)', value: syncMedian, unit: 'µs', goal: '≤ 5 µs', pass: syncMedian <= 5 },
      { metric: 'track() per event, deferred work included (median of 7 rounds of 10,000)', value: median, unit: 'µs' },
      { metric: 'track() per event, fastest round', value: rounds[0]!, unit: 'µs' },
    ],
  };
}
