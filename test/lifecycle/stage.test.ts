import { describe, expect, it } from 'vitest';
import { harness } from '../profile/helpers';

const justBefore = -1; // one millisecond before the boundary

describe('lifecycle stages through scripted histories (conversion basis, defaults 14/60/14/14)', () => {
  it('a fresh profile reads potential and stays potential on its first activity', () => {
    const h = harness();
    expect(h.stage()).toBe('potential');
    expect(h.track('app_open')).toBeUndefined();
    expect(h.stage()).toBe('potential');
  });

  it('potential → new at the first conversion; new until 14 days after it (day 13 new, day 14 active)', () => {
    const h = harness();
    h.track('app_open');
    h.at(1);
    expect(h.track('purchase', { revenue: 20 })).toEqual({ from: 'potential', to: 'new' });
    h.at(10);
    h.track('app_open'); // stays active, so only the new window matters
    h.at(14, justBefore);
    expect(h.stage()).toBe('new');
    expect(h.track('app_open')).toBeUndefined();
    h.at(15, justBefore);
    expect(h.stage()).toBe('new');
    h.at(15);
    expect(h.stage()).toBe('active');
    // Time made the change; the next event announces it, once.
    expect(h.track('app_open')).toEqual({ from: 'new', to: 'active' });
    expect(h.track('app_open')).toBeUndefined();
  });

  it('active → silent at exactly 14 days without activity (day 13: still active)', () => {
    const h = harness();
    h.track('purchase');
    h.at(10);
    h.track('app_open');
    h.at(20);
    // A gap of 10 days is no return; the new window ended meanwhile, which this event announces.
    expect(h.track('app_open')).toEqual({ from: 'new', to: 'active' });
    expect(h.stage()).toBe('active');
    h.at(20 + 14, justBefore);
    expect(h.stage()).toBe('active');
    h.at(20 + 13);
    expect(h.stage()).toBe('active');
    h.at(20 + 14);
    expect(h.stage()).toBe('silent');
  });

  it('silent → churned at exactly 60 days without activity (day 59: silent)', () => {
    const h = harness();
    h.track('purchase');
    h.at(59);
    expect(h.stage()).toBe('silent');
    h.at(60, justBefore);
    expect(h.stage()).toBe('silent');
    h.at(60);
    expect(h.stage()).toBe('churned');
  });

  it('a silent customer who returns: { from: silent, to: resurrected }; resurrected for 14 days, then active', () => {
    const h = harness();
    h.track('purchase');
    h.at(20);
    expect(h.track('app_open')).toEqual({ from: 'silent', to: 'resurrected' });
    h.at(20 + 5);
    expect(h.track('app_open')).toBeUndefined();
    h.at(20 + 14, justBefore);
    expect(h.stage()).toBe('resurrected');
    h.at(20 + 14);
    expect(h.stage()).toBe('active');
  });

  it('a churned customer who returns: { from: churned, to: resurrected }', () => {
    const h = harness();
    h.track('purchase');
    h.at(90);
    expect(h.track('app_open')).toEqual({ from: 'churned', to: 'resurrected' });
  });

  it('a gap of 13 days 23:59:59.999 is no return; a gap of exactly 14 days is', () => {
    const h = harness();
    h.track('purchase');
    h.at(20);
    h.track('app_open'); // resurrected from here
    h.at(40);
    h.track('app_open'); // a return again: gap 20 days
    h.at(60);
    h.track('app_open'); // and again
    h.at(75);
    h.track('app_open'); // gap 15 days: another return
    h.at(89, justBefore);
    expect(h.track('app_open')).toBeUndefined(); // gap just under 14 days: active, no return
    h.at(89 + 14, -2); // idle 14 days minus 1 ms: still active
    expect(h.stage()).toBe('active');
    const last = h.clock.now();
    expect(h.track('app_open')).toEqual({ from: 'resurrected', to: 'active' }); // the 14-day comeback window is over
    expect(h.track('app_open')).toBeUndefined();
    h.clock.set(last + 14 * 86_400_000); // idle exactly 14 days
    expect(h.track('app_open')).toEqual({ from: 'silent', to: 'resurrected' });
  });

  it('a never-converted user who returns goes silent → potential (potential is checked before resurrected)', () => {
    const h = harness();
    h.track('app_open');
    h.at(14);
    expect(h.stage()).toBe('silent');
    expect(h.track('app_open')).toEqual({ from: 'silent', to: 'potential' });
  });

  it('new is checked before resurrected: with newDays 30, a buyer back after 20 days reads new', () => {
    const h = harness({ lifecycle: { thresholds: { newDays: 30 } } });
    h.track('purchase');
    h.at(20);
    expect(h.track('app_open')).toEqual({ from: 'silent', to: 'new' });
    h.at(25);
    h.track('app_open');
    h.at(30);
    expect(h.stage()).toBe('resurrected'); // new is over; the return 10 days ago still counts
    h.at(34);
    expect(h.stage()).toBe('active');
  });

  it('system events are recorded but never change the stage or count as activity', () => {
    const h = harness();
    h.track('purchase');
    h.at(20);
    expect(h.track('nudge_shown', { ruleId: 'r1' })).toBeUndefined();
    expect(h.track('stage_change', { from: 'active', to: 'silent' })).toBeUndefined();
    expect(h.stage()).toBe('silent');
    expect(h.engine.attributes().lastActive).toBe(Date.UTC(2026, 0, 1));
  });

  it('session_start is activity: a silent user opening the app is resurrected at that moment', () => {
    const h = harness();
    h.track('purchase');
    h.at(30);
    expect(h.track('session_start', { sessionId: 's2', index: 2 })).toEqual({ from: 'silent', to: 'resurrected' });
  });

  it('only the configured activity events count when activityEvents is set', () => {
    const h = harness({ lifecycle: { activityEvents: ['app_open'] } });
    h.track('purchase'); // a conversion, but not activity
    expect(h.engine.attributes().lastActive).toBeNull();
    h.track('app_open');
    h.at(20);
    expect(h.page()).toEqual({ from: 'new', to: 'silent' }); // page is not activity here: time made her silent
    expect(h.stage()).toBe('silent');
    expect(h.track('app_open')).toEqual({ from: 'silent', to: 'resurrected' });
  });

  it('custom thresholds move every boundary: silent 7 (6 vs 7), churned 30 (29 vs 30), new 3, resurrected 5', () => {
    const h = harness({ lifecycle: { thresholds: { silentDays: 7, churnedDays: 30, newDays: 3, resurrectedDays: 5 } } });
    h.track('purchase');
    h.at(3, justBefore);
    expect(h.stage()).toBe('new');
    h.at(3);
    expect(h.stage()).toBe('active');
    h.at(7, justBefore);
    expect(h.stage()).toBe('active');
    h.at(7);
    expect(h.stage()).toBe('silent');
    h.at(30, justBefore);
    expect(h.stage()).toBe('silent');
    h.at(30);
    expect(h.stage()).toBe('churned');
    expect(h.track('app_open')).toEqual({ from: 'churned', to: 'resurrected' });
    h.at(35, justBefore);
    expect(h.stage()).toBe('resurrected');
    h.at(35);
    expect(h.stage()).toBe('active');
  });
});

