import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, harness } from './helpers';

describe('profile engine: what it records', () => {
  it('records first seen, last seen and last active; system events are seen but not activity', () => {
    const h = harness();
    const start = h.clock.now();
    h.track('app_open');
    h.at(1);
    h.track('nudge_shown', { ruleId: 'r' });
    const p = h.engine.current();
    expect(p).toMatchObject({ firstSeen: start, lastSeen: start + DAY_MS, lastActive: start });
  });

  it('merges traits from identify and keeps the user id', () => {
    const h = harness();
    h.identify('user-42', { plan: 'free', name: 'Ada' });
    h.identify('user-42', { plan: 'pro' });
    expect(h.engine.current()).toMatchObject({ userId: 'user-42', traits: { plan: 'pro', name: 'Ada' } });
    expect(h.engine.attributes().traits).toEqual({ plan: 'pro', name: 'Ada' });
  });

  it('counts sessions, the last start and the total duration (start to last event of each session)', () => {
    const h = harness();
    h.track('session_start', { sessionId: 'a', index: 1 });
    h.at(0, 10 * 60_000);
    h.track('click');
    h.at(1);
    h.track('session_start', { sessionId: 'b', index: 2 });
    h.at(1, 5 * 60_000);
    h.page();
    const p = h.engine.current();
    expect(p.sessions).toEqual({ count: 2, lastStart: h.clock.now() - 5 * 60_000, totalDurationMs: 15 * 60_000 });
    expect(h.engine.attributes()).toMatchObject({ sessions: 2, sessionDurationMs: 15 * 60_000 });
  });

  it('counts active days in the last 7/30/90 days and the current streak, by local day', () => {
    const h = harness();
    for (const day of [0, 1, 2, 50, 80, 85, 86, 87, 88, 89]) {
      h.at(day, 12 * HOUR_MS);
      h.track('app_open');
      h.track('app_open'); // twice a day counts once
    }
    expect(h.engine.current().activeDays).toEqual({ last7: 5, last30: 6, last90: 10, streak: 5, total: 10 });
    h.at(90, 23 * HOUR_MS); // today has no activity yet: the streak ending yesterday still counts
    expect(h.engine.current().activeDays).toMatchObject({ last7: 5, streak: 5 });
    h.at(91);
    expect(h.engine.current().activeDays).toMatchObject({ last7: 5, last90: 8, streak: 0 });
    h.at(92);
    expect(h.engine.current().activeDays).toMatchObject({ last7: 4, last30: 6, last90: 7, streak: 0, total: 10 });
  });

  it('uses the local day at the time of the event (time zone offset)', () => {
    // UTC+10: 20:00 UTC on Jan 1 is 06:00 on Jan 2 locally.
    const h = harness({ timeZoneOffset: () => 600 });
    h.at(0, 13 * HOUR_MS); // 23:00 local, Jan 1
    h.track('app_open');
    h.at(0, 15 * HOUR_MS); // 01:00 local, Jan 2
    h.track('app_open');
    expect(h.engine.current().activeDays).toMatchObject({ total: 2, streak: 2 });
    const utc = harness();
    utc.at(0, 13 * HOUR_MS);
    utc.track('app_open');
    utc.at(0, 15 * HOUR_MS);
    utc.track('app_open');
    expect(utc.engine.current().activeDays).toMatchObject({ total: 1 });
  });

  it('keeps per-event counters and evicts the least recently seen name past maxEventNames', () => {
    const h = harness({ maxEventNames: 3 });
    const start = h.clock.now();
    h.track('a');
    h.at(1);
    h.track('b');
    h.track('c');
    h.track('a'); // a is now the most recent; b is the oldest
    h.track('d');
    const events = h.engine.current().events;
    expect(Object.keys(events).sort()).toEqual(['a', 'c', 'd']);
    expect(events.a).toEqual({ count: 2, first: start, last: start + DAY_MS });
    expect((h.engine.attributes().events as Record<string, unknown>).b).toBeUndefined();
    h.track('b'); // comes back fresh, evicting c
    expect(h.engine.current().events.b).toMatchObject({ count: 1 });
    expect(Object.keys(h.engine.current().events).sort()).toEqual(['a', 'b', 'd']);
  });

  it('counts page and identify events under "page" and "identify", and a name like __proto__ safely', () => {
    const h = harness();
    h.page();
    h.identify('u', {});
    h.track('__proto__');
    const events = h.engine.attributes().events as Record<string, { count: number }>;
    expect(events.page?.count).toBe(1);
    expect(events.identify?.count).toBe(1);
    expect(Object.prototype.hasOwnProperty.call(events, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).count).toBeUndefined();
  });

  it('keeps the nudge history per rule from nudge_* events carrying a ruleId', () => {
    const h = harness();
    h.track('nudge_shown', { ruleId: 'welcome' });
    h.track('nudge_clicked', { ruleId: 'welcome', actionId: 'primary' });
    h.at(1);
    h.track('nudge_shown', { ruleId: 'welcome' });
    h.track('nudge_dismissed', { ruleId: 'welcome' });
    h.track('nudge_converted', { ruleId: 'welcome' });
    h.track('nudge_held_out', { ruleId: 'recall' });
    h.track('nudge_shown', {}); // no ruleId: nothing to record
    expect(h.engine.current().nudges).toEqual({
      welcome: { shown: 2, clicked: 1, dismissed: 1, converted: 1, heldOut: 0, lastShown: h.clock.now() },
      recall: { shown: 0, clicked: 0, dismissed: 0, converted: 0, heldOut: 1, lastShown: null },
    });
  });

  it('current() is a copy: changing it does not change the profile', () => {
    const h = harness();
    h.identify('u', { plan: 'free' });
    const p = h.engine.current();
    p.traits.plan = 'hacked';
    p.events.identify!.count = 99;
    expect(h.engine.current()).toMatchObject({ traits: { plan: 'free' }, events: { identify: { count: 1 } } });
  });

  it('attributes() returns the same object, refreshed', () => {
    const h = harness();
    const a = h.engine.attributes();
    h.track('purchase', { revenue: 5 });
    expect(h.engine.attributes()).toBe(a);
    expect(a).toMatchObject({ conversions: 1, revenue: 5, stage: 'new', tier: 'low' });
  });

  it('reset() forgets everything', () => {
    const h = harness({ computed: { n: { on: '*', reduce: (v) => (v as number) + 1, initial: 0 } } });
    h.identify('u', { plan: 'pro' });
    h.track('purchase');
    h.engine.reset();
    const p = h.engine.current();
    expect(p).toMatchObject({ userId: null, firstSeen: null, traits: {}, events: {}, computed: { n: 0 }, stage: 'potential' });
    expect(p.conversions.count).toBe(0);
  });
});

