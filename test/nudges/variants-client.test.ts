/**
 * Variants through the real client: what reaches the backend (a recording transport) for each
 * arm. Exposure first, once per user and rule version, in every arm, whatever becomes of the
 * nudge; every nudge_* event with its variant and version; the holdout's conversions too.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type NudgeKitError } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import type { Renderer } from '../../src/entries/rules';
import { bucketOf } from '../../src/rules/assign';
import { compileArms } from '../../src/rules/compile-arms';
import type { RuleDefinition } from '../../src/rules/types';
import { withStandardFeatures } from '../helpers/features';

const EXPERIMENT: RuleDefinition = {
  id: 'upsell',
  trigger: { event: 'add_to_cart' },
  variants: [
    { id: 'a', nudge: { type: 'toast', body: 'Free shipping over 50 €' } },
    { id: 'b', nudge: { type: 'banner', body: '10% off today' } },
  ],
  holdout: 0.2,
  version: 3,
  goal: { event: 'purchase', withinMs: 86_400_000 },
};
const WEIGHTS = { holdout: 0.2, a: 0.4, b: 0.4 };
const userIn = (arm: string) => Array.from({ length: 1000 }, (_, i) => `customer-${i}`).find((u) => bucketOf(compileArms(EXPERIMENT), u) === arm)!;

interface Sent {
  event?: string;
  userId?: string | null;
  properties?: Record<string, unknown>;
}

async function setUp(options: { renderer?: Renderer; listen?: boolean } = {}) {
  const clock = createManualClock(new Date(2026, 0, 5, 9, 0).getTime());
  const errors: NudgeKitError[] = [];
  const sent: Sent[] = [];
  const nk = createNudgeKit(withStandardFeatures({
    clock,
    store: memoryStore(),
    endpoint: 'https://collect.test/v1/batch',
    gzip: false,
    transport: async (request) => {
      sent.push(...(JSON.parse(String(request.body)) as { batch: Sent[] }).batch);
      return { status: 200 };
    },
    rules: [EXPERIMENT],
    ...(options.renderer && { renderer: options.renderer }),
    onError: (error) => void errors.push(error),
  }));
  await nk.ready();
  if (options.listen) {
    nk.on('nudge', (nudge) => {
      nudge.shown();
      if (nudge.variant === 'a') nudge.click('primary');
      else nudge.dismiss('close');
    });
  }
  const nudgeEvents = async () => {
    await nk.flush();
    return sent.filter((e) => e.event?.startsWith('nudge_'));
  };
  return { nk, clock, errors, nudgeEvents };
}

describe('variants through the client', () => {
  it.each(['a', 'b'])('variant %s: one exposure with the shares and goal, then every nudge_* event carries the variant and version', async (arm) => {
    const { nk, clock, errors, nudgeEvents } = await setUp({ listen: true });
    nk.identify(userIn(arm));
    for (let i = 0; i < 3; i++) {
      nk.track('add_to_cart');
      clock.advance(60_000);
    }
    nk.track('purchase');
    const events = await nudgeEvents();
    const exposures = events.filter((e) => e.event === 'nudge_exposure');
    expect(exposures).toHaveLength(1);
    expect(exposures[0]!.properties).toEqual({ ruleId: 'upsell', variant: arm, version: 3, weights: WEIGHTS, goal: { event: 'purchase', withinMs: 86_400_000 } });
    expect(exposures[0]!.userId).toBe(userIn(arm));
    expect(events[0]!.event).toBe('nudge_exposure'); // before anything the nudge did
    const rest = events.filter((e) => e.event !== 'nudge_exposure');
    expect(rest.map((e) => e.event)).toEqual([
      ...Array.from({ length: 3 }, () => ['nudge_shown', arm === 'a' ? 'nudge_clicked' : 'nudge_dismissed']).flat(),
      'nudge_converted',
    ]);
    for (const e of rest) expect(e.properties).toMatchObject({ ruleId: 'upsell', variant: arm, version: 3 });
    expect(errors).toEqual([]);
    await nk.shutdown();
  });

  it('the holdout: exposure, nudge_held_out with variant holdout, and a conversion in the window is nudge_converted with variant holdout', async () => {
    const seen: string[] = [];
    const { nk, clock, nudgeEvents } = await setUp();
    nk.on('nudge', (nudge) => void seen.push(nudge.ruleId));
    nk.identify(userIn('holdout'));
    nk.track('add_to_cart');
    clock.advance(60_000);
    nk.track('add_to_cart');
    clock.advance(3_600_000);
    nk.track('purchase');
    const events = await nudgeEvents();
    expect(seen).toEqual([]);
    expect(events.map((e) => [e.event, e.properties?.['variant'], e.properties?.['version']])).toEqual([
      ['nudge_exposure', 'holdout', 3],
      ['nudge_held_out', 'holdout', 3],
      ['nudge_held_out', 'holdout', 3],
      ['nudge_converted', 'holdout', 3],
    ]);
    expect(events[0]!.properties).toMatchObject({ weights: WEIGHTS });
    await nk.shutdown();
  });

  it('a render that fails is still an exposure; the drop that follows carries the variant and its reason', async () => {
    const failing: Renderer = () => {
      throw new Error('layout broke');
    };
    const { nk, clock, errors, nudgeEvents } = await setUp({ renderer: failing });
    nk.identify(userIn('b'));
    nk.track('add_to_cart');
    clock.advance(10_000); // nobody showed it: withdrawn
    const events = await nudgeEvents();
    expect(events.map((e) => [e.event, e.properties?.['variant'], e.properties?.['reason'] ?? null])).toEqual([
      ['nudge_exposure', 'b', null],
      ['nudge_dropped', 'b', 'unclaimed'],
    ]);
    expect(events[1]!.properties).toMatchObject({ ruleId: 'upsell', version: 3 });
    expect(errors.map((e) => e.code)).toEqual(['nudge_failed', 'nudge_failed']);
    await nk.shutdown();
  });

  it('track("nudge_exposure") from the app is refused: only NudgeKit logs exposures', async () => {
    const { nk, errors, nudgeEvents } = await setUp();
    nk.track('nudge_exposure' as never, { ruleId: 'upsell', variant: 'a' } as never);
    expect(errors.map((e) => e.code)).toEqual(['reserved_event']);
    expect(await nudgeEvents()).toEqual([]);
    await nk.shutdown();
  });
});
