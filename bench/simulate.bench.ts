/**
 * Simulator benchmark: 1,000,000 generated events of 10,000 users (the collector's export
 * order, written to an NDJSON file first) replayed through a realistic rule set: the example
 * rules (a stage change, inactivity with an audience, an event trigger with an audience, a
 * milestone) plus an event trigger with `where` and a per-day cap and a holdout. Reported:
 * events per second replayed (goal ≥ 200,000 on one core), end to end from the file (parsing
 * included) and the replay alone (the file read and parsed without replaying, subtracted);
 * both by wall clock and by the process's CPU time, since the machine may be shared; and the
 * most heap used while replaying, sampled, against the heap after the same run with a tenth of
 * the users (memory follows concurrent users, not events). Run with `node bench/run.mjs simulate`.
 */
import { createReadStream, createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator, readNdjsonBatches } from '../src/entries/simulate';
import { history } from '../test/simulate/history';
import type { BenchReport } from './report';

const EVENTS_PER_USER = 100;
const USERS = 10_000;
const here = join(process.cwd());
const nudge = { type: 'toast', body: 'Hi' };
const example = JSON.parse(readFileSync(join(here, '../examples/rules/rules.json'), 'utf8')) as { rules: unknown[] };
const RULES = [
  ...example.rules,
  { id: 'big-cart', trigger: { event: 'add_to_cart', where: { price: { $gte: 100 } } }, cap: { perDay: 1 }, nudge },
  { id: 'first-buy', trigger: { event: 'purchase' }, holdout: 0.3, cap: { lifetime: 1 }, nudge },
];

// The example rules' audience reads `computed.cartItems`, as in the demo app.
const LIFECYCLE = {
  computed: {
    cartItems: { on: ['add_to_cart', 'purchase'], initial: 0, reduce: (value: unknown, event: { type: string; event?: string }) => (event.type === 'track' && event.event === 'purchase' ? 0 : Number(value) + 1) },
  },
};

async function writeHistory(path: string, users: number): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  let chunk: string[] = [];
  for (const e of history({ users, perUser: EVENTS_PER_USER, seed: 42 })) {
    chunk.push(JSON.stringify(e));
    if (++n % 5000 === 0) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  out.end(chunk.length ? `${chunk.join('\n')}\n` : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
  return n;
}

interface Run {
  wallMs: number;
  cpuMs: number;
  events: number;
  peakHeap: number;
}

async function pass(path: string, replay: boolean): Promise<Run> {
  globalThis.gc?.();
  const sim = createSimulator({ rules: RULES, lifecycle: LIFECYCLE });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let events = 0;
  let peakHeap = 0;
  for await (const batch of readNdjsonBatches(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    for (const { value } of batch) {
      if (replay) sim.push(value);
      if ((++events & 8191) === 0) {
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        await new Promise<void>((r) => setImmediate(r));
      }
    }
  }
  if (replay) sim.end();
  const cpu = process.cpuUsage(c0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, events, peakHeap };
}

export default async function run(): Promise<BenchReport> {
  const dir = join(here, '.tmp');
  mkdirSync(dir, { recursive: true });
  const big = join(dir, 'simulate-1m.ndjson');
  const small = join(dir, 'simulate-100k.ndjson');
  const total = await writeHistory(big, USERS);
  await writeHistory(small, USERS / 10);

  await pass(small, true); // warm-up
  const best = (runs: Run[], key: 'wallMs' | 'cpuMs') => Math.min(...runs.map((r) => r[key]));
  const parseRuns: Run[] = [];
  const replayRuns: Run[] = [];
  for (let i = 0; i < 3; i++) {
    parseRuns.push(await pass(big, false));
    replayRuns.push(await pass(big, true));
  }
  const smallRun = await pass(small, true);
  const rate = (ms: number) => (total * 1000) / ms;
  const e2eWall = rate(best(replayRuns, 'wallMs'));
  const e2eCpu = rate(best(replayRuns, 'cpuMs'));
  const replayWall = rate(best(replayRuns, 'wallMs') - best(parseRuns, 'wallMs'));
  const replayCpu = rate(best(replayRuns, 'cpuMs') - best(parseRuns, 'cpuMs'));
  const peak = Math.max(...replayRuns.map((r) => r.peakHeap));
  const sample = createSimulator({ rules: RULES, lifecycle: LIFECYCLE });
  for await (const batch of readNdjsonBatches(createReadStream(small))) for (const { value } of batch) sample.push(value);
  const report = sample.end();
  return {
    title: `Simulator: ${total.toLocaleString('en-US')} events of ${USERS.toLocaleString('en-US')} users, ${RULES.length} rules`,
    rows: [
      { metric: 'replayed, end to end from NDJSON (CPU time)', value: e2eCpu, unit: 'events/s', goal: '≥ 200,000', pass: e2eCpu >= 200_000 },
      { metric: 'replayed, end to end from NDJSON (wall clock)', value: e2eWall, unit: 'events/s' },
      { metric: 'replay alone, parsing subtracted (CPU time)', value: replayCpu, unit: 'events/s', goal: '≥ 200,000', pass: replayCpu >= 200_000 },
      { metric: 'replay alone, parsing subtracted (wall clock)', value: replayWall, unit: 'events/s' },
      { metric: 'peak heap while replaying 1M events, 10,000 users', value: peak / 1e6, unit: 'MB' },
      { metric: 'peak heap while replaying 100k events, 1,000 users', value: smallRun.peakHeap / 1e6, unit: 'MB' },
    ],
    extra: {
      events: total,
      users: USERS,
      parseRuns,
      replayRuns,
      nudgesShownPer100kEvents: report.rules.reduce((sum, r) => sum + r.shown.times, 0),
    },
  };
}
