import { bgnbd } from '../../src/lifecycle/churn-model';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AnalyticsEvent, JsonObject } from '../../src/core/types';
import { PROFILE_VERSION } from '../../src/profile';
import { DAY_MS, harness } from './helpers';

const computed = { n: { on: '*', reduce: (v: unknown) => (v as number) + 1, initial: 0 } };
const lifecycle = { churnModel: bgnbd({ r: 0.5, alpha: 3, a: 1.5, b: 2 }) };

function history() {
  const h = harness({ computed, lifecycle });
  h.identify('u-1', { plan: 'pro', tags: ['a', 'b'] });
  h.track('session_start', { sessionId: 's', index: 1 });
  h.track('purchase', { revenue: 19.99 });
  h.track('nudge_shown', { ruleId: 'welcome' });
  h.at(3.5);
  h.track('add_to_cart', { price: 3 });
  h.at(30);
  h.track('purchase', { revenue: 5 });
  return h;
}

describe('profile persistence', () => {
  it('serialises to versioned JSON and restores the same profile', () => {
    const a = history();
    const saved = JSON.parse(JSON.stringify(a.engine.serialize())) as Record<string, unknown>;
    expect(saved.v).toBe(PROFILE_VERSION);
    const b = harness({ computed, lifecycle });
    b.clock.set(a.clock.now());
    b.engine.restore(saved);
    expect(b.errors).toEqual([]);
    expect(b.engine.serialize()).toEqual(saved);
    const [pa, pb] = [a.engine.current(), b.engine.current()];
    // Counter times are stored to the second; everything else is exact.
    expect({ ...pb, events: {} }).toEqual({ ...pa, events: {} });
    expect(Object.keys(pb.events).sort()).toEqual(Object.keys(pa.events).sort());
    expect(pb.events.purchase?.count).toBe(2);
    // The restored profile goes on: stage changes are seen as before.
    b.at(60);
    expect(b.track('app_open')).toEqual({ from: 'silent', to: 'resurrected' });
  });

  it('keeps the last announced stage across a reload, so a change time made is announced once after it', () => {
    const a = harness();
    a.track('purchase');
    a.at(10);
    a.track('app_open'); // still new
    const saved = JSON.parse(JSON.stringify(a.engine.serialize())) as Record<string, unknown>;
    expect(saved.st).toBe('new');
    const b = harness();
    b.engine.restore(saved);
    b.at(15); // the new window ended on day 14, while the app was closed
    expect(b.track('app_open')).toEqual({ from: 'new', to: 'active' });
    expect(b.track('app_open')).toBeUndefined();
    // A profile saved before the field existed restores without it and announces from the next change on.
    const c = harness();
    c.engine.restore({ ...saved, st: undefined });
    expect(c.errors).toEqual([]);
    c.at(15);
    expect(c.track('app_open')).toBeUndefined();
  });

  it('starts fresh, silently, when nothing was stored', () => {
    const h = harness();
    h.engine.restore(undefined);
    expect(h.errors).toEqual([]);
    expect(h.engine.current().firstSeen).toBeNull();
  });

  it.each([
    ['a string', 'profile'],
    ['an unknown version', { v: 99 }],
    ['a truncated record', { v: 1, u: null, t: [0, 0] }],
    ['a wrong field type', { ...JSON.parse(JSON.stringify(history().engine.serialize())), e: ['name', 'x', 0, 0] }],
    ['a bad day history', { ...JSON.parse(JSON.stringify(history().engine.serialize())), ad: [1, 'zz', 1] }],
  ])('drops %s, reports storage_corrupt and starts fresh', (_label, saved) => {
    const h = harness({ computed });
    h.track('before');
    h.engine.restore(saved);
    expect(h.errors.map((e) => e.code)).toEqual(['storage_corrupt']);
    expect(h.engine.current()).toMatchObject({ firstSeen: null, events: {}, computed: { n: 0 } });
  });
});

const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }) as fc.Arbitrary<JsonObject>;
const names = fc.constantFrom('purchase', 'app_open', 'session_start', 'nudge_shown', 'nudge_clicked', 'stage_change', 'add_to_cart', '__proto__', 'constructor', '');
const eventArb: fc.Arbitrary<{ advance: number; event: unknown }> = fc.record({
  advance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * DAY_MS }), fc.integer({ min: 0, max: 90 * DAY_MS })),
  event: fc.oneof(
    fc.record({ type: fc.constant('track'), event: fc.oneof(names, fc.string()), properties: fc.oneof(jsonObject, fc.record({ ruleId: fc.string(), revenue: fc.oneof(fc.double(), fc.constant(1.7e308), fc.string()) })), userId: fc.option(fc.string()) }),
    fc.record({ type: fc.constant('identify'), traits: fc.oneof(jsonObject, fc.constant({ ['__proto__']: { polluted: true } } as JsonObject)), userId: fc.option(fc.string()) }),
    fc.record({ type: fc.constant('page'), name: fc.option(fc.string()), properties: jsonObject }),
    fc.anything(),
  ),
});

describe('profile engine under arbitrary input (fast-check)', () => {
  it('apply() never throws, and serialize() round-trips through restore()', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (steps) => {
        const h = harness({ computed, lifecycle, maxEventNames: 5 });
        for (const { advance, event } of steps) {
          h.clock.advance(advance);
          expect(() => h.engine.apply(event as AnalyticsEvent)).not.toThrow();
          expect(() => h.engine.attributes()).not.toThrow();
        }
        const saved = JSON.parse(JSON.stringify(h.engine.serialize())) as unknown;
        const again = harness({ computed, lifecycle, maxEventNames: 5 });
        again.clock.set(h.clock.now());
        again.engine.restore(saved);
        expect(again.errors).toEqual([]);
        expect(JSON.stringify(again.engine.serialize())).toBe(JSON.stringify(saved));
        expect(again.engine.attributes().stage).toBe(h.engine.attributes().stage);
        expect(again.engine.attributes().tier).toBe(h.engine.attributes().tier);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('restore() never throws on arbitrary stored values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ v: fc.constant(1), t: fc.anything(), s: fc.anything(), e: fc.anything(), tr: fc.anything() })), (saved) => {
        const h = harness();
        expect(() => h.engine.restore(saved)).not.toThrow();
        expect(() => h.track('x')).not.toThrow();
      }),
    );
  });
});