describe('lifecycle stages with newBasis: firstSeen', () => {
  it('a first visit makes the user new (potential → new); new until day 14 after first seen, then potential', () => {
    const h = harness({ lifecycle: { newBasis: 'firstSeen' } });
    expect(h.track('app_open')).toEqual({ from: 'potential', to: 'new' });
    h.at(10);
    h.track('app_open');
    h.at(14, justBefore);
    expect(h.stage()).toBe('new');
    h.at(14);
    expect(h.stage()).toBe('potential');
  });

  it('a converted user stays new by first seen (not by first purchase) and is active from day 14', () => {
    const h = harness({ lifecycle: { newBasis: 'firstSeen' } });
    h.track('app_open');
    h.at(10);
    expect(h.track('purchase')).toBeUndefined(); // already new
    h.at(13);
    expect(h.stage()).toBe('new');
    h.at(14);
    expect(h.stage()).toBe('active'); // with the conversion basis this would still be new (day 4 of 14)
  });

  it('silence still wins over new: first seen 1 day ago, but the window is measured from activity', () => {
    const h = harness({ lifecycle: { newBasis: 'firstSeen', thresholds: { silentDays: 2, churnedDays: 5, newDays: 10 } } });
    h.track('app_open');
    h.at(2, justBefore);
    expect(h.stage()).toBe('new');
    h.at(2);
    expect(h.stage()).toBe('silent');
    h.at(5);
    expect(h.stage()).toBe('churned');
  });
});

/**
 * Every boundary of every stage, for both bases, at one millisecond before and exactly at it,
 * with the default thresholds (silent 14, churned 60, new 14, resurrected 14). `script` is
 * played first (one event per listed day, at 00:00); then the clock is set to `boundary`
 * days (minus 1 ms for the `before` side). Rows with `probe` then track an activity event
 * and assert the stage_change it causes (`null`: none).
 */
