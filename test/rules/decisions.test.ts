import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/clock';
import { hashUnitId, validateRules } from '../../src/rules/index';
import { ruleSources } from '../../src/rules/rule-sources';
import { indexRules } from '../../src/rules/rule-index';
import type { RuleDefinition } from '../../src/rules/types';
import { aRule, harness, track } from './helpers';

const HOUR = 3_600_000;

describe('conflicts', () => {
  it('only the highest priority shows; ties go to the rule listed first', () => {
    const h = harness([aRule('low', { priority: 1 }), aRule('high-1', { priority: 10 }), aRule('high-2', { priority: 10 }), aRule('none')]);
    const decisions = h.send(track('go'));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ kind: 'show', rule: { id: 'high-1' }, priority: 10, order: 1 });
  });

  it('a capped winner lets the next one show', () => {
    const h = harness([aRule('low', { priority: 1 }), aRule('high', { priority: 10, cap: { lifetime: 1 } })]);
    h.send(track('go'));
    h.send(track('go'));
    expect(h.shown()).toEqual(['high', 'low']);
  });

  it('a delayed rule re-checks its condition with fresh attributes when the delay passes', () => {
    const h = harness([aRule('cart', { trigger: { event: 'add_to_cart' }, delayMs: 60_000, when: { 'computed.cartItems': { $gt: 0 } } })]);
    h.attributes = { computed: { cartItems: 1 } };
    h.send(track('add_to_cart'));
    expect(h.shown()).toEqual([]);
    h.clock.advance(60_000);
    expect(h.shown()).toEqual(['cart']);
    // Second time the cart is emptied before the delay passes: nothing.
    h.send(track('add_to_cart'));
    h.attributes = { computed: { cartItems: 0 } };
    h.clock.advance(60_000);
    expect(h.shown()).toEqual(['cart']);
  });

  it('a delayed rule is scheduled once however often it fires while waiting', () => {
    const h = harness([aRule('d', { delayMs: 1_000 })]);
    h.send(track('go'));
    h.send(track('go'));
    h.send(track('go'));
    h.clock.advance(1_000);
    expect(h.shown()).toEqual(['d']);
  });

  it('a delayed winner does not hold back the others: the rules that show at once are decided at once', () => {
    // Before: the delayed rule won the conflict, then failed its re-check, and nothing showed.
    const h = harness([
      aRule('cart-reminder', { trigger: { event: 'add_to_cart' }, priority: 10, delayMs: 60_000, when: { 'computed.cartItems': { $gt: 0 } } }),
      aRule('upsell', { trigger: { event: 'add_to_cart' }, priority: 1 }),
      aRule('other', { trigger: { event: 'add_to_cart' }, priority: 0 }),
    ]);
    h.attributes = { computed: { cartItems: 1 } };
    h.send(track('add_to_cart'));
    expect(h.shown()).toEqual(['upsell']);
    h.attributes = { computed: { cartItems: 0 } };
    h.clock.advance(60_000);
    expect(h.shown()).toEqual(['upsell']);
    // The cart still full when the delay is over: the reminder shows then.
    h.attributes = { computed: { cartItems: 2 } };
    h.send(track('add_to_cart'));
    h.clock.advance(60_000);
    expect(h.shown()).toEqual(['upsell', 'upsell', 'cart-reminder']);
  });

  it('delayed rules with the same delay are re-checked together: when the winner no longer qualifies, the next one shows', () => {
    const h = harness([
      aRule('high', { priority: 10, delayMs: 5_000, when: { plan: 'free' } }),
      aRule('mid', { priority: 5, delayMs: 5_000 }),
      aRule('low', { priority: 1, delayMs: 5_000 }),
      aRule('later', { priority: 20, delayMs: 9_000 }),
    ]);
    h.attributes = { plan: 'free' };
    h.send(track('go'));
    h.attributes = { plan: 'pro' };
    h.clock.advance(5_000);
    expect(h.shown()).toEqual(['mid']);
    h.clock.advance(4_000);
    expect(h.shown()).toEqual(['mid', 'later']);
  });

  it('a held-out delayed winner passes the turn to the next delayed rule', () => {
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const heldOutUser = users.find((u) => (hashUnitId('holdout:top', u, 2) ?? 1) < 0.5)!;
    const h = harness([aRule('top', { priority: 9, holdout: 0.5, delayMs: 1_000 }), aRule('next', { delayMs: 1_000 })], { unit: heldOutUser });
    h.send(track('go'));
    expect(h.decisions).toEqual([]);
    h.clock.advance(1_000);
    expect(h.decisions.map((d) => d.kind)).toEqual(['heldOut', 'show']);
    expect(h.shown()).toEqual(['next']);
  });

  it('a rule removed while it waits does not show', () => {
    const h = harness([aRule('d', { delayMs: 1_000 })]);
    h.send(track('go'));
    h.setRules([aRule('other', { trigger: { event: 'x' } })]);
    h.clock.advance(1_000);
    expect(h.decisions).toEqual([]);
  });

  it('destroy() cancels delayed rules and timers', () => {
    const h = harness([aRule('d', { delayMs: 1_000 }), aRule('idle', { trigger: { inactivityMs: 5_000 } })]);
    h.send(track('go'));
    h.engine.destroy();
    h.clock.advance(10_000);
    expect(h.decisions).toEqual([]);
    expect(h.clock.pending()).toBe(0);
  });
});

