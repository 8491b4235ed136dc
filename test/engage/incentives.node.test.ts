/**
 * Incentives through the real client on a manual clock in America/New_York: streaks across
 * the November DST change, a per-day points cap at local midnight, badges once, one level
 * change per threshold crossed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/index';
import { incentives } from '../../src/entries/engage';
import { engageClient, ny } from './helpers';

let stop: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stop) await s();
  stop = [];
});
async function client(...args: Parameters<typeof engageClient>) {
  const c = await engageClient(...args);
  stop.push(() => c.nk.shutdown());
  return c;
}

describe('streaks in the user\'s local days', () => {
  it('counts a daily streak correctly across the November DST change, and breaks it after a missed day', async () => {
    const rewards = incentives({ streaks: [{ id: 'daily', event: 'lesson_done' }] });
    // DST ends in New York on 2026-11-01 at 02:00 EDT: that local day has 25 hours.
    const { nk, clock, of } = await client([rewards], ny('2026-10-31T00:30', -4));
    nk.track('lesson_done');
    clock.set(ny('2026-11-01T00:30', -4));
    nk.track('lesson_done');
    // 24 hours later, but still 2026-11-01 locally: the same day, no extension.
    clock.set(ny('2026-11-01T23:30', -5));
    nk.track('lesson_done');
    // One hour later it is 2026-11-02: the next day.
    clock.set(ny('2026-11-02T00:30', -5));
    nk.track('lesson_done');
    await nk.flush();
    expect(of('streak_extended').map((p) => [p['length'], p['localDate']])).toEqual([
      [1, '2026-10-31'],
      [2, '2026-11-01'],
      [3, '2026-11-02'],
    ]);
    // All of 2026-11-03 without a lesson: at risk that evening, still 3 long.
    clock.set(ny('2026-11-03T21:00', -5));
    expect(rewards.getState().streaks['daily']).toMatchObject({ length: 3, atRisk: true });
    // 2026-11-04: a day was missed; the next event ends the streak and a lesson starts a new one.
    clock.set(ny('2026-11-04T09:00', -5));
    expect(rewards.getState().streaks['daily']).toMatchObject({ length: 0, best: 3 });
    nk.track('page_opened');
    nk.track('lesson_done');
    await nk.flush();
    expect(of('streak_broken')).toEqual([{ streakId: 'daily', length: 3, best: 3 }]);
    expect(of('streak_extended').at(-1)).toMatchObject({ length: 1, localDate: '2026-11-04' });
    expect(nk.profile()).toBeDefined();
  });

  it('survives a missed day with a freeze, and counts weekly streaks by local weeks', async () => {
    const rewards = incentives({
      streaks: [
        { id: 'daily', event: 'lesson_done', freezes: { max: 1 } },
        { id: 'weekly', event: 'lesson_done', per: 'week' },
      ],
    });
    const { nk, clock, of } = await client([rewards], ny('2026-11-02T10:00', -5)); // a Monday
    nk.track('lesson_done');
    clock.set(ny('2026-11-04T10:00', -5)); // Tuesday missed: the freeze covers it
    nk.track('lesson_done');
    clock.set(ny('2026-11-09T10:00', -5)); // next Monday
    nk.track('lesson_done');
    await nk.flush();
    expect(of('streak_extended').filter((p) => p['streakId'] === 'daily').map((p) => [p['length'], p['freezesUsed']])).toEqual([[1, 0], [2, 1], [1, 0]]);
    expect(of('streak_extended').filter((p) => p['streakId'] === 'weekly').map((p) => p['length'])).toEqual([1, 2]);
  });
});

describe('points', () => {
  it('respects a per-day cap that resets at local midnight, not at UTC midnight', async () => {
    const rewards = incentives({ points: [{ event: 'lesson_done', points: 10, perDay: 30 }] });
    const { nk, clock, of } = await client([rewards], ny('2026-01-10T18:00', -5));
    for (let i = 0; i < 3; i++) nk.track('lesson_done');
    clock.set(ny('2026-01-10T19:30', -5)); // already 2026-01-11 in UTC
    nk.track('lesson_done');
    clock.set(ny('2026-01-10T23:59', -5));
    nk.track('lesson_done');
    clock.set(ny('2026-01-11T00:01', -5));
    nk.track('lesson_done');
    await nk.flush();
    expect(of('points_earned').map((p) => [p['points'], p['total']])).toEqual([[10, 10], [10, 20], [10, 30], [10, 40]]);
    expect(rewards.getState().points).toBe(40);
    const last = of('points_earned').at(-1)!;
    expect(last).toMatchObject({ ruleId: 'lesson_done', sourceEvent: 'lesson_done', capped: false });
    expect(typeof last['sourceMessageId']).toBe('string');
  });

  it('gives part of the points when a lifetime cap is nearly reached, then none', async () => {
    const rewards = incentives({ points: [{ id: 'invite', event: 'invite_sent', points: 40, lifetime: 100 }] });
    const { nk, of } = await client([rewards], ny('2026-01-10T12:00', -5));
    for (let i = 0; i < 4; i++) nk.track('invite_sent');
    await nk.flush();
    expect(of('points_earned').map((p) => [p['points'], p['capped']])).toEqual([[40, false], [40, false], [20, true]]);
  });
});

describe('levels and badges', () => {
  it('fires one level change per threshold crossed, in order, and never again for it', async () => {
    const rewards = incentives({
      points: [{ event: 'purchase', points: 60 }, { event: 'big_purchase', points: 500 }],
      levels: [{ id: 'bronze', at: 0 }, { id: 'silver', at: 100 }, { id: 'gold', at: 300 }, { id: 'platinum', at: 1000 }],
    });
    const { nk, of } = await client([rewards], ny('2026-01-10T12:00', -5));
    for (let i = 0; i < 6; i++) nk.track('purchase'); // 360 points: silver at 120, gold at 300
    nk.track('big_purchase'); // 860: no threshold
    nk.track('big_purchase'); // 1360: platinum
    await nk.flush();
    expect(of('level_changed').map((p) => [p['from'], p['to'], p['total']])).toEqual([
      ['bronze', 'silver', 120],
      ['silver', 'gold', 300],
      ['gold', 'platinum', 1360],
    ]);
    expect(rewards.getState()).toMatchObject({ level: { id: 'platinum' } });
  });

  it('announces both levels when one award jumps over two thresholds', async () => {
    const rewards = incentives({ points: [{ event: 'big_purchase', points: 500 }], levels: [{ id: 'silver', at: 100 }, { id: 'gold', at: 300 }] });
    const { nk, of } = await client([rewards], ny('2026-01-10T12:00', -5));
    nk.track('big_purchase');
    await nk.flush();
    expect(of('level_changed').map((p) => [p['from'], p['to']])).toEqual([[null, 'silver'], ['silver', 'gold']]);
  });

  it('earns a badge once, even across a restart, from a profile counter, a streak or a level', async () => {
    const store = memoryStore();
    const make = () =>
      incentives({
        points: [{ event: 'purchase', points: 100 }],
        levels: [{ id: 'bronze', at: 0 }, { id: 'silver', at: 200 }],
        streaks: [{ id: 'daily', event: 'purchase' }],
        badges: [
          { id: 'first-order', when: { 'events.purchase.count': { $gte: 1 } } },
          { id: 'silver', when: { level: 'silver' } },
          { id: 'two-days', when: { 'streaks.daily.length': { $gte: 2 } } },
        ],
      });
    const first = await client([make()], ny('2026-01-10T12:00', -5), store);
    first.nk.track('purchase');
    first.nk.track('purchase');
    first.nk.track('purchase');
    await first.nk.flush();
    expect(first.of('badge_earned').map((p) => p['badgeId'])).toEqual(['first-order', 'silver']);
    await first.nk.shutdown();
    const again = make();
    const second = await client([again], ny('2026-01-11T12:00', -5), store);
    second.nk.track('purchase');
    await second.nk.flush();
    expect(second.of('badge_earned').map((p) => p['badgeId'])).toEqual(['two-days']);
    expect(again.getState().badges).toEqual(['first-order', 'silver', 'two-days']);
  });
});
