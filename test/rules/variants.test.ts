/**
 * Variants in the rule engine: which arm a user is in (deterministic, weighted, sticky on the
 * device, re-assigned by a new version), and the exposure every arm logs once per user and
 * rule version at the decision.
 */
import { describe, expect, it } from 'vitest';
import { bucketOf, HOLDOUT_ARM } from '../../src/rules/assign';
import { compileArms } from '../../src/rules/compile-arms';
import { hashUnitId } from '../../src/rules/index';
import type { Decision } from '../../src/rules/index';
import type { RuleDefinition } from '../../src/rules/types';
import { aRule, harness, track } from './helpers';

const A = { type: 'toast', body: 'A' } as const;
const B = { type: 'toast', body: 'B' } as const;
const experiment = (extra: Partial<RuleDefinition> = {}): RuleDefinition => {
  const { nudge: _, ...rest } = aRule('exp', { holdout: 0.2, variants: [{ id: 'a', nudge: A }, { id: 'b', nudge: B }], goal: { event: 'purchase', withinMs: 60_000 }, ...extra });
  return rest;
};
const units = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
const armOf = (d: Decision | undefined) => (d?.kind === 'show' || d?.kind === 'heldOut' ? d.variant : undefined);

/** One device per call: the arm of `unit` on a fresh engine with `rule`. */
const firstArm = (rule: RuleDefinition, unit: string) => armOf(harness([rule], { unit }).send(track('go'))[0]);

