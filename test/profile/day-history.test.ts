import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createActiveDays, createConversionDays } from '../../src/profile/day-history';
import { createProfileEngine } from '../../src/profile';
import { DAY_MS, harness } from './helpers';

// The rings hold 512 days: day d and day d - 512 share a slot.
describe('day-history rings when the clock moves far back', () => {
  it('ignore an active day 512 or more days before the newest instead of evicting the newer day', () => {
    const days = createActiveDays();
    days.mark(1000);
    days.mark(1000 - 512);
    days.mark(1000 - 600);
    expect(days.counts(1000)).toMatchObject({ last7: 1, streak: 1 });
    expect(days.total()).toBe(1);
    // 511 days back still fits: its slot is free.
    days.mark(1000 - 511);
    expect(days.total()).toBe(2);
    expect(days.counts(1000 - 511)).toMatchObject({ last7: 1 });
    expect(days.counts(1000)).toMatchObject({ last7: 1 });
  });

  it('ignore a conversion day 512 or more days before the newest instead of overwriting its count and revenue', () => {
    const conversions = createConversionDays();
    conversions.add(1000, 25);
    expect(conversions.window(1000 - 512)).toEqual({ count: 0, revenue: 0 });
    conversions.add(1000 - 512, 7); // while that day's window is cached, too
    expect(conversions.window(1000)).toEqual({ count: 1, revenue: 25 });
    expect(conversions.window(1000 - 512)).toEqual({ count: 0, revenue: 0 });
    expect(conversions.toJSON()).toEqual([1000, 0, 1, 25]);
  });

  it('through the engine: events after the clock went back 600 days leave the newer history intact', () => {
    // The manual clock never goes back, so this engine reads a plain variable.
    let now = Date.UTC(2026, 0, 1) + 600 * DAY_MS;
    const engine = createProfileEngine({ clock: { now: () => now, setTimeout: () => () => {} }, timeZoneOffset: () => 0 });
    const { event } = harness();
    engine.apply(event('purchase', { revenue: 30 }));
    now -= 600 * DAY_MS;
    engine.apply(event('purchase', { revenue: 5 })); // counted as a conversion, but not on the day rings
    now += 600 * DAY_MS + DAY_MS / 2;
    const p = engine.current();
    expect(p.activeDays).toMatchObject({ last7: 1, streak: 1, total: 1 });
    expect(p.conversions).toMatchObject({ count: 2, count365: 1, revenue365: 30 });
  });
});

describe('the 365-day conversion window', () => {
  it('sums exactly the conversions of the 365 days up to the day asked, as days move on', () => {
    const step = fc.record({ gap: fc.integer({ min: 0, max: 120 }), revenue: fc.integer({ min: -50, max: 500 }), ask: fc.integer({ min: -100, max: 800 }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }), (start, steps) => {
        const ring = createConversionDays();
        const added: Array<[number, number]> = [];
        let day = start;
        for (const { gap, revenue, ask } of steps) {
          day += gap;
          ring.add(day, revenue);
          added.push([day, revenue]);
          const today = day + ask;
          const inWindow = added.filter(([d]) => d > today - 365 && d <= today);
          expect(ring.window(today)).toEqual({ count: inWindow.length, revenue: inWindow.reduce((sum, [, r]) => sum + r, 0) });
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the active-day counts', () => {
  it('count exactly the active days of the last 7, 30 and 90 days and the streak, as days move on (and back a little)', () => {
    const step = fc.record({ gap: fc.integer({ min: -20, max: 60 }), ask: fc.integer({ min: -100, max: 700 }) });
    fc.assert(
      // Long enough to go past the 512 days, where a day's bit is reused by the day 512 after it.
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.array(step, { minLength: 20, maxLength: 80, size: 'max' }), (start, steps) => {
        const ring = createActiveDays();
        const marked = new Set<number>();
        let day = start;
        let latest = -Infinity;
        for (const { gap, ask } of steps) {
          day += gap;
          ring.mark(day);
          if (day > latest - 512) marked.add(day);
          latest = Math.max(latest, day);
          const today = day + ask;
          const within = (n: number) => [...marked].filter((d) => d > today - n && d <= today && d > latest - 512).length;
          let streak = 0;
          for (let d = marked.has(today) ? today : today - 1; streak < 512 && marked.has(d) && d > latest - 512; d--) streak++;
          expect(ring.counts(today)).toEqual({ last7: within(7), last30: within(30), last90: within(90), streak });
          expect(ring.total()).toBe(marked.size);
        }
        // What is saved loads back to the same counts.
        const loaded = createActiveDays();
        expect(loaded.load(ring.toJSON())).toBe(true);
        expect(loaded.counts(latest)).toEqual(ring.counts(latest));
      }),
      { numRuns: 500 },
    );
  });
});