describe('computed attributes', () => {
  it('run their reducer on matching events only and are visible to rules', () => {
    const h = harness({
      computed: {
        cartValue: { on: 'add_to_cart', reduce: (v, e) => (v as number) + Number(e.type === 'track' ? e.properties.price : 0), initial: 0 },
        lastCategory: { on: ['view_item', 'add_to_cart'], reduce: (_v, e) => (e.type === 'track' ? (e.properties.category ?? null) : null), initial: null },
        seen: { on: '*', reduce: (v) => (v as number) + 1, initial: 0 },
        shown: { on: 'nudge_shown', reduce: (v) => (v as number) + 1, initial: 0 },
      },
    });
    h.track('add_to_cart', { price: 10, category: 'books' });
    h.track('view_item', { category: 'games' });
    h.track('add_to_cart', { price: 5.5 });
    h.track('nudge_shown', { ruleId: 'r' });
    expect(h.engine.attributes().computed).toEqual({ cartValue: 15.5, lastCategory: null, seen: 3, shown: 1 });
  });

  it('keeps the value and reports callback_failed when a reducer throws', () => {
    const h = harness({
      computed: {
        fragile: {
          on: 'x',
          reduce: (v, e) => {
            if (e.type === 'track' && e.properties.boom) throw new Error('boom');
            return (v as number) + 1;
          },
          initial: 0,
        },
      },
    });
    h.track('x');
    expect(h.track('x', { boom: true })).toBeUndefined();
    h.track('x');
    expect(h.engine.current().computed.fragile).toBe(2);
    expect(h.errors.map((e) => [e.code, e.details.attribute])).toEqual([['callback_failed', 'fragile']]);
  });

  it('starts each profile from a copy of the initial value', () => {
    const computed = { tags: { on: 't', reduce: (v: unknown) => { (v as string[]).push('x'); return v as string[]; }, initial: [] as string[] } };
    const h = harness({ computed });
    h.track('t');
    h.engine.reset();
    expect(h.engine.current().computed.tags).toEqual([]);
    expect(computed.tags.initial).toEqual([]);
  });
});
