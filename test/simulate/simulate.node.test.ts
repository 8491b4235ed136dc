/**
 * `npm run simulate` end to end: synthetic customers through the real SDK (createNudgeKit,
 * lifecycle, targeting, manual clock, memory store) to a real collector over HTTP.
 *
 * The experiment checks need rules with variants (issue #13, branch `variants`): until the SDK
 * accepts them they are skipped, and the first test runs the same population on a single
 * nudge with a holdout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { type Collector, ROOT, WRITE_KEY, freshDataDir, removeDir, startCollector, getJson } from '../collector/helpers';
import type { Experiment } from '../collector/population';
import { analyzeExperiment } from '../../src/entries/analysis';

interface SimulationResult {
  mode: 'variants' | 'single';
  arms: Record<string, { exposed: number; converted: number }>;
  events: number;
  lost: number;
  unsent: number;
}
type Simulate = (options: Record<string, unknown>) => Promise<SimulationResult>;
const { simulate } = (await import(pathToFileURL(resolve(ROOT, 'examples/simulate/simulate.mjs')).href)) as { simulate: Simulate };
const { variantsSupported } = (await import(pathToFileURL(resolve(ROOT, 'examples/simulate/rules.mjs')).href)) as { variantsSupported(): boolean };

const hasVariants = variantsSupported();

async function withCollector<T>(run: (collector: Collector) => Promise<T>): Promise<T> {
  const dataDir = await freshDataDir();
  const collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
  try {
    return await run(collector);
  } finally {
    await collector.close();
    await removeDir(dataDir);
  }
}

async function experiment(collector: Collector): Promise<Experiment> {
  const { json } = await getJson<{ experiments: Experiment[] }>(collector, '/v1/experiments');
  const found = json.experiments.find((e) => e.ruleId === 'first-purchase-offer');
  expect(found).toBeDefined();
  return found!;
}

describe('npm run simulate', () => {
  let collector: Collector;
  let dataDir: string;
  let result: SimulationResult;
  beforeAll(async () => {
    dataDir = await freshDataDir();
    collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
    result = await simulate({ endpoint: collector.endpoint, writeKey: WRITE_KEY, customers: 150, seed: 11, days: 56 });
  }, 120_000);
  afterAll(async () => {
    await collector?.close();
    await removeDir(dataDir);
  }, 60_000);

  it('delivers every event the customers tracked, once, spread over the simulated weeks', async () => {
    const { json: stats } = await getJson<{ total: number; devices: number; byDay: unknown[]; byEvent: { event: string; count: number }[]; stageChanges: { to: string }[] }>(collector, '/v1/stats');
    expect(result.unsent).toBe(0);
    expect(stats.total).toBe(result.events);
    expect(stats.devices).toBe(150);
    // Delivered at the end of each life with a matching sentAt: the days are the simulated ones.
    expect(stats.byDay.length).toBeGreaterThan(30);
    const names = new Set(stats.byEvent.map((e) => e.event));
    for (const name of ['product_viewed', 'add_to_cart', 'purchase', 'nudge_shown', 'nudge_clicked', 'nudge_dismissed']) expect(names).toContain(name);
    // Silences and returns: the welcome-back rule has something to do.
    expect(stats.stageChanges.some((change) => change.to === 'resurrected')).toBe(true);
  });

  it('assigns about a fifth of the exposed customers to the holdout (the SDK decides the arm)', () => {
    const exposed = Object.values(result.arms).reduce((sum, arm) => sum + arm.exposed, 0);
    expect(exposed).toBe(150); // every customer views a product on their first visit, while potential
    expect(result.arms.holdout!.exposed / exposed).toBeGreaterThan(0.1);
    expect(result.arms.holdout!.exposed / exposed).toBeLessThan(0.3);
    expect(Object.keys(result.arms).sort()).toEqual(result.mode === 'variants' ? ['a', 'b', 'holdout'] : ['default', 'holdout']);
  });
});

describe.skipIf(!hasVariants)('npm run simulate with variants a, b and a 20% holdout', () => {
  it('recovers the planted effect: weights 0.2 / 0.4 / 0.4, no SRM, the interval covers the true lift', async () => {
    await withCollector(async (collector) => {
      await simulate({ endpoint: collector.endpoint, writeKey: WRITE_KEY, customers: 1200, seed: 5, baseRate: 0.2, effect: { a: 0, b: 0.6 } });
      const report = await experiment(collector);
      expect(report.arms.map((arm) => [arm.id, arm.weight])).toEqual([['holdout', 0.2], ['a', 0.4], ['b', 0.4]]);
      expect(report.conversion.srm.mismatch).toBe(false);
      // The arms differ from run to run (anonymous ids are random, so the SDK's assignment is),
      // and a 95% interval misses the truth 1 time in 20 by design: the check uses the
      // collector's own per-arm counts at a 99.9% level, so a correct report fails it about once
      // in 500 runs. That holds only because each customer's outcome does not depend on the
      // stream position their arm leaves (see customer.mjs): before, seed 5's fixed population
      // carried a lift of about -10% for arm a, and CI failed on it.
      const strict = analyzeExperiment({ metric: 'proportion', alpha: 0.001, arms: report.arms.map((arm) => ({ id: arm.id, weight: arm.weight, users: arm.exposed, sum: arm.converters })) });
      const ci = (id: string) => (strict.arms.find((arm) => arm.id === id) as { ci?: [number, number] }).ci!;
      expect(report.conversion.arms.find((arm) => arm.id === 'b')!.ci).toHaveLength(2);
      expect(ci('b')[0]).toBeLessThan(0.6);
      expect(ci('b')[1]).toBeGreaterThan(0.6);
      expect(ci('a')[0]).toBeLessThan(0);
      expect(ci('a')[1]).toBeGreaterThan(0);
    });
  }, 300_000);

  // 30%, not 15%: at 1,200 customers a 15% loss of one arm gives p ≈ 0.03, not under 0.001 (the
  // collector's own test flags 15% at 6,000 users; simulating 6,000 here would take minutes).
  it('flags a sample-ratio mismatch when 30% of arm b exposures are lost on their way', async () => {
    await withCollector(async (collector) => {
      const result = await simulate({ endpoint: collector.endpoint, writeKey: WRITE_KEY, customers: 1200, seed: 6, effect: { a: 0, b: 0.6 }, lose: { arm: 'b', share: 0.3 } });
      expect(result.lost).toBeGreaterThan(100);
      const report = await experiment(collector);
      expect(report.conversion.srm.mismatch).toBe(true);
    });
  }, 300_000);
});
