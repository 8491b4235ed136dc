/**
 * A nudge whose goal was met closes (issue 16): the first-order coupon banner must not stay
 * on screen after the order it asked for.
 */
import { describe, expect, it } from 'vitest';
import { createNudgeKit, memoryStore, type AnalyticsEvent } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { rule, type ActiveNudge, type CloseReason } from '../../src/entries/rules';
import { withStandardFeatures } from '../helpers/features';

const coupon = rule('first-order')
  .on({ event: 'product_viewed' })
  .show({ type: 'banner', title: '10% off your first order', body: 'Use FIRST10.' })
  .goal({ event: 'purchase', withinMs: 3 * 86_400_000 });

function setup() {
  const clock = createManualClock(new Date(2026, 2, 2, 10, 0).getTime());
  const nk = createNudgeKit(withStandardFeatures({ clock, store: memoryStore(), rules: [coupon] }));
  const nudges: ActiveNudge[] = [];
  const closes: CloseReason[] = [];
  const events: AnalyticsEvent[] = [];
  nk.on('nudge', (n) => {
    nudges.push(n);
    n.shown();
    n.onClose((reason) => closes.push(reason));
  });
  nk.on('event', (e) => events.push(e));
  const named = (name: string) => events.filter((e) => e.type === 'track' && e.event === name);
  return { nk, nudges, closes, named };
}

describe('a nudge whose goal was met', () => {
  it('closes when the goal event happens, tracked as dismissed with reason goal_met after nudge_converted', async () => {
    const { nk, nudges, closes, named } = setup();
    nk.track('product_viewed', { sku: 'A' });
    await nk.flush();
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.closed).toBe(false);

    nk.track('purchase', { revenue: 20 });
    await nk.flush();
    expect(nudges[0]!.closed).toBe(true);
    expect(closes).toEqual(['goal_met']);
    expect(named('nudge_converted').map((e) => e.type === 'track' && e.properties.ruleId)).toEqual(['first-order']);
    expect(named('nudge_dismissed').map((e) => e.type === 'track' && e.properties.reason)).toEqual(['goal_met']);
    expect(nk.profile()!.nudges['first-order']).toMatchObject({ shown: 1, converted: 1, dismissed: 1 });
    await nk.shutdown();
  });

  it('stays open for an event that is not its goal', async () => {
    const { nk, nudges } = setup();
    nk.track('product_viewed', { sku: 'A' });
    nk.track('add_to_cart', { sku: 'A' });
    await nk.flush();
    expect(nudges[0]!.closed).toBe(false);
    await nk.shutdown();
  });
});
