/**
 * Acceptance: replaying a generated history gives, for rules whose answer can be counted
 * from the events alone, exactly the counts computed independently here.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/entries/simulate';
import { hashUnitId } from '../../src/rules/hash';
import { history, DAY, type RecordedEvent } from './history';

const IDLE_MS = 3 * DAY;
const SILENT_MS = 14 * DAY;
const nudge = { type: 'toast', body: 'Hi' } as const;
const rules = [
  // An event trigger with `where` and a per-day cap: one nudge per user and UTC day with a big cart.
  { id: 'big-cart', trigger: { event: 'add_to_cart', where: { price: { $gte: 100 } } }, cap: { perDay: 1 }, nudge },
  // A stage change to resurrected: every return after 14+ days of a user who had bought before.
  { id: 'welcome-back', trigger: { stageChange: { to: 'resurrected' } }, nudge },
  // Inactivity: every gap of 3 days or more between two activity events.
  { id: 'idle', trigger: { inactivityMs: IDLE_MS }, nudge },
  // A holdout: the first purchase of each user, 30 % held out by the hash.
  { id: 'first-buy', trigger: { event: 'purchase' }, holdout: 0.3, cap: { lifetime: 1 }, nudge },
];

/** The same answers, counted from the events. */
function countIndependently(events: RecordedEvent[]) {
  const byUser = new Map<string, RecordedEvent[]>();
  for (const e of events) (byUser.get(e.anonymousId) ?? byUser.set(e.anonymousId, []).get(e.anonymousId)!).push(e);
  const c = { cartUsers: 0, cartEvents: 0, cartDays: 0, backUsers: 0, backTimes: 0, idleUsers: 0, idleTimes: 0, buyers: 0, heldOut: 0 };
  for (const list of byUser.values()) {
    const days = new Set<number>();
    let carts = 0, backs = 0, idles = 0, bought = false, prev: number | undefined;
    for (const e of list) {
      const at = Date.parse(e.timestamp);
      if (e.event === 'add_to_cart' && (e.properties!.price as number) >= 100) {
        carts++;
        days.add(Math.floor(at / DAY));
      }
      if (prev !== undefined) {
        if (at - prev >= IDLE_MS) idles++;
        if (at - prev >= SILENT_MS && bought) backs++;
      }
      if (e.event === 'purchase') bought = true;
      prev = at;
    }
    const unit = list.find((e) => e.userId)?.userId ?? list[0]!.anonymousId;
    c.cartEvents += carts;
    c.cartDays += days.size;
    if (carts > 0) c.cartUsers++;
    if (backs > 0) c.backUsers++;
    c.backTimes += backs;
    if (idles > 0) c.idleUsers++;
    c.idleTimes += idles;
    if (bought) {
      c.buyers++;
      if (hashUnitId('holdout:first-buy', unit, 2)! < 0.3) c.heldOut++;
    }
  }
  return c;
}

describe('simulate: counts that can be checked independently', () => {
  it('gives exactly the independent counts on 2,000 users and 100,000 events', async () => {
    const events = [...history({ users: 2000, perUser: 50, seed: 7 })];
    const expected = countIndependently(events);
    const report = await simulate(events, { rules, timeZone: 'UTC' });
    const rule = (id: string) => report.rules.find((r) => r.id === id)!;

    expect(report.users).toBe(2000);
    expect(report.events).toBe(events.length);
    expect(rule('big-cart').triggered).toEqual({ users: expected.cartUsers, times: expected.cartEvents });
    expect(rule('big-cart').shown).toEqual({ users: expected.cartUsers, times: expected.cartDays });
    expect(rule('big-cart').suppressed).toEqual({ cap: expected.cartEvents - expected.cartDays });
    expect(rule('welcome-back').shown).toEqual({ users: expected.backUsers, times: expected.backTimes });
    expect(rule('idle').shown).toEqual({ users: expected.idleUsers, times: expected.idleTimes });
    expect(rule('first-buy').audience.users).toBe(expected.buyers);
    expect(rule('first-buy').heldOut.users).toBe(expected.heldOut);
    expect(rule('first-buy').shown.users).toBe(expected.buyers - expected.heldOut);
    // Enough of each to mean something.
    expect(expected.cartDays).toBeGreaterThan(1000);
    expect(expected.backTimes).toBeGreaterThan(100);
    expect(expected.idleTimes).toBeGreaterThan(1000);
    expect(expected.heldOut).toBeGreaterThan(100);
  });
});