describe('schedule', () => {
  it('quiet hours across midnight block nudges from 22:00 to 08:00 local time', () => {
    // 2026-01-05 12:00 UTC = 13:00 in Berlin.
    const h = harness([aRule('a', { schedule: { quietHours: { from: '22:00', to: '08:00' } } })], { timeZone: 'Europe/Berlin' });
    const at = (localHour: number, minute = 0) => h.clock.set(Date.UTC(2026, 0, 6, localHour - 1, minute));
    const firesAt: string[] = [];
    for (const [hour, minute] of [[21, 59], [22, 0], [23, 30], [24, 30], [31, 59], [32, 0]] as const) {
      at(hour, minute);
      const fired = h.send(track('go')).length > 0;
      firesAt.push(`${hour}:${minute}=${fired}`);
    }
    expect(firesAt).toEqual(['21:59=true', '22:0=false', '23:30=false', '24:30=false', '31:59=false', '32:0=true']);
  });

  it('quiet hours within a day', () => {
    const h = harness([aRule('a', { schedule: { quietHours: { from: '12:00', to: '14:00' } } })]);
    h.send(track('go'));
    h.clock.advance(2 * HOUR);
    h.send(track('go'));
    expect(h.shown()).toEqual(['a']);
  });

  it('days of week in the local zone', () => {
    // Monday 2026-01-05 12:00 UTC; in Auckland (UTC+13) it is already Tuesday 01:00.
    const weekdaysOnly = [aRule('a', { schedule: { daysOfWeek: [1] } })];
    expect(harness(weekdaysOnly).send(track('go'))).toHaveLength(1);
    expect(harness(weekdaysOnly, { timeZone: 'Pacific/Auckland' }).send(track('go'))).toHaveLength(0);
  });

  it('start and end: local dates, or absolute when an offset is given', () => {
    const h = harness([
      aRule('local', { trigger: { event: 'a' }, schedule: { start: '2026-01-06', end: '2026-01-08' } }),
      aRule('abs', { trigger: { event: 'b' }, schedule: { start: '2026-01-06T00:00:00+09:00' } }),
    ], { timeZone: 'Asia/Tokyo' });
    h.send(track('a')); // Tokyo 21:00 on the 5th
    h.send(track('b'));
    expect(h.shown()).toEqual([]);
    h.clock.advance(3 * HOUR); // Tokyo midnight: the 6th
    h.send(track('a'));
    h.send(track('b'));
    h.clock.advance(2 * DAY_MS); // the 8th: past the end
    h.send(track('a'));
    expect(h.shown()).toEqual(['local', 'abs']);
  });

  it('local start and end times hold to the second: the start inclusive, the end exclusive, milliseconds dropped', () => {
    const h = harness([aRule('window', { schedule: { start: '2026-01-06T09:30', end: '2026-01-06T09:30:10.900' } })], { timeZone: 'Asia/Tokyo' });
    const tokyo = (hms: [number, number, number]) => Date.UTC(2026, 0, 6, hms[0] - 9, hms[1], hms[2]);
    const at = (hms: [number, number, number]) => {
      h.clock.advance(tokyo(hms) - h.clock.now());
      return h.send(track('go')).length;
    };
    expect([at([9, 29, 59]), at([9, 30, 0]), at([9, 30, 9]), at([9, 30, 10]), at([9, 31, 0])]).toEqual([0, 1, 1, 0, 0]);
  });

  it('an unknown time zone is reported and the device zone used', () => {
    const h = harness([aRule('a')], { timeZone: 'Mars/Olympus' });
    expect(h.errors.map((e) => e.code)).toEqual(['invalid_argument']);
    expect(h.send(track('go'))).toHaveLength(1);
  });
});

