/**
 * The simulator's options: input in time order, the warm-up before `from`, the window's end
 * `to`, dwell times, bad options and events.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, simulate, SimulateInputError } from '../../src/entries/simulate';
import { history, DAY } from './history';

const toast = { type: 'toast', body: 'Hi' } as const;
const RULES = [
  { id: 'cart', trigger: { event: 'add_to_cart' }, cap: { perDay: 2 }, priority: 1, nudge: toast },
  { id: 'idle', trigger: { inactivityMs: 5 * DAY }, nudge: toast },
  { id: 'back', trigger: { stageChange: { to: 'resurrected' } }, holdout: 0.5, nudge: toast },
];
const at = (iso: string) => Date.parse(iso);
const ev = (user: string, event: string, timestamp: string) => ({ type: 'track', event, anonymousId: user, userId: null, timestamp, properties: {} });

describe('createSimulator', () => {
  it('gives the same report for input in time order as for input grouped by user', async () => {
    const events = [...history({ users: 200, perUser: 30, seed: 3 })];
    const byTime = [...events].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    const grouped = await simulate(events, { rules: RULES });
    const timed = await simulate(byTime, { rules: RULES, order: 'time' });
    expect(timed.rules).toEqual(grouped.rules);
    expect(timed.overlap).toEqual(grouped.overlap);
    expect(grouped.rules[0]!.shown.users).toBeGreaterThan(0);
  });

  it('with few live users, replays the least recently seen to the end first (and its later events on a fresh device)', async () => {
    const events = [ev('a', 'add_to_cart', '2026-01-01T10:00:00Z'), ev('b', 'add_to_cart', '2026-01-01T10:01:00Z'), ev('a', 'add_to_cart', '2026-01-01T10:02:00Z')];
    const report = await simulate(events, { rules: RULES, order: 'time', maxLiveUsers: 1 });
    expect(report.users).toBe(3);
  });

  it('builds profiles from events before `from` without running rules on them', async () => {
    const events = [ev('a', 'add_to_cart', '2026-01-01T10:00:00Z'), ev('a', 'add_to_cart', '2026-01-05T10:00:00Z')];
    const all = await simulate(events, { rules: RULES });
    const later = await simulate(events, { rules: RULES, from: at('2026-01-03T00:00:00Z') });
    expect(all.rules[0]!.shown.times).toBe(2);
    expect(later.rules[0]!.shown.times).toBe(1);
    expect(later.events).toBe(2);
  });

  it('runs timers up to `to` after each user’s last event, and skips events after it', async () => {
    const events = [ev('a', 'view', '2026-01-01T10:00:00Z'), ev('a', 'view', '2026-01-02T10:00:00Z'), ev('a', 'view', '2026-03-01T10:00:00Z')];
    const idle = (r: Awaited<ReturnType<typeof simulate>>) => r.rules.find((x) => x.id === 'idle')!.shown.times;
    expect(idle(await simulate(events, { rules: RULES }))).toBe(1); // the gap before March
    expect(idle(await simulate(events, { rules: RULES, to: at('2026-03-10T00:00:00Z') }))).toBe(2); // and after the last event
    const cut = await simulate(events, { rules: RULES, to: at('2026-02-01T00:00:00Z') });
    expect(cut.skipped).toBe(1);
    expect(idle(cut)).toBe(1); // idle from Jan 7 to the end of the window
  });

  it('with nudges left on screen, a later one waits and goes stale (suppressed as stale)', async () => {
    const events = [ev('a', 'add_to_cart', '2026-01-01T10:00:00Z'), ev('a', 'view', '2026-01-01T10:00:30Z'), ev('a', 'scroll', '2026-01-01T10:05:00Z')];
    const modal = { type: 'modal', title: 'T', body: 'B' } as const;
    const rules = [{ id: 'm', trigger: { event: 'add_to_cart' }, nudge: modal }, { id: 'n', trigger: { event: 'view' }, cap: { lifetime: 1 }, nudge: modal }];
    const closed = await simulate(events, { rules });
    const open = await simulate(events, { rules, dwellMs: 120_000 }); // m closes after 2 min: n waited 90 s, over the 60 s limit
    expect(closed.rules[1]!.shown.times).toBe(1);
    expect(open.rules[1]!.shown.times).toBe(0);
    expect(open.rules[1]!.suppressed).toEqual({ stale: 1 });
  });

  it('assigns variants as the device does and reports each arm', async () => {
    const rules = [{ id: 'v', trigger: { event: 'add_to_cart' }, cap: { lifetime: 1 }, holdout: 0.2, variants: [{ id: 'a', nudge: toast }, { id: 'b', weight: 3, nudge: toast }] }];
    const report = await simulate([...history({ users: 2000, perUser: 10, seed: 9 })], { rules });
    const { arms, audience } = report.rules[0]!;
    expect(arms.holdout!.exposed + arms.a!.exposed + arms.b!.exposed).toBe(audience.users);
    expect(arms.holdout!.shown).toBe(0);
    expect(arms.a!.shown).toBe(arms.a!.exposed);
    // Holdout first (20 %), then a : b = 1 : 3 of the rest.
    expect(arms.holdout!.exposed / audience.users).toBeCloseTo(0.2, 1);
    expect(arms.b!.exposed / arms.a!.exposed).toBeGreaterThan(2.4);
    expect(arms.b!.exposed / arms.a!.exposed).toBeLessThan(3.6);
  });

  it('refuses a bad rule or option with its path, and says why an event is malformed', async () => {
    expect(() => createSimulator({ rules: [{ id: 'x', trigger: {}, nudge: toast }] })).toThrow(/^rules\[0\]\.trigger/);
    expect(() => createSimulator({ rules: [], dwellMs: -1 })).toThrow(/dwellMs/);
    expect(() => createSimulator({ rules: [], lifecycle: { conversionEvents: 'purchase' as never } })).toThrow(/lifecycle\.conversionEvents/);
    const sim = createSimulator({ rules: RULES });
    expect(sim.push('x')).toBe('expected a JSON object (one event)');
    expect(sim.push({ type: 'track', event: 'a', timestamp: '2026-01-01T00:00:00Z' })).toBe('expected "anonymousId" or "userId"');
    expect(sim.push({ type: 'alias', anonymousId: 'a', timestamp: '2026-01-01T00:00:00Z' })).toBeUndefined();
    await expect(simulate([{ type: 'track' }], { rules: RULES })).rejects.toBeInstanceOf(SimulateInputError);
  });
});