describe('assignment', () => {
  it('is deterministic per unit, rule and version, and matches GrowthBook\'s hash: holdout first, then the variants by weight', () => {
    const arms = compileArms(experiment());
    for (const unit of units.slice(0, 200)) {
      const n = hashUnitId('holdout:exp', unit, 2)!;
      const expected = n < 0.2 ? 'holdout' : n < 0.6 ? 'a' : 'b';
      expect(bucketOf(arms, unit)).toBe(expected);
      expect(firstArm(experiment(), unit)).toBe(expected); // a second device agrees
    }
  });

  it('lands 20,000 synthetic ids within 1% of 0.2 / 0.4 / 0.4', () => {
    const arms = compileArms(experiment());
    const counts: Record<string, number> = { holdout: 0, a: 0, b: 0 };
    for (const unit of units) counts[bucketOf(arms, unit)]!++;
    expect(Math.abs(counts['holdout']! / units.length - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(counts['a']! / units.length - 0.4)).toBeLessThan(0.01);
    expect(Math.abs(counts['b']! / units.length - 0.4)).toBeLessThan(0.01);
  });

  it('splits by unequal weights: 1 / 3 after a 10% holdout', () => {
    const arms = compileArms(experiment({ holdout: 0.1, variants: [{ id: 'a', weight: 1, nudge: A }, { id: 'b', weight: 3, nudge: B }] }));
    const b = units.filter((u) => bucketOf(arms, u) === 'b').length / units.length;
    expect(Math.abs(b - 0.675)).toBeLessThan(0.01);
  });

  it('a rule with one nudge is the arm "default", and keeps the holdout group it had before variants existed', () => {
    const rule = aRule('promo', { holdout: 0.3 });
    for (const unit of units.slice(0, 300)) {
      const before = (hashUnitId('holdout:promo', unit, 2) ?? 1) < 0.3 ? 'holdout' : 'default';
      expect(firstArm(rule, unit)).toBe(before);
    }
  });

  it('keeps a user\'s arm on the device when the weights change', () => {
    // Users who would move from a to b if they were assigned afresh under the new weights.
    const before = compileArms(experiment());
    const after = experiment({ holdout: 0.2, variants: [{ id: 'a', weight: 1, nudge: A }, { id: 'b', weight: 9, nudge: B }] });
    const movers = units.filter((u) => bucketOf(before, u) === 'a' && bucketOf(compileArms(after), u) === 'b').slice(0, 20);
    expect(movers.length).toBe(20);
    for (const unit of movers) {
      const h = harness([experiment()], { unit });
      expect(armOf(h.send(track('go'))[0])).toBe('a');
      h.setRules([after]);
      h.clock.advance(1000);
      const again = h.send(track('go'))[0];
      expect(armOf(again)).toBe('a');
      expect(again).not.toHaveProperty('exposure'); // the same exposure, not a new one
      // ...and after a restart, from the saved state.
      const restarted = harness([after], { unit, restoreFrom: h.saved() });
      expect(armOf(restarted.send(track('go'))[0])).toBe('a');
    }
  });

  it('a new version assigns afresh (its own hash) and logs a new exposure', () => {
    const v2 = experiment({ version: 2 });
    const changed = units.filter((u) => bucketOf(compileArms(experiment()), u) !== bucketOf(compileArms(v2), u));
    // About 1 - (0.2² + 0.4² + 0.4²) = 64% of users change arm between independent assignments.
    expect(changed.length / units.length).toBeGreaterThan(0.6);
    expect(changed.length / units.length).toBeLessThan(0.68);
    const unit = changed[0]!;
    const h = harness([experiment()], { unit });
    const first = h.send(track('go'))[0]!;
    h.setRules([v2]);
    h.clock.advance(1000);
    const second = h.send(track('go'))[0]!;
    expect(armOf(second)).toBe(bucketOf(compileArms(v2), unit));
    expect(armOf(second)).not.toBe(armOf(first));
    expect(second).toMatchObject({ version: 2, exposure: { version: 2, variant: armOf(second) } });
  });

  it('an arm that is gone (variant removed, holdout set to 0) re-assigns the user among the arms left', () => {
    const heldOut = units.find((u) => bucketOf(compileArms(experiment()), u) === HOLDOUT_ARM)!;
    const h = harness([experiment()], { unit: heldOut });
    expect(armOf(h.send(track('go'))[0])).toBe('holdout');
    h.setRules([experiment({ holdout: 0 })]);
    h.clock.advance(1000);
    const next = h.send(track('go'))[0]!;
    expect(['a', 'b']).toContain(armOf(next));
    expect(next).toMatchObject({ exposure: { weights: { a: 0.5, b: 0.5 } } });
  });

  it('another user on the device is assigned by their own id, so a user has the same arm on every device', () => {
    let current = 'user-1';
    const h = harness([experiment()], { unitId: () => current });
    const arms = compileArms(experiment());
    for (const unit of units.slice(0, 50)) {
      current = unit;
      h.clock.advance(1000);
      expect(armOf(h.send(track('go'))[0])).toBe(bucketOf(arms, unit));
    }
  });
});

describe('exposure', () => {
  it('every arm, the holdout included, logs one exposure per user and rule version, with the shares and the goal', () => {
    const seen = new Map<string, number>();
    for (const unit of units.slice(0, 60)) {
      const h = harness([experiment()], { unit });
      for (let i = 0; i < 3; i++) {
        h.send(track('go'));
        h.clock.advance(1000);
      }
      const exposures = h.decisions.flatMap((d) => ('exposure' in d && d.exposure ? [d.exposure] : []));
      expect(exposures).toHaveLength(1);
      expect(exposures[0]).toEqual({
        ruleId: 'exp',
        variant: bucketOf(compileArms(experiment()), unit),
        version: 1,
        weights: { holdout: 0.2, a: 0.4, b: 0.4 },
        goal: { event: 'purchase', withinMs: 60_000 },
      });
      // The decision that carried it is the first one, and every later one has the same arm.
      expect(h.decisions.map(armOf)).toEqual([exposures[0]!.variant, exposures[0]!.variant, exposures[0]!.variant]);
      seen.set(exposures[0]!.variant, (seen.get(exposures[0]!.variant) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['a', 'b', 'holdout']);
  });

  it('a rule with one nudge and no holdout is exposed too, as the arm default with weight 1', () => {
    const h = harness([aRule('plain')]);
    expect(h.send(track('go'))[0]).toMatchObject({ kind: 'show', variant: 'default', version: 1, exposure: { ruleId: 'plain', variant: 'default', version: 1, weights: { default: 1 } } });
  });

  it('is not logged for a rule that fired but lost the conflict to a higher priority (it never decided)', () => {
    const h = harness([aRule('low'), aRule('high', { priority: 5 })]);
    const decisions = h.send(track('go'));
    expect(decisions.map((d) => ('exposure' in d ? d.exposure?.ruleId : undefined))).toEqual(['high']);
  });

  it('the assignment and exposure survive a restart: no second exposure from the saved state', () => {
    const h = harness([experiment()], { unit: 'user-7' });
    h.send(track('go'));
    const restarted = harness([experiment()], { unit: 'user-7', restoreFrom: h.saved() });
    restarted.clock.advance(1000);
    expect(restarted.send(track('go'))[0]).not.toHaveProperty('exposure');
  });

  it('an exposure another tab logged is adopted: this tab neither logs it again nor picks another arm', () => {
    const h = harness([experiment()], { unit: 'user-7' });
    const other = bucketOf(compileArms(experiment()), 'user-7') === 'a' ? 'b' : 'a';
    h.engine.exposed({ ruleId: 'exp', variant: other, version: 1 }, 'user-7');
    const d = h.send(track('go'))[0];
    expect(armOf(d)).toBe(other);
    expect(d).not.toHaveProperty('exposure');
  });
});

describe('goals in every arm', () => {
  it('a held-out user who converts within the window gets converted with variant holdout', () => {
    const unit = units.find((u) => bucketOf(compileArms(experiment()), u) === 'holdout')!;
    const h = harness([experiment()], { unit });
    h.send(track('go'));
    h.clock.advance(30_000);
    h.send(track('purchase'));
    expect(h.decisions.filter((d) => d.kind === 'converted')).toEqual([
      { kind: 'converted', ruleId: 'exp', goalEvent: 'purchase', shownAt: h.clock.now() - 30_000, variant: 'holdout', version: 1 },
    ]);
  });

  it('a treated user\'s conversion carries its variant and version; none after the window', () => {
    const unit = units.find((u) => bucketOf(compileArms(experiment({ version: 'spring' })), u) === 'b')!;
    const h = harness([experiment({ version: 'spring' })], { unit });
    h.send(track('go'));
    h.clock.advance(10_000);
    h.send(track('purchase'));
    expect(h.decisions.filter((d) => d.kind === 'converted')).toEqual([expect.objectContaining({ variant: 'b', version: 'spring' })]);
    h.clock.advance(120_000);
    h.send(track('go'));
    h.clock.advance(61_000);
    h.send(track('purchase'));
    expect(h.decisions.filter((d) => d.kind === 'converted')).toHaveLength(1);
  });
});

describe('saved state', () => {
  it('keeps one arm record per rule (the last unit), and drops records of unloaded rules beyond the bound', () => {
    let current = 'user-1';
    const h = harness([experiment()], { unitId: () => current });
    for (const unit of units.slice(0, 100)) {
      current = unit;
      h.clock.advance(1000);
      h.send(track('go'));
    }
    const saved = h.saved() as { arms: Record<string, unknown> };
    expect(Object.keys(saved.arms)).toEqual(['exp']);
    expect(saved.arms['exp']).toEqual({ v: 1, a: bucketOf(compileArms(experiment()), units[99]!), u: units[99] });
  });

  it('ignores malformed arm records in a saved state and keeps the rest of it', () => {
    const h = harness([experiment()], { unit: 'user-7' });
    h.send(track('go'));
    const saved = h.saved() as { arms: Record<string, unknown> };
    const broken = { ...saved, arms: { exp: { v: {}, a: 1 }, other: 'x' } };
    const restarted = harness([experiment()], { unit: 'user-7', restoreFrom: broken });
    expect(restarted.errors).toEqual([]);
    expect(restarted.send(track('go'))[0]).toHaveProperty('exposure');
  });
});
