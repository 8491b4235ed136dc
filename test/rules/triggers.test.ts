import { describe, expect, it } from 'vitest';
import { aRule, harness, page, track } from './helpers';

describe('triggers', () => {
  it('event trigger fires on its event only, filtered by `where` on the properties', () => {
    const h = harness([aRule('cart', { trigger: { event: 'add_to_cart', where: { price: { $gte: 50 } } } })]);
    expect(h.send(track('add_to_cart', { price: 10 }))).toEqual([]);
    expect(h.send(track('view_item', { price: 99 }))).toEqual([]);
    const [d] = h.send(track('add_to_cart', { price: 99 }));
    expect(d).toMatchObject({ kind: 'show', rule: { id: 'cart' }, nudge: { type: 'toast', body: 'cart' }, priority: 0, order: 0 });
  });

  it('sessionStart trigger fires on session_start', () => {
    const h = harness([aRule('hello', { trigger: { sessionStart: true } })]);
    expect(h.send(track('go'))).toEqual([]);
    expect(h.shown()).toEqual([]);
    h.send(track('session_start', {}, 's2'));
    expect(h.shown()).toEqual(['hello']);
  });

  it('stageChange trigger matches from and to', () => {
    const h = harness([
      aRule('back', { trigger: { stageChange: { from: 'silent', to: 'resurrected' } } }),
      aRule('any-active', { trigger: { stageChange: { to: 'active' } } }),
    ]);
    const event = track('purchase');
    h.engine.handle({ event, attributes: {}, stageChange: { from: 'churned', to: 'resurrected' } });
    expect(h.decisions).toEqual([]);
    h.engine.handle({ event, attributes: {}, stageChange: { from: 'silent', to: 'resurrected' } });
    h.engine.handle({ event, attributes: {}, stageChange: { from: 'new', to: 'active' } });
    expect(h.shown()).toEqual(['back', 'any-active']);
    // Without a stage change the same event fires nothing.
    h.engine.handle({ event, attributes: {} });
    expect(h.decisions).toHaveLength(2);
  });

  it('page trigger matches a glob over the page path (context or properties.path)', () => {
    const h = harness([aRule('pricing', { trigger: { page: '/pricing*' } }), aRule('blog', { trigger: { page: '/blog/*/comments' } })]);
    h.send(page('/about'));
    h.send(page('/pricing/teams'));
    h.send(page('/blog/2026/hello/comments'));
    const bare = page('/x');
    delete (bare.context as { page?: unknown }).page;
    (bare as { properties: Record<string, unknown> }).properties = { path: '/pricing' };
    h.send(bare);
    expect(h.shown()).toEqual(['pricing', 'blog', 'pricing']);
  });

  it('milestone trigger fires on exactly the Nth event, from the profile counter', () => {
    const h = harness([aRule('fifth', { trigger: { milestone: { event: 'purchase', count: 5 } } })]);
    for (let n = 1; n <= 7; n++) h.send(track('purchase'), { events: { purchase: { count: n } } });
    expect(h.shown()).toEqual(['fifth']);
  });

  it('milestone trigger counts by itself when the profile has no counter, and the count survives a reload', () => {
    const rules = [aRule('third', { trigger: { milestone: { event: 'purchase', count: 3 } } })];
    const h = harness(rules);
    h.send(track('purchase'));
    h.send(track('purchase'));
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved() });
    reloaded.send(track('purchase'));
    reloaded.send(track('purchase'));
    expect(h.shown()).toEqual([]);
    expect(reloaded.shown()).toEqual(['third']);
  });

  it('inactivityMs trigger fires once after that long without activity, re-armed by activity()', () => {
    const h = harness([aRule('idle', { trigger: { inactivityMs: 30_000 } }), aRule('long-idle', { trigger: { inactivityMs: 120_000 }, priority: 5 })]);
    h.engine.activity();
    h.clock.advance(20_000);
    h.engine.activity();
    h.clock.advance(20_000);
    expect(h.shown()).toEqual([]);
    h.clock.advance(10_001);
    expect(h.shown()).toEqual(['idle']);
    h.clock.advance(60_000);
    expect(h.shown()).toEqual(['idle']);
    h.clock.advance(40_000);
    expect(h.shown()).toEqual(['idle', 'long-idle']);
    // Nothing more until the user is active again.
    h.clock.advance(600_000);
    expect(h.shown()).toEqual(['idle', 'long-idle']);
    h.engine.activity();
    h.clock.advance(30_000);
    expect(h.shown()).toEqual(['idle', 'long-idle', 'idle']);
  });

  it('inactivity rules see getAttributes() for their condition', () => {
    const h = harness([aRule('idle-vip', { trigger: { inactivityMs: 5_000 }, when: { tier: 'high' } })]);
    h.attributes = { tier: 'low' };
    h.engine.activity();
    h.clock.advance(6_000);
    expect(h.shown()).toEqual([]);
    h.attributes = { tier: 'high' };
    h.engine.activity();
    h.clock.advance(6_000);
    expect(h.shown()).toEqual(['idle-vip']);
  });

  it('evaluates only the rules indexed under the event', () => {
    let reads = 0;
    const attributes = new Proxy({} as Record<string, unknown>, { get: (_t, key) => (reads++, key === 'x' ? 1 : undefined), has: () => true });
    const rules = Array.from({ length: 50 }, (_, i) => aRule(`r${i}`, { trigger: { event: `e${i % 10}` }, when: { x: 2 } }));
    const h = harness(rules);
    h.engine.handle({ event: track('e3'), attributes });
    expect(reads).toBe(5);
  });

  it('disabled rules never fire', () => {
    const h = harness([aRule('off', { enabled: false })]);
    h.send(track('go'));
    expect(h.decisions).toEqual([]);
  });
});