interface Boundary {
  name: string;
  basis: 'conversion' | 'firstSeen';
  script: { day: number; event: string }[];
  boundary: number;
  before: string;
  at: string;
  probe?: { before: { from: string; to: string } | null; at: { from: string; to: string } | null };
}

const open = (day: number) => ({ day, event: 'app_open' });
const buy = (day: number) => ({ day, event: 'purchase' });

const boundaries: Boundary[] = [
  // Conversion basis.
  { name: 'potential → silent 14 days after the last activity', basis: 'conversion', script: [open(0), open(5)], boundary: 19, before: 'potential', at: 'silent' },
  { name: 'active → silent 14 days after the last activity', basis: 'conversion', script: [buy(0), open(10)], boundary: 24, before: 'active', at: 'silent' },
  { name: 'silent → churned 60 days after the last activity', basis: 'conversion', script: [buy(0)], boundary: 60, before: 'silent', at: 'churned' },
  { name: 'new → active 14 days after the first conversion', basis: 'conversion', script: [open(0), buy(1), open(10)], boundary: 15, before: 'new', at: 'active' },
  { name: 'resurrected → active 14 days after the return', basis: 'conversion', script: [buy(0), open(20), open(30)], boundary: 34, before: 'resurrected', at: 'active' },
  {
    name: 'a return after 14 days of silence (13.99: no return)',
    basis: 'conversion',
    script: [buy(0), open(10)],
    boundary: 24,
    before: 'active',
    at: 'silent',
    // Before: no return, but the first event since the new window ended (day 14) announces it.
    probe: { before: { from: 'new', to: 'active' }, at: { from: 'silent', to: 'resurrected' } },
  },
  {
    name: 'a return on day 59 (silent → resurrected) vs day 60 (churned → resurrected)',
    basis: 'conversion',
    script: [buy(0)],
    boundary: 60,
    before: 'silent',
    at: 'churned',
    probe: { before: { from: 'silent', to: 'resurrected' }, at: { from: 'churned', to: 'resurrected' } },
  },
  // First-seen basis: new counts from the first event and comes before potential.
  { name: 'potential → silent 14 days after the last activity', basis: 'firstSeen', script: [open(0), open(10), open(20)], boundary: 34, before: 'potential', at: 'silent' },
  { name: 'new → silent: silence wins over the new window', basis: 'firstSeen', script: [open(0)], boundary: 14, before: 'new', at: 'silent' },
  { name: 'active → silent 14 days after the last activity', basis: 'firstSeen', script: [open(0), buy(1), open(10), open(20)], boundary: 34, before: 'active', at: 'silent' },
  { name: 'silent → churned 60 days after the last activity', basis: 'firstSeen', script: [buy(0)], boundary: 60, before: 'silent', at: 'churned' },
  { name: 'new → active 14 days after first seen (a buyer)', basis: 'firstSeen', script: [open(0), buy(1), open(10)], boundary: 14, before: 'new', at: 'active' },
  { name: 'new → potential 14 days after first seen (never converted)', basis: 'firstSeen', script: [open(0), open(10)], boundary: 14, before: 'new', at: 'potential' },
  { name: 'resurrected → active 14 days after the return', basis: 'firstSeen', script: [open(0), buy(1), open(20), open(30)], boundary: 34, before: 'resurrected', at: 'active' },
  {
    name: 'a return after 14 days of silence (13.99: no return)',
    basis: 'firstSeen',
    script: [open(0), buy(1), open(10), open(20)],
    boundary: 34,
    before: 'active',
    at: 'silent',
    probe: { before: null, at: { from: 'silent', to: 'resurrected' } },
  },
  {
    name: 'a return on day 59 (silent → resurrected) vs day 60 (churned → resurrected)',
    basis: 'firstSeen',
    script: [buy(0)],
    boundary: 60,
    before: 'silent',
    at: 'churned',
    probe: { before: { from: 'silent', to: 'resurrected' }, at: { from: 'churned', to: 'resurrected' } },
  },
];

describe('every stage boundary, both bases, 1 ms before and at the boundary (fake clock)', () => {
  const rows = boundaries.flatMap((row) => [
    { ...row, side: 'before' as const, offset: justBefore },
    { ...row, side: 'at' as const, offset: 0 },
  ]);

  it.each(rows)('$basis basis: $name ($side)', ({ basis, script, boundary, before, at, probe, side, offset }) => {
    const h = harness({ lifecycle: { newBasis: basis } });
    for (const { day, event } of script) {
      h.at(day);
      h.track(event);
    }
    h.at(boundary, offset);
    expect(h.stage()).toBe(side === 'before' ? before : at);
    if (probe) expect(h.track('app_open') ?? null).toEqual(probe[side]);
  });
});
