import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/clock';
import { resolveLifecycleOptions, rfmScores, rfmSegment, valueTier } from '../../src/lifecycle';
import { harness } from '../profile/helpers';

const defaults = resolveLifecycleOptions();
const facts = (conversions365: number, revenue365 = 0, lastConversion: number | null = 0) => ({ lastConversion, conversions365, revenue365 });

describe('valueTier', () => {
  it('by conversions in 365 days without money thresholds: ≤ 1 low, 2–4 mid, ≥ 5 high', () => {
    expect([0, 1, 2, 4, 5, 50].map((n) => valueTier(facts(n), defaults.tier))).toEqual(['low', 'low', 'mid', 'mid', 'high', 'high']);
  });

  it('by spend in 365 days once highSpend is set', () => {
    const tier = resolveLifecycleOptions({ tier: { highSpend: 500, midSpend: 100 } }).tier;
    expect([0, 99.99, 100, 499.99, 500].map((r) => valueTier(facts(1, r), tier))).toEqual(['low', 'low', 'mid', 'mid', 'high']);
    const anySpend = resolveLifecycleOptions({ tier: { highSpend: 500 } }).tier;
    expect([0, 0.01].map((r) => valueTier(facts(9, r), anySpend))).toEqual(['low', 'mid']);
  });

  it('moves with custom conversion cut-points', () => {
    const tier = resolveLifecycleOptions({ tier: { highConversions: 10, midConversions: 3 } }).tier;
    expect([2, 3, 9, 10].map((n) => valueTier(facts(n), tier))).toEqual(['low', 'mid', 'mid', 'high']);
  });
});

describe('rfmScores', () => {
  const now = 400 * DAY_MS;
  const ago = (days: number) => now - days * DAY_MS;

  it('is null for a user who never converted', () => {
    expect(rfmScores(facts(0, 0, null), now, defaults.rfm)).toBeNull();
  });

  it('scores R on days since the last conversion: ≤7→5, ≤14→4, ≤30→3, ≤60→2, else 1', () => {
    const r = [0, 7, 8, 14, 15, 30, 31, 60, 61, 365].map((d) => rfmScores(facts(1, 0, ago(d)), now, defaults.rfm)!.r);
    expect(r).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    // Whole days: 7 days 23 hours still scores as 7.
    expect(rfmScores(facts(1, 0, ago(7) - 23 * 3_600_000), now, defaults.rfm)!.r).toBe(5);
  });

  it('scores F on conversions in 365 days: 1→1, 2→2, 3–4→3, 5–9→4, ≥10→5', () => {
    const f = [1, 2, 3, 4, 5, 9, 10, 40].map((n) => rfmScores(facts(n, 0, ago(1)), now, defaults.rfm)!.f);
    expect(f).toEqual([1, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('leaves M null until monetary cut-points are set, then scores revenue', () => {
    expect(rfmScores(facts(3, 120, ago(1)), now, defaults.rfm)!.m).toBeNull();
    const cuts = resolveLifecycleOptions({ rfm: { monetary: [10, 50, 200, 1000] } }).rfm;
    expect([0, 10, 49, 50, 200, 999, 1000].map((rev) => rfmScores(facts(3, rev, ago(1)), now, cuts)!.m)).toEqual([1, 2, 2, 3, 4, 4, 5]);
  });

  it('takes server-pushed quantile cut-points in place of the defaults', () => {
    // e.g. a backend's quintile boundaries of recency (days), frequency and monetary over its customer base
    const cuts = resolveLifecycleOptions({ rfm: { recencyDays: [3, 9, 21, 90], frequency: [2, 4, 8, 16], monetary: [25.5, 80, 190.25, 600] } }).rfm;
    const s = rfmScores(facts(8, 190.25, ago(21)), now, cuts)!;
    expect(s).toEqual({ r: 3, f: 4, m: 4, segment: 'Loyal' });
    expect(rfmScores(facts(8, 190.25, ago(21)), now, defaults.rfm)).toMatchObject({ r: 3, f: 4 });
    expect(rfmScores(facts(3, 0, ago(91)), now, cuts)).toMatchObject({ r: 1, f: 2 });
    expect(rfmScores(facts(3, 0, ago(91)), now, defaults.rfm)).toMatchObject({ r: 1, f: 3 });
  });

  it('labels every cell of the R × F grid', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
    expect(grid).toEqual([
      ['New Customers', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
      ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
      ['About To Sleep', 'About To Sleep', 'Need Attention', 'Loyal', 'Loyal'],
      ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose Them"],
      ['Lost', 'Lost', 'At Risk', 'At Risk', "Can't Lose Them"],
    ]);
  });
});

describe('tier and RFM in the profile', () => {
  it('counts only the last 365 days and updates as time passes', () => {
    const h = harness({ lifecycle: { tier: { highSpend: 100, midSpend: 20 }, rfm: { monetary: [10, 50, 100, 200] } } });
    h.track('purchase', { revenue: 60 });
    h.at(100);
    h.track('purchase', { revenue: 50 });
    let a = h.engine.attributes();
    expect(a).toMatchObject({ tier: 'high', conversions365: 2, revenue365: 110, rfm: { r: 5, f: 2, m: 4 } });
    h.at(365, -1); // the first purchase is on day 0: still inside the 365 days ending on day 364
    expect(h.engine.attributes()).toMatchObject({ conversions365: 2, revenue365: 110 });
    h.at(365);
    a = h.engine.attributes();
    expect(a).toMatchObject({ tier: 'mid', conversions365: 1, revenue365: 50, revenue: 110, conversions: 2, rfm: { r: 1, f: 1, m: 3 } });
  });

  it('ignores a revenue that is not a finite number', () => {
    const h = harness();
    h.track('purchase', { revenue: 'lots' });
    h.track('purchase', { revenue: null });
    h.track('purchase', { revenue: 12.5 });
    expect(h.engine.attributes()).toMatchObject({ conversions: 3, revenue: 12.5, tier: 'mid' });
  });

  it('uses the configured conversion events and revenue property', () => {
    const h = harness({ lifecycle: { conversionEvents: ['order_completed', 'subscribe'], revenueProperty: 'total' } });
    h.track('purchase', { revenue: 10 });
    h.track('order_completed', { total: 30 });
    h.track('subscribe', { total: 5 });
    expect(h.engine.attributes()).toMatchObject({ conversions: 2, revenue: 35 });
  });
});

describe('RFM recency in the profile', () => {
  it('moves at the exact whole-day boundary after the last conversion, not at local midnight', () => {
    const h = harness({ timeZoneOffset: () => 300 });
    h.at(0, 15 * 3_600_000); // 20:00 local
    h.track('purchase');
    h.at(7, 15 * 3_600_000 + 23 * 3_600_000); // 7 days 23 hours later
    expect((h.engine.attributes().rfm as { r: number }).r).toBe(5);
    h.at(8, 15 * 3_600_000 - 1);
    expect((h.engine.attributes().rfm as { r: number }).r).toBe(5);
    h.at(8, 15 * 3_600_000);
    expect((h.engine.attributes().rfm as { r: number }).r).toBe(4);
  });
});
