import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/core/clock';
import { aRule, harness, track } from './helpers';

const HOUR = 3_600_000;

describe('caps', () => {
  it('perSession: resets when a new session starts', () => {
    const h = harness([aRule('a', { cap: { perSession: 2 } })]);
    for (let i = 0; i < 4; i++) h.send(track('go', {}, 's1'));
    expect(h.shown()).toHaveLength(2);
    h.send(track('session_start', {}, 's2'));
    for (let i = 0; i < 4; i++) h.send(track('go', {}, 's2'));
    expect(h.shown()).toHaveLength(4);
  });

  it('perSession and cooldownMs survive a reload within the same session', () => {
    const rules = [aRule('a', { trigger: { event: 'x' }, cap: { perSession: 1 } }), aRule('b', { trigger: { event: 'y' }, cap: { cooldownMs: 60_000 } })];
    const h = harness(rules);
    h.send(track('x', {}, 's1'));
    h.send(track('y', {}, 's1'));
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved() });
    reloaded.send(track('x', {}, 's1'));
    reloaded.send(track('y', {}, 's1'));
    expect(reloaded.shown()).toEqual([]);
    reloaded.clock.advance(60_000);
    reloaded.send(track('x', {}, 's2'));
    reloaded.send(track('y', {}, 's2'));
    expect(reloaded.shown()).toEqual(['a', 'b']);
  });

  it('perDay: a new local day allows more, and a reload does not reset the count', () => {
    const rules = [aRule('a', { cap: { perDay: 1 } })];
    const h = harness(rules);
    h.send(track('go'));
    h.send(track('go'));
    expect(h.shown()).toHaveLength(1);
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved() });
    reloaded.send(track('go'));
    expect(reloaded.shown()).toHaveLength(0);
    // Noon UTC + 12 h = the next local midnight in UTC.
    h.clock.advance(12 * HOUR);
    reloaded.send(track('go'));
    expect(reloaded.shown()).toHaveLength(1);
  });

  it('perDay follows the user time zone, not UTC', () => {
    // 2026-01-05 12:00 UTC is 21:00 in Tokyo; three hours later it is the next day there.
    const h = harness([aRule('a', { cap: { perDay: 1 } })], { timeZone: 'Asia/Tokyo' });
    h.send(track('go'));
    h.clock.advance(2 * HOUR);
    h.send(track('go'));
    expect(h.shown()).toHaveLength(1);
    h.clock.advance(HOUR + 1);
    h.send(track('go'));
    expect(h.shown()).toHaveLength(2);
  });

  it('perWeek: weeks start on Monday', () => {
    const rules = [aRule('a', { cap: { perWeek: 2 } })];
    const h = harness(rules); // Monday 2026-01-05
    for (let day = 0; day < 7; day++) {
      h.send(track('go'));
      h.clock.advance(DAY_MS);
    }
    expect(h.shown()).toHaveLength(2);
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved() }); // Monday 2026-01-12
    reloaded.send(track('go'));
    reloaded.send(track('go'));
    reloaded.send(track('go'));
    expect(reloaded.shown()).toHaveLength(2);
  });

  it('lifetime: never more, across days and reloads', () => {
    const rules = [aRule('a', { cap: { lifetime: 3 } })];
    let h = harness(rules);
    let total = 0;
    // What the store holds: the last state saved by any engine instance.
    let stored: unknown;
    for (let day = 0; day < 10; day++) {
      h.send(track('go'));
      h.send(track('go'));
      total += h.shown().length;
      stored = h.saved() ?? stored;
      h = harness(rules, { clock: h.clock, restoreFrom: stored });
      h.clock.advance(DAY_MS);
    }
    expect(total).toBe(3);
  });

  it('cooldownMs: at least that long between two showings', () => {
    const h = harness([aRule('a', { cap: { cooldownMs: 10 * 60_000 } })]);
    h.send(track('go'));
    h.clock.advance(9 * 60_000);
    h.send(track('go'));
    expect(h.shown()).toHaveLength(1);
    h.clock.advance(60_000);
    h.send(track('go'));
    expect(h.shown()).toHaveLength(2);
  });

  it('caps count nudge_shown, not decisions: a nudge never displayed does not use up the cap', () => {
    const h = harness([aRule('a', { cap: { lifetime: 1 } })]);
    h.engine.handle({ event: track('go'), attributes: {} });
    h.engine.handle({ event: track('go'), attributes: {} });
    expect(h.shown()).toEqual(['a', 'a']);
    h.engine.handle({ event: track('nudge_shown', { ruleId: 'a' }), attributes: {} });
    h.engine.handle({ event: track('go'), attributes: {} });
    expect(h.shown()).toEqual(['a', 'a']);
  });

  it('global fatigue: at most maxPerDay nudges a day across rules, and minGapMs between two', () => {
    const rules = [aRule('a', { trigger: { event: 'x' } }), aRule('b', { trigger: { event: 'y' } })];
    const h = harness(rules, { fatigue: { maxPerDay: 2, minGapMs: 60_000 } });
    h.send(track('x'));
    h.send(track('y'));
    expect(h.shown()).toEqual(['a']);
    h.clock.advance(60_000);
    h.send(track('y'));
    h.clock.advance(60_000);
    h.send(track('x'));
    expect(h.shown()).toEqual(['a', 'b']);
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved(), fatigue: { maxPerDay: 2, minGapMs: 60_000 } });
    reloaded.send(track('x'));
    expect(reloaded.shown()).toEqual([]);
    reloaded.clock.advance(DAY_MS);
    reloaded.send(track('x'));
    expect(reloaded.shown()).toEqual(['a']);
  });

  it('global fatigue: minGapMs survives a reload', () => {
    const rules = [aRule('a', { trigger: { event: 'x' } }), aRule('b', { trigger: { event: 'y' } })];
    const fatigue = { maxPerDay: 10, minGapMs: 10 * 60_000 };
    const h = harness(rules, { fatigue });
    h.send(track('x'));
    expect(h.shown()).toEqual(['a']);
    h.clock.advance(5 * 60_000);
    // A reload five minutes later: the gap is measured from the nudge shown before it.
    const reloaded = harness(rules, { clock: h.clock, restoreFrom: h.saved(), fatigue });
    reloaded.send(track('y'));
    reloaded.clock.advance(5 * 60_000 - 1);
    reloaded.send(track('y'));
    expect(reloaded.shown()).toEqual([]);
    reloaded.clock.advance(1);
    reloaded.send(track('y'));
    expect(reloaded.shown()).toEqual(['b']);
  });

  it('the state is saved as JSON text and restored from it, or from the object earlier versions saved', () => {
    let text: unknown;
    const rules = [aRule('a', { cap: { lifetime: 1 } })];
    const h = harness(rules, { save: (state) => void (text = state) });
    h.send(track('go'));
    expect(text).toBeUndefined(); // saved once at the end of the tick, not on every change
    h.engine.flush();
    expect(typeof text).toBe('string');
    for (const saved of [text, JSON.parse(text as string)]) {
      const reloaded = harness(rules, { clock: h.clock, restoreFrom: saved });
      reloaded.send(track('go'));
      expect(reloaded.shown()).toEqual([]);
      expect(reloaded.errors).toEqual([]);
    }
    const broken = harness(rules, { restoreFrom: '{"version": 1, "ses' });
    expect(broken.errors.map((e) => e.code)).toEqual(['storage_corrupt']);
  });

  it('saves a burst of showings once, at the end of the tick, and on destroy()', async () => {
    let saves = 0;
    const rules = [aRule('a', { trigger: { event: 'x' } }), aRule('b', { trigger: { event: 'y' } })];
    const h = harness(rules, { save: () => void saves++ });
    h.send(track('x'));
    h.send(track('y'));
    h.send(track('x'));
    expect(h.shown()).toEqual(['a', 'b', 'a']);
    await Promise.resolve();
    expect(saves).toBe(1);
    h.send(track('y'));
    h.engine.destroy();
    expect(saves).toBe(2);
    await Promise.resolve();
    expect(saves).toBe(2);
  });

  it('a corrupt saved state is reported and replaced by a fresh one', () => {
    const h = harness([aRule('a', { cap: { lifetime: 1 } })], { restoreFrom: { version: 1, session: 3, rules: 'nope' } });
    expect(h.errors.map((e) => e.code)).toEqual(['storage_corrupt']);
    h.send(track('go'));
    expect(h.shown()).toEqual(['a']);
  });

  it('restore(undefined) (forget) starts afresh', () => {
    const h = harness([aRule('a', { cap: { lifetime: 1 } })]);
    h.send(track('go'));
    h.engine.restore(undefined);
    h.send(track('go'));
    expect(h.shown()).toEqual(['a', 'a']);
  });
});

describe('state size', () => {
  it('stays bounded: counters of unloaded rules beyond the limit go, oldest first; loaded ones stay', () => {
    // The harness copies every saved state; 1,100 copies of a growing state would be slow.
    let last: unknown;
    const h = harness([aRule('kept', { cap: { lifetime: 1 } })], { save: (state) => void (last = state) });
    h.send(track('go'));
    for (let i = 0; i < 1100; i++) {
      h.clock.advance(1000);
      h.engine.handle({ event: track('nudge_shown', { ruleId: `old-${i}` }), attributes: {} });
    }
    h.setRules([aRule('kept', { cap: { lifetime: 1 } })]);
    h.engine.flush();
    const rules = (JSON.parse(last as string) as { rules: Record<string, unknown> }).rules;
    expect(Object.keys(rules)).toHaveLength(1000);
    expect(rules.kept).toBeDefined();
    expect(rules['old-0']).toBeUndefined();
    expect(rules['old-1099']).toBeDefined();
    h.send(track('go'));
    expect(h.shown()).toEqual(['kept']);
  });
});