describe('holdout and sample', () => {
  const users = Array.from({ length: 4000 }, (_, i) => `user-${i}`);

  it('a held-out user gets a heldOut decision instead of the nudge, counted toward caps', () => {
    const heldOutUser = users.find((u) => (hashUnitId('holdout:a', u, 2) ?? 1) < 0.5)!;
    const h = harness([aRule('a', { holdout: 0.5, cap: { perSession: 1 } })], { unit: heldOutUser });
    h.send(track('go'));
    h.send(track('go'));
    expect(h.decisions).toEqual([{ kind: 'heldOut', rule: expect.objectContaining({ id: 'a' }), variant: 'holdout', version: 1, exposure: expect.objectContaining({ variant: 'holdout' }) }]);
  });

  it('a held-out winner lets the next rule show (what the user would have seen without it)', () => {
    const heldOutUser = users.find((u) => (hashUnitId('holdout:top', u, 2) ?? 1) < 0.5)!;
    const h = harness([aRule('top', { priority: 9, holdout: 0.5 }), aRule('next')], { unit: heldOutUser });
    expect(h.send(track('go')).map((d) => d.kind)).toEqual(['heldOut', 'show']);
  });

  it('is stable per user (same group on every device) and near the configured share', () => {
    // Two engines stand for two devices of the same users.
    const devices = [0, 1].map(() => {
      let current = '';
      const h = harness([aRule('promo', { holdout: 0.1 })], { unitId: () => current });
      return (unit: string) => {
        current = unit;
        return h.send(track('go'))[0]!.kind;
      };
    });
    const first = users.map(devices[0]!);
    const again = users.map(devices[1]!);
    expect(again).toEqual(first);
    const share = first.filter((k) => k === 'heldOut').length / first.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });

  it('sample limits the rule to a share of users, independent of the holdout', () => {
    let current = '';
    const h = harness([aRule('s', { sample: 0.3 })], { unitId: () => current });
    const inSample = users.filter((unit) => {
      current = unit;
      return h.send(track('go')).length > 0;
    });
    expect(inSample.length / users.length).toBeGreaterThan(0.27);
    expect(inSample.length / users.length).toBeLessThan(0.33);
  });
});

describe('goals', () => {
  it('a goal event within the window after nudge_shown converts once', () => {
    const h = harness([aRule('a', { goal: { event: 'purchase', withinMs: DAY_MS } })]);
    h.send(track('go'));
    const shownAt = h.clock.now();
    h.clock.advance(HOUR);
    h.send(track('purchase'));
    h.send(track('purchase'));
    expect(h.decisions.filter((d) => d.kind === 'converted')).toEqual([{ kind: 'converted', ruleId: 'a', goalEvent: 'purchase', shownAt, variant: 'default', version: 1 }]);
  });

  it('no conversion outside the window, or without a showing', () => {
    const h = harness([aRule('a', { goal: { event: 'purchase', withinMs: HOUR } })]);
    h.send(track('purchase'));
    h.send(track('go'));
    h.clock.advance(HOUR + 1);
    h.send(track('purchase'));
    expect(h.decisions.map((d) => d.kind)).toEqual(['show']);
  });

  it('an open goal survives a reload', () => {
    const rules = [aRule('a', { goal: { event: 'purchase', withinMs: DAY_MS } })];
    const h = harness(rules);
    h.send(track('go'));
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved() });
    reloaded.send(track('purchase'));
    expect(reloaded.decisions).toEqual([expect.objectContaining({ kind: 'converted', ruleId: 'a' })]);
  });
});

describe('robustness', () => {
  it('an onDecision that throws is reported, and the engine keeps working', () => {
    const errors: string[] = [];
    const h = harness([aRule('a')], {
      onDecision: () => {
        throw new Error('host bug');
      },
      onError: (e) => errors.push(e.code),
    });
    h.send(track('go'));
    h.send(track('go'));
    expect(errors).toEqual(['internal_error', 'internal_error']); // onDecision is NudgeKit's own code (the targeting feature)
  });

  it('the rules in force: a bad rule is reported with its path, the others apply at once', () => {
    const h = harness([]);
    const reported: string[] = [];
    const bad = { id: 'bad', trigger: { event: 'go' }, nudge: { type: 'popup' } } as unknown as RuleDefinition;
    const apply = ruleSources(h.engine, [aRule('ok'), bad], (code, message) => void reported.push(`${code} ${message}`), {});
    expect(apply({ validateRules, indexRules }).map((r) => r.id)).toEqual(['ok']);
    expect(reported).toEqual(['invalid_rule rules[1].nudge.type: expected one of modal, banner, toast, custom, survey']);
    expect(h.send(track('go')).map((d) => d.kind === 'show' && d.rule.id)).toEqual(['ok']);
  });
});

describe('delayed rules and reused attribute objects', () => {
  it('the re-check sees the fresh profile but the triggering event, and survives a rule reload', () => {
    const rules = [aRule('cart', { trigger: { event: 'add_to_cart' }, delayMs: 1_000, when: { event: 'add_to_cart', 'properties.sku': 'a', tier: 'high' } })];
    const h = harness(rules);
    // The client reuses one attributes object and overwrites event/properties on every event.
    const shared: Record<string, unknown> = { tier: 'low', event: 'add_to_cart', properties: { sku: 'a' } };
    h.attributes = shared;
    h.engine.handle({ event: track('add_to_cart', { sku: 'a' }), attributes: { ...shared, tier: 'high' } });
    shared.event = 'view_item';
    shared.properties = { sku: 'b' };
    shared.tier = 'high';
    h.setRules(rules.map((r) => ({ ...r })));
    h.clock.advance(1_000);
    expect(h.shown()).toEqual(['cart']);
  });
});
