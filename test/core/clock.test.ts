import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createIsoFormatter, createManualClock } from '../../src/core/clock';

describe('createIsoFormatter', () => {
  it('formats exactly like Date#toISOString, in any order of times', () => {
    const iso = createIsoFormatter();
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: from, max: to }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of times) {
          expect(iso(t)).toBe(new Date(t).toISOString());
          expect(iso(t + 1)).toBe(new Date(t + 1).toISOString());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('createManualClock', () => {
  it('runs timers in due order as time advances, and not before', () => {
    const clock = createManualClock(0);
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('b'), 200);
    clock.setTimeout(() => ran.push('a'), 100);
    const cancel = clock.setTimeout(() => ran.push('never'), 150);
    cancel();
    clock.advance(99);
    expect(ran).toEqual([]);
    clock.advance(101);
    expect(ran).toEqual(['a', 'b']);
    expect(clock.now()).toBe(200);
    expect(clock.pending()).toBe(0);
  });
});
