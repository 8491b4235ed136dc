/**
 * The recall presets through the real client (profile, lifecycle, churn model, rule engine,
 * dispatcher, headless listener) on a manual clock: each one fires for the user it is meant
 * for, and not for the user next to it.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitError } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { firstConversion, remindMe, winBackHighValue, type ActiveNudge } from '../../src/entries/rules';
import type { RuleDefinition } from '../../src/rules/types';
import { bgnbd } from '../../src/entries/lifecycle';
import { withStandardFeatures } from '../helpers/features';

const DAY = 86_400_000;
// Published BG/NBD parameters (Fader, Hardie & Lee 2005, CDNOW sample), in days: a buyer who
// bought every day for five days and then stopped for two weeks is unlikely to be "alive".
const CHURN_MODEL = bgnbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, atRiskBelow: 0.5 });

async function setUp(rules: RuleDefinition[], options: { churnModel?: boolean } = {}) {
  const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
  const errors: NudgeKitError[] = [];
  const events: AnalyticsEvent[] = [];
  const nudges: ActiveNudge[] = [];
  const nk = createNudgeKit(withStandardFeatures({
    clock,
    store: memoryStore(),
    endpoint: 'http://127.0.0.1:9/v1/batch',
    transport: async () => ({ status: 200 }),
    rules,
    lifecycle: { conversionEvents: ['purchase'], ...(options.churnModel !== false && { churnModel: CHURN_MODEL }) },
    onError: (e) => errors.push(e),
  }));
  nk.on('event', (e) => events.push(e));
  nk.on('nudge', (n) => nudges.push(n));
  await nk.ready();
  const tracked = (name: string) => events.filter((e): e is Extract<AnalyticsEvent, { type: 'track' }> => e.type === 'track' && e.event === name);
  /** One visit a day later (a new session): a page view. */
  const visitNextDay = async () => {
    clock.advance(DAY);
    nk.page('Home');
    await nk.flush();
  };
  return { nk, clock, errors, nudges, tracked, visitNextDay };
}

/** `count` purchases, one a day, then `quietDays` of daily visits without buying. */
async function buyThenBrowse(kit: Awaited<ReturnType<typeof setUp>>, count: number, quietDays: number, onVisit?: () => void) {
  for (let day = 0; day < count; day++) {
    if (day > 0) kit.clock.advance(DAY);
    kit.nk.track('purchase', { revenue: 30 });
    await kit.nk.flush();
  }
  for (let day = 0; day < quietDays; day++) {
    await kit.visitNextDay();
    onVisit?.();
  }
}

describe('win back a high-value user at risk', () => {
  it('shows its banner at the first session where the churn model says atRisk and the tier is high', async () => {
    const kit = await setUp([winBackHighValue()]);
    const visits: Array<{ atRisk: boolean; tier: string; nudges: number }> = [];
    await buyThenBrowse(kit, 5, 14, () => {
      const p = kit.nk.profile()!;
      visits.push({ atRisk: p.atRisk, tier: p.tier, nudges: kit.nudges.length });
    });
    const firstAtRisk = visits.findIndex((v) => v.atRisk);
    expect(firstAtRisk).toBeGreaterThan(0); // the test starts with a user who is not at risk yet
    expect(visits.findIndex((v) => v.nudges > 0)).toBe(firstAtRisk);
    expect(visits[firstAtRisk]!.tier).toBe('high');
    expect(kit.nudges.map((n) => [n.ruleId, n.type, n.placement])).toEqual([['win-back-high-value', 'banner', 'top']]);
    kit.nudges[0]!.shown();
    kit.nk.track('purchase', { revenue: 80 });
    await kit.nk.flush();
    expect(kit.tracked('nudge_converted').map((e) => e.properties['ruleId'])).toEqual(['win-back-high-value']);
    expect(kit.errors).toEqual([]);
  });

  it('leaves alone a user at risk who is not high value, and everyone when no churn model is configured', async () => {
    const low = await setUp([winBackHighValue()]);
    await buyThenBrowse(low, 2, 14);
    expect(low.nk.profile()).toMatchObject({ atRisk: true, tier: 'mid' });
    expect(low.nudges).toEqual([]);

    const noModel = await setUp([winBackHighValue()], { churnModel: false });
    await buyThenBrowse(noModel, 5, 14);
    expect(noModel.nk.profile()).toMatchObject({ atRisk: false, tier: 'high' });
    expect(noModel.nudges).toEqual([]);
  });
});

describe('first conversion', () => {
  it('shows its toast to a potential user 20 s into a session, and records the conversion it led to', async () => {
    const kit = await setUp([firstConversion()]);
    kit.nk.page('Home');
    await kit.nk.flush();
    expect(kit.nk.profile()!.stage).toBe('potential');
    kit.clock.advance(19_999);
    await kit.nk.flush();
    expect(kit.nudges).toEqual([]);
    kit.clock.advance(1);
    await kit.nk.flush();
    expect(kit.nudges.map((n) => [n.ruleId, n.type, n.title])).toEqual([['first-conversion', 'toast', 'Ready to start?']]);
    kit.nudges[0]!.shown();
    kit.nudges[0]!.click('primary');
    kit.nk.track('purchase', { revenue: 12 });
    await kit.nk.flush();
    expect(kit.tracked('nudge_converted').map((e) => e.properties['ruleId'])).toEqual(['first-conversion']);
    expect(kit.nk.profile()!.stage).toBe('new');
  });

  it('does not show it to a user who has already bought', async () => {
    const kit = await setUp([firstConversion()]);
    kit.nk.track('purchase', { revenue: 12 });
    await kit.nk.flush();
    await kit.visitNextDay();
    kit.clock.advance(20_000);
    await kit.nk.flush();
    expect(kit.nk.profile()!.stage).toBe('new');
    expect(kit.nudges).toEqual([]);
  });
});

describe('remind me', () => {
  it('records the answer as a trait and never asks again, while a user who only closed it is asked again after the cooldown', async () => {
    const answered = await setUp([remindMe()]);
    const closed = await setUp([remindMe()]);
    for (const kit of [answered, closed]) {
      await buyThenBrowse(kit, 5, 14);
      expect(kit.nudges.map((n) => n.ruleId)).toEqual(['remind-me']);
      kit.nudges[0]!.shown();
    }
    expect(answered.nudges[0]!.click('secondary')).toBeUndefined();
    closed.nudges[0]!.dismiss('close');
    for (const kit of [answered, closed]) await kit.nk.flush();

    expect(answered.nk.profile()!.traits).toMatchObject({ contactOptIn: false });
    expect(answered.tracked('nudge_clicked')[0]!.properties).toMatchObject({ ruleId: 'remind-me', action: 'secondary', actionName: 'remind_me_no' });
    expect(closed.nk.profile()!.traits).not.toHaveProperty('contactOptIn');

    // Past the four-week cooldown, still visiting daily, still at risk.
    for (let day = 0; day < 30; day++) for (const kit of [answered, closed]) await kit.visitNextDay();
    for (const kit of [answered, closed]) expect(kit.nk.profile()!.atRisk).toBe(true);
    expect(answered.nudges).toHaveLength(1);
    expect(closed.nudges).toHaveLength(2);
    expect(answered.nk.profile()!.nudges['remind-me']).toMatchObject({ shown: 1, clicked: 1 });
    expect(answered.errors).toEqual([]);
  });
});
