/**
 * Rules on one event grouped by a string they require (`value-index`): an event must only
 * ever skip rules that could not have fired, and keep the others in rule order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexRules } from '../../src/rules/rule-index';
import { rulesFor } from '../../src/rules/rules-for';
import type { RuleDefinition } from '../../src/rules/types';
import { harness, track } from './helpers';

const literal = fc.constantFrom('x', 'y', 'z', '3', 'null', 'a,b', '[object Object]', '');
const operand = fc.oneof(literal, literal, fc.constantFrom(3, true, null), fc.record({ $in: fc.array(literal, { maxLength: 2 }) }), fc.record({ $ne: literal }));
const where = fc.dictionary(fc.constantFrom('category', 'plan', 'a.b', 'n', 'constructor'), operand, { maxKeys: 3 });
const when = fc.dictionary(fc.constantFrom('properties.category', 'traits.plan', 'stage', 'properties.a.b', '$or'), operand, { maxKeys: 3 }).map((c) =>
  '$or' in c ? { ...c, $or: [{ stage: 'x' }, { 'properties.category': 'y' }] } : c,
);
const ruleSet = fc.array(fc.record({ where: fc.option(where, { nil: undefined }), when: fc.option(when, { nil: undefined }), milestone: fc.boolean() }), { minLength: 1, maxLength: 14 }).map((specs) =>
  specs.map(
    (spec, i): RuleDefinition => ({
      id: `r${i}`,
      trigger: spec.milestone ? { milestone: { event: 'e', count: 2 } } : { event: 'e', ...(spec.where && { where: spec.where }) },
      ...(spec.when && { when: spec.when }),
      nudge: { type: 'toast', title: `r${i}` },
    }),
  ),
);
// Values of every kind a property or attribute can hold, missing included.
const value = fc.oneof(literal, fc.constantFrom(3, 0, true, null, undefined), fc.constant(['a', 'b']), fc.constant({}), fc.constant({ b: 'x' }));

describe('rules grouped by the string they require', () => {
  it('skips only rules whose where or when is false for the event, and keeps rule order', () => {
    fc.assert(
      fc.property(ruleSet, value, value, value, value, (rules, category, plan, stage, ab) => {
        const properties: Record<string, unknown> = { category, plan, n: category, a: ab === undefined ? undefined : { b: ab } };
        const attributes: Record<string, unknown> = { stage, traits: { plan }, properties };
        const entry = indexRules(rules).byEvent.get('e')!;
        const pool = rulesFor(entry, attributes, properties);
        expect(pool.map((r) => r.order)).toEqual([...pool].sort((a, b) => a.order - b.order).map((r) => r.order));
        for (const rule of entry.all) {
          if (pool.includes(rule)) continue;
          const couldFire = (rule.where ? rule.where(properties) : true) && (rule.when ? rule.when(attributes) : true);
          expect(couldFire, `${rule.id} was skipped`).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('evaluates one rule of ten that differ by category, and all of them when the rules share no literal', () => {
    const rules = (byCategory: boolean): RuleDefinition[] =>
      Array.from({ length: 10 }, (_, i) => ({
        id: `r${i}`,
        trigger: { event: 'view', ...(byCategory && { where: { category: `c${i}` } }) },
        when: { 'properties.price': { $gte: 10 } },
        nudge: { type: 'toast', title: `r${i}` },
      }));
    const grouped = indexRules(rules(true)).byEvent.get('view')!;
    expect(rulesFor(grouped, {}, { category: 'c7' }).map((r) => r.id)).toEqual(['r7']);
    expect(rulesFor(grouped, {}, { category: 'other' })).toEqual([]);
    expect(rulesFor(grouped, {}, {})).toEqual([]);
    const ungrouped = indexRules(rules(false)).byEvent.get('view')!;
    expect(rulesFor(ungrouped, {}, { category: 'c7' })).toHaveLength(10);
  });

  it('still shows the right nudge through the engine, with priorities across grouped and ungrouped rules', () => {
    const h = harness([
      { id: 'shoes', trigger: { event: 'view', where: { category: 'shoes' } }, nudge: { type: 'toast', title: 'shoes' }, priority: 1 },
      { id: 'hats', trigger: { event: 'view', where: { category: 'hats' } }, nudge: { type: 'toast', title: 'hats' }, priority: 5 },
      { id: 'any', trigger: { event: 'view' }, nudge: { type: 'toast', title: 'any' }, priority: 3 },
      { id: 'numbered', trigger: { event: 'view', where: { category: '3' } }, nudge: { type: 'toast', title: 'numbered' }, priority: 9 },
    ]);
    for (const category of ['shoes', 'hats', 3, 'socks']) {
      h.send(track('view', { category }), { properties: { category } }); // 3 + '' === '3', as GrowthBook compares
      h.clock.advance(60_000);
    }
    expect(h.shown()).toEqual(['any', 'hats', 'numbered', 'any']);
    expect(h.errors).toEqual([]);
  });
});
