/**
 * Acceptance: the same rules make the same decisions on the device and in the simulator for
 * the same user history. The device is the real client (createNudgeKit + lifecycle() +
 * targeting(), headless, a manual clock); the simulator replays what that device recorded
 * (its own events left out, as the collector's export has them but the simulator remakes them).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNudgeKit } from '../../src/index';
import { createManualClock } from '../../src/core/clock';
import { lifecycle } from '../../src/entries/lifecycle';
import { targeting } from '../../src/entries/rules';
import { createSimulator } from '../../src/entries/simulate';
import { isReservedEventName, type AnalyticsEvent } from '../../src/core/types';
import type { ActiveNudge } from '../../src/nudges/active-nudge';
import type { RuleDefinition } from '../../src/rules/types';

const MIN = 60_000;
const DAY = 86_400_000;
const toast = { type: 'toast', body: 'Hi' } as const;
const modal = { type: 'modal', title: 'Hello', body: 'Hi' } as const;

// Every kind of trigger, with caps, a schedule with quiet hours, a delay, a holdout with variants, a sample,
// priorities that conflict, and global fatigue.
const RULES: RuleDefinition[] = [
  { id: 'cart', trigger: { event: 'add_to_cart', where: { price: { $gte: 50 } } }, cap: { perDay: 1 }, priority: 2, nudge: toast },
  { id: 'back', trigger: { stageChange: { to: 'resurrected' } }, cap: { lifetime: 2 }, priority: 9, nudge: modal },
  { id: 'idle', trigger: { inactivityMs: 2 * DAY }, when: { stage: { $ne: 'churned' } }, cap: { perWeek: 2 }, nudge: toast },
  { id: 'buy', trigger: { event: 'purchase' }, holdout: 0.4, cap: { cooldownMs: 3 * DAY }, goal: { event: 'purchase', withinMs: 7 * DAY },
    variants: [{ id: 'a', nudge: toast }, { id: 'b', weight: 2, nudge: modal }] },
  { id: 'hello', trigger: { sessionStart: true }, sample: 0.6, cap: { perSession: 1, perWeek: 3 }, schedule: { quietHours: { from: '22:00', to: '07:00' } }, priority: 1, nudge: modal },
  { id: 'pricing', trigger: { page: '/pricing*' }, delayMs: 30_000, cap: { perDay: 2 }, priority: 3, nudge: toast },
  { id: 'fifth', trigger: { milestone: { event: 'view_item', count: 5 } }, priority: 4, nudge: toast },
];
const FATIGUE = { maxPerDay: 3, minGapMs: 10 * MIN };

type Step =
  | { gap: number; kind: 'track'; event: 'add_to_cart' | 'purchase' | 'view_item'; value: number }
  | { gap: number; kind: 'page'; path: string }
  | { gap: number; kind: 'identify'; user: string };

const gap = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1000, max: 20 * MIN }) },
  { weight: 3, arbitrary: fc.integer({ min: 20 * MIN, max: 2 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 * DAY, max: 40 * DAY }) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ gap, kind: fc.constant('track' as const), event: fc.constantFrom('add_to_cart' as const, 'purchase' as const, 'view_item' as const), value: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 2, arbitrary: fc.record({ gap, kind: fc.constant('page' as const), path: fc.constantFrom('/', '/pricing', '/pricing/team', '/help') }) },
  { weight: 1, arbitrary: fc.record({ gap, kind: fc.constant('identify' as const), user: fc.constantFrom('u-1', 'u-2', 'u-3', 'u-4') }) },
);

/** What both sides decided, in order: NudgeKit's own events, with when and for which rule. */
const decision = (e: AnalyticsEvent) =>
  `${e.timestamp} ${e.type === 'track' ? e.event : e.type} ${JSON.stringify(e.type === 'track' ? { ...e.properties, nudgeId: undefined, sessionId: undefined } : {})}`;

/** Runs the history on the real client; returns its events (all of them) in order. */
async function onDevice(steps: Step[], start: number, dwellMs: number): Promise<AnalyticsEvent[]> {
  // The app opens with the first event: the simulator has nothing before it to go by.
  const clock = createManualClock(start + steps[0]!.gap);
  const nk = createNudgeKit({ clock, features: [lifecycle(), targeting({ rules: RULES, fatigue: FATIGUE })], onError: () => {} });
  const events: AnalyticsEvent[] = [];
  nk.on('event', (e) => void events.push(structuredClone(e)));
  nk.on('nudge', (n: ActiveNudge) => {
    n.shown();
    if (dwellMs === 0) n.dismiss('close');
    else if (Number.isFinite(dwellMs)) clock.setTimeout(() => n.dismiss('close'), dwellMs);
  });
  await nk.ready();
  let at = start;
  for (const s of steps) {
    at += s.gap;
    clock.set(at);
    if (s.kind === 'track') nk.track(s.event, s.event === 'purchase' ? { revenue: s.value } : { price: s.value });
    else if (s.kind === 'page') nk.page('P', { path: s.path });
    else nk.identify(s.user, { plan: 'free' });
  }
  await nk.shutdown();
  return events;
}

function inSimulator(recorded: AnalyticsEvent[], dwellMs: number): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  const sim = createSimulator({ rules: RULES, fatigue: FATIGUE, dwellMs, observe: (_user, e) => void out.push(structuredClone(e)) });
  for (const e of recorded) expect(sim.push(structuredClone(e))).toBeUndefined();
  sim.end();
  return out;
}

describe('simulate: the same decisions as the device', () => {
  it('makes the decisions the real client makes, over random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 24 * 60 }),
        fc.constantFrom(0, 20_000, Infinity),
        async (steps, minuteOfDay, dwellMs) => {
          const start = Date.UTC(2026, 2, 2) + minuteOfDay * MIN;
          const device = await onDevice(steps, start, dwellMs);
          const recorded = device.filter((e) => e.type !== 'track' || !isReservedEventName(e.event));
          const own = (list: AnalyticsEvent[]) => list.filter((e) => e.type === 'track' && isReservedEventName(e.event)).map(decision);
          const simulated = inSimulator(recorded, dwellMs);
          expect(own(simulated)).toEqual(own(device));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is not a tautology: other rules give other decisions', async () => {
    const steps: Step[] = [{ gap: 1000, kind: 'track', event: 'add_to_cart', value: 80 }, { gap: 3 * DAY, kind: 'track', event: 'add_to_cart', value: 90 }];
    const device = await onDevice(steps, Date.UTC(2026, 2, 2, 12), 0);
    const recorded = device.filter((e) => e.type !== 'track' || !isReservedEventName(e.event));
    const out: AnalyticsEvent[] = [];
    createSimulator({ rules: RULES.slice(1), observe: (_u, e) => void out.push(e) }).push(recorded[0]);
    const shown = (list: AnalyticsEvent[]) => list.filter((e) => e.type === 'track' && e.event === 'nudge_shown').map((e) => (e.type === 'track' ? e.properties.ruleId : ''));
    expect(shown(device)).toContain('cart');
    const sim = inSimulator(recorded, 0);
    expect(shown(sim)).toEqual(shown(device));
    expect(shown(out)).not.toContain('cart');
  });
});
