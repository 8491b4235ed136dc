import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_TIMEOUT_MS, sameLocalDay, touchSession } from '../../src/client/session';

const NOON = new Date(2026, 2, 10, 12, 0, 0).getTime(); // local time

describe('touchSession', () => {
  it('starts the first session at index 1', () => {
    const session = touchSession(undefined, NOON, DEFAULT_SESSION_TIMEOUT_MS);
    expect(session.index).toBe(1);
    expect(session.startedAt).toBe(NOON);
    expect(session.lastActivityAt).toBe(NOON);
  });

  it('keeps the session just under the timeout and starts a new one at it', () => {
    const first = touchSession(undefined, NOON, DEFAULT_SESSION_TIMEOUT_MS);
    const kept = touchSession(first, NOON + DEFAULT_SESSION_TIMEOUT_MS - 1, DEFAULT_SESSION_TIMEOUT_MS);
    // Going on is the same object, moved forward: the caller tells a start by a new one.
    expect(kept).toBe(first);
    expect(kept.lastActivityAt).toBe(NOON + DEFAULT_SESSION_TIMEOUT_MS - 1);
    const renewed = touchSession(kept, kept.lastActivityAt + DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_SESSION_TIMEOUT_MS);
    expect(renewed).not.toBe(kept);
    expect(renewed.index).toBe(2);
    expect(renewed.id).not.toBe(first.id);
  });

  it('starts a new session at local midnight even when active', () => {
    const lateEvening = new Date(2026, 2, 10, 23, 55).getTime();
    const afterMidnight = new Date(2026, 2, 11, 0, 5).getTime();
    const first = touchSession(undefined, lateEvening, DEFAULT_SESSION_TIMEOUT_MS);
    expect(touchSession(first, afterMidnight, DEFAULT_SESSION_TIMEOUT_MS)).not.toBe(first);
  });

  it('honours a configured timeout', () => {
    const first = touchSession(undefined, NOON, 1000);
    expect(touchSession(first, NOON + 999, 1000)).toBe(first);
    expect(touchSession(first, NOON + 999 + 1000, 1000)).not.toBe(first);
  });
});

describe('sameLocalDay', () => {
  const byCalendar = (a: number, b: number) => {
    const [x, y] = [new Date(a), new Date(b)];
    return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
  };

  it('agrees with the local calendar, whatever order the days are asked in', () => {
    // Times within a few days of each other (and across DST changes), in any order, so the memo is hit and missed.
    const around = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
    fc.assert(
      fc.property(around, fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { minLength: 1, maxLength: 8 }), (base, offsets) => {
        for (const offset of offsets) expect(sameLocalDay(base, base + offset)).toBe(byCalendar(base, base + offset));
      }),
      { numRuns: 300 },
    );
  });

  it('is false for a time that is not one', () => {
    expect(sameLocalDay(Number.NaN, NOON)).toBe(false);
    expect(sameLocalDay(NOON, Number.NaN)).toBe(false);
  });
});
