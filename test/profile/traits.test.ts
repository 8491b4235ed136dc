import { describe, expect, it } from 'vitest';
import { harness } from './helpers';

describe('traits from identify stay bounded', () => {
  it('keeps at most 100 keys: 5,000 identify calls with new keys leave a small profile and report what was left out', () => {
    const h = harness();
    for (let i = 0; i < 5000; i++) h.identify('u', { [`k${i}`]: i });
    const traits = h.engine.current().traits;
    expect(Object.keys(traits)).toHaveLength(100);
    expect(traits).toMatchObject({ k0: 0, k99: 99 });
    expect(traits).not.toHaveProperty('k100');
    expect(JSON.stringify(h.engine.serialize()).length).toBeLessThan(4096);
    expect(h.errors).toHaveLength(4900);
    expect(h.errors[0]).toMatchObject({ code: 'invalid_property', details: { dropped: ['k100'] } });
    expect(h.errors[0]!.message).toBe('profile traits full (100 keys, 4096 bytes): 1 left out');
    // The events themselves were all counted.
    expect(h.engine.current().events.identify!.count).toBe(5000);
  });

  it('still updates keys it already holds once full', () => {
    const h = harness({ maxTraitKeys: 2 });
    h.identify('u', { plan: 'free', name: 'Ada' });
    h.identify('u', { plan: 'pro', city: 'Paris' });
    expect(h.engine.current().traits).toEqual({ plan: 'pro', name: 'Ada' });
    expect(h.errors.map((e) => e.details)).toEqual([{ dropped: ['city'] }]);
  });

  it('keeps at most 4096 bytes of JSON: a trait that would pass it is left out and the old value stays', () => {
    const h = harness();
    h.identify('u', { bio: 'short', plan: 'free' });
    h.identify('u', { bio: 'x'.repeat(5000), plan: 'pro' });
    expect(h.engine.current().traits).toEqual({ bio: 'short', plan: 'pro' });
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatchObject({ code: 'invalid_property', details: { dropped: ['bio'] } });
    // Many mid-sized traits: they fill up to the limit and no further.
    for (let i = 0; i < 50; i++) h.identify('u', { [`note${i}`]: 'y'.repeat(200) });
    expect(JSON.stringify(h.engine.current().traits).length).toBeLessThanOrEqual(4096);
    expect(JSON.stringify(h.engine.current().traits).length).toBeGreaterThan(4096 - 220);
  });

  it('takes its limits from the engine options', () => {
    const h = harness({ maxTraitKeys: 500, maxTraitBytes: 100_000 });
    for (let i = 0; i < 300; i++) h.identify('u', { [`k${i}`]: i });
    expect(Object.keys(h.engine.current().traits)).toHaveLength(300);
    expect(h.errors).toHaveLength(0);
  });
});
