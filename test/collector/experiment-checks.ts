/**
 * `GET /v1/experiments` on any engine: the exact join on a handful of scripted users (first
 * exposure, goal window, clock skew, revenue, reasons), and the statistics on a population
 * sent in Segment batches with a planted effect and, once, a planted sample-ratio mismatch.
 * Each check uses rule ids of its own, so the suite runs on a database that already holds events.
 */
import { expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { type Collector, post, trackEvent, getJson } from './helpers';
import { plantedPopulation, type Experiment } from './population';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function experiment(collector: Collector, ruleId: string): Promise<Experiment> {
  const { status, json } = await getJson<{ experiments: Experiment[] }>(collector, '/v1/experiments');
  expect(status).toBe(200);
  const found = json.experiments.filter((e) => e.ruleId === ruleId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

export function experimentChecks(getCollector: () => Collector): void {
  it('joins exposures and goal events per user: first exposure, strictly after, within the window, skew corrected', async () => {
    const collector = getCollector();
    const ruleId = `exact-${randomUUID()}`;
    const t0 = Date.UTC(2026, 10, 2, 12);
    const weights = { holdout: 0.2, a: 0.4, b: 0.4 };
    const goal = { event: `purchase-${ruleId}`, withinMs: 7 * DAY };
    const expose = (user: string, variant: string, at: number, extra: Record<string, unknown> = {}) =>
      trackEvent({ anonymousId: user, event: 'nudge_exposure', timestamp: iso(at), properties: { ruleId, variant, version: 3, weights, goal, ...extra } });
    const nudge = (user: string, event: string, variant: string, at: number, extra: Record<string, unknown> = {}) =>
      trackEvent({ anonymousId: user, event, timestamp: iso(at), properties: { ruleId, variant, version: 3, ...extra } });
    const buy = (user: string, at: number, revenue?: unknown) =>
      trackEvent({ anonymousId: user, event: goal.event, timestamp: iso(at), properties: revenue === undefined ? {} : { revenue } });
    const batch = [
      // h1: holdout, buys on day 2 (30) and day 6 (20): converts, revenue 50.
      expose('h1', 'holdout', t0), buy('h1', t0 + 2 * DAY, 30), buy('h1', t0 + 6 * DAY, 20),
      // h2: holdout, bought before the exposure and 8 days after: not a conversion.
      expose('h2', 'holdout', t0), buy('h2', t0 - DAY, 99), buy('h2', t0 + 8 * DAY, 99),
      // a1: shown, clicked, buys at the exposure's own time (the trigger): not counted; then a string revenue.
      expose('a1', 'a', t0), nudge('a1', 'nudge_shown', 'a', t0), nudge('a1', 'nudge_clicked', 'a', t0 + 1000), buy('a1', t0), buy('a1', t0 + DAY, '12'),
      // a2: shown, dismissed (escape); exposed again later in b (ignored: the first exposure wins).
      expose('a2', 'a', t0), nudge('a2', 'nudge_shown', 'a', t0), nudge('a2', 'nudge_dismissed', 'a', t0 + 500, { reason: 'escape' }), expose('a2', 'b', t0 + DAY),
      // b1: dropped (fatigue), buys on day 1 for 40.
      expose('b1', 'b', t0), nudge('b1', 'nudge_dropped', 'b', t0, { reason: 'fatigue' }), buy('b1', t0 + DAY, 40),
      // A version 4 exposure is a different experiment.
      expose('b1', 'b', t0 + 2 * DAY, { version: 4 }),
    ];
    expect((await post(collector, { batch, sentAt: new Date().toISOString() })).json).toMatchObject({ accepted: batch.length });
    // b2: a device clock 10 days fast when it logged its exposure (and sentAt says so too), then
    // corrected; it buys one real day later. Uncorrected, the purchase would come 9 days before.
    const now = Date.now();
    const skewed = [expose('b2', 'b', now + 10 * DAY - 2000)];
    expect((await post(collector, { batch: skewed, sentAt: iso(now + 10 * DAY) })).json).toMatchObject({ accepted: 1 });
    const later = [buy('b2', now + DAY, 10)];
    expect((await post(collector, { batch: later, sentAt: iso(now + DAY + 1000) })).json).toMatchObject({ accepted: 1 });

    const all = (await getJson<{ experiments: Experiment[] }>(collector, '/v1/experiments')).json.experiments.filter((e) => e.ruleId === ruleId);
    expect(all.map((e) => e.version).sort()).toEqual(['3', '4']); // a new version is a new experiment
    const v3 = all.find((e) => e.version === '3')!;
    expect(v3.weights).toEqual(weights);
    expect(v3.goal).toEqual(goal);
    expect(v3.weightsChanged).toBe(false);
    const arms = Object.fromEntries(v3.arms.map((arm) => [arm.id, arm]));
    expect(v3.arms.map((arm) => arm.id)).toEqual(['holdout', 'a', 'b']);
    expect(arms.holdout).toMatchObject({ weight: 0.2, exposed: 2, shown: 0, clicked: 0, converters: 1, conversionRate: 0.5, revenue: 50, revenueSumSquares: 2500, revenuePerUser: 25 });
    expect(arms.a).toMatchObject({ weight: 0.4, exposed: 2, shown: 2, clicked: 1, dismissed: 1, converters: 1, revenue: 0, dismissReasons: { escape: 1 } });
    expect(arms.b).toMatchObject({ weight: 0.4, exposed: 2, shown: 0, converters: 2, revenue: 50, revenueSumSquares: 1700, dropReasons: { fatigue: 1 } });
    expect(v3.conversion.srm.pValue).toBeGreaterThan(0);
    expect(v3.conversion.arms.map((arm) => arm.kind)).toEqual(['control', 'compared', 'compared']);
    expect(v3.revenue.arms[0]).toMatchObject({ kind: 'control', mean: 25 });
  });

  it('recovers a planted conversion effect (the interval covers it) with weights 0.2 / 0.4 / 0.4 and no SRM', async () => {
    const collector = getCollector();
    const population = plantedPopulation({ users: 6000, seed: 7, baseRate: 0.1, uplift: { a: 0, b: 0.5 } });
    for (const batch of population.batches) expect((await post(collector, batch)).json.success).toBe(true);
    const report = await experiment(collector, population.ruleId);
    expect(report.arms.map((arm) => [arm.id, arm.weight])).toEqual([['holdout', 0.2], ['a', 0.4], ['b', 0.4]]);
    expect(report.arms.map((arm) => arm.exposed)).toEqual(population.exposed);
    expect(report.conversion.srm.mismatch).toBe(false);
    const b = report.conversion.arms.find((arm) => arm.id === 'b')!;
    expect(b.kind).toBe('compared');
    expect(b.ci![0]).toBeLessThan(0.5);
    expect(b.ci![1]).toBeGreaterThan(0.5);
    expect(b.ci![0]).toBeGreaterThan(0); // and it is told apart from no effect
    const a = report.conversion.arms.find((arm) => arm.id === 'a')!;
    expect(a.ci![0]).toBeLessThan(0);
    expect(a.ci![1]).toBeGreaterThan(0);
    // Revenue: same per converter in every arm, so its lift equals the conversion lift.
    const revenueB = report.revenue.arms.find((arm) => arm.id === 'b')!;
    expect(revenueB.ci![0]).toBeLessThan(0.5);
    expect(revenueB.ci![1]).toBeGreaterThan(0.5);
  }, 120_000);

  it('flags a sample-ratio mismatch when 15% of arm b exposures are lost on their way', async () => {
    const collector = getCollector();
    const population = plantedPopulation({ users: 6000, seed: 8, baseRate: 0.1, uplift: { a: 0, b: 0.5 }, lose: { arm: 'b', share: 0.15 } });
    for (const batch of population.batches) expect((await post(collector, batch)).json.success).toBe(true);
    const report = await experiment(collector, population.ruleId);
    expect(report.conversion.srm.mismatch).toBe(true);
    expect(report.conversion.srm.pValue).toBeLessThan(0.001);
    expect(report.revenue.srm.mismatch).toBe(true);
  }, 120_000);
}
