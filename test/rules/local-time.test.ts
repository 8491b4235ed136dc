import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLocalTime } from '../../src/rules/local-time';

const DAY_MS = 86_400_000;
// Whole-hour, half-hour (Lord Howe's DST moves by 30 minutes) and quarter-hour zones, both hemispheres.
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Pacific/Kiritimati', 'America/Santiago'];

/** `wallMs` as text, to compare with what Intl prints. */
const wallOf = (local: { wallMs: number }) => new Date(local.wallMs).toISOString().slice(0, 19);

/** What the calendar should say, read straight from Intl for every instant. */
function reference(zone: string, epochMs: number) {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
  const p = Object.fromEntries(format.formatToParts(epochMs).map((x) => [x.type, x.value]));
  const h = Number(p.hour) % 24;
  const day = Math.floor(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / DAY_MS);
  return {
    wall: `${p.year}-${p.month}-${p.day}T${String(h).padStart(2, '0')}:${p.minute}:${p.second}`,
    day,
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!),
    minutes: h * 60 + Number(p.minute),
  };
}

describe('local time from a cached offset', () => {
  it('agrees with Intl at every instant, across daylight-saving changes, walking forward or jumping', () => {
    const start = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 0, 1) });
    const steps = fc.array(fc.integer({ min: 0, max: 20 * 60_000 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), start, steps, (zone, from, gaps) => {
        const local = createLocalTime(zone);
        let at = from;
        for (const gap of gaps) {
          at += gap;
          const got = local(at);
          const want = reference(zone, at);
          expect({ wall: wallOf(got), day: got.day, weekday: got.weekday, minutes: got.minutes }).toEqual(want);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with Intl when walking through every daylight-saving change of 2025-2027', () => {
    const offset = (zone: string, at: number) => {
      const r = reference(zone, at);
      return Math.round((r.day * DAY_MS + r.minutes * 60_000 - Math.floor(at / 60_000) * 60_000) / 60_000);
    };
    const changes: Array<[string, number]> = [];
    for (const zone of ZONES) {
      for (let at = Date.UTC(2025, 0, 1); at < Date.UTC(2028, 0, 1); at += DAY_MS) {
        if (offset(zone, at) === offset(zone, at + DAY_MS)) continue;
        let [lo, hi] = [at, at + DAY_MS]; // the change is in (lo, hi]: bisect to the minute
        while (hi - lo > 60_000) {
          const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
          if (offset(zone, mid) === offset(zone, lo)) lo = mid;
          else hi = mid;
        }
        changes.push([zone, hi]);
      }
    }
    expect(changes.length).toBeGreaterThan(30);
    fc.assert(
      fc.property(fc.constantFrom(...changes), fc.integer({ min: -2 * 3_600_000, max: 0 }), fc.array(fc.integer({ min: 0, max: 10 * 60_000 }), { minLength: 20, maxLength: 40 }), ([zone, change], lead, gaps) => {
        const local = createLocalTime(zone);
        let at = change + lead;
        for (const gap of gaps) {
          at += gap;
          expect(wallOf(local(at))).toBe(reference(zone, at).wall);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000); // thousands of Intl calls: seconds on a busy 2-core machine; correctness, not speed, is tested here

  it('is right on both sides of a transition, in the same quarter hour of the cache', () => {
    // Berlin's clocks went from 02:00 to 03:00 on 2026-03-29 (01:00 UTC), and back on 2026-10-25.
    for (const change of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)]) {
      const local = createLocalTime('Europe/Berlin');
      for (const at of [change - 15 * 60_000, change - 1000, change, change + 1000, change + 14 * 60_000]) {
        expect(wallOf(local(at))).toBe(reference('Europe/Berlin', at).wall);
      }
    }
  });

  it("follows the device's zone through its daylight-saving changes when no zone is named", () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York'; // Node reads TZ again when it changes
    try {
      const local = createLocalTime();
      // 2026-03-08 02:00 EST became 03:00 EDT at 07:00 UTC; 2026-11-01 02:00 EDT became 01:00 EST at 06:00 UTC.
      for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
        for (let at = change - 3_600_000; at <= change + 3_600_000; at += 7 * 60_000 + 1234) {
          expect(wallOf(local(at))).toBe(reference('America/New_York', at).wall);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
