/**
 * What a replay's devices share of the rules (`rule-reuse.ts`): each engine gets its own index
 * and rule objects, equal to what `indexRules` builds, with the compiled parts shared; and which
 * events the engine reads attributes after.
 */
import { describe, expect, it } from 'vitest';
import { checkedRules, validateRules } from '../../src/rules/validate';
import { indexRules } from '../../src/rules/rule-index';
import { attributeReaders, reuseIndex } from '../../src/simulate/rule-reuse';
import type { AnalyticsEvent } from '../../src/core/types';

const toast = { type: 'toast', body: 'Hi' } as const;
const { rules: valid, issues } = validateRules([
  { id: 'blue', trigger: { event: 'view', where: { color: 'blue' } }, sample: 0.5, nudge: toast },
  { id: 'red', trigger: { event: 'view', where: { color: 'red' } }, nudge: toast },
  { id: 'any', trigger: { event: 'view' }, when: { stage: 'active' }, goal: { event: 'buy', withinMs: 60_000 }, nudge: toast },
  { id: 'idle', trigger: { inactivityMs: 60_000 }, nudge: toast },
  { id: 'back', trigger: { stageChange: { to: 'resurrected' } }, nudge: toast },
  { id: 'fifth', trigger: { milestone: { event: 'buy', count: 5 } }, nudge: toast },
]);

describe('reuseIndex', () => {
  const checked = checkedRules(valid);
  const { base, indexRules: reused, oneAtATime } = reuseIndex(indexRules, checked, undefined, undefined);

  it('gives each call an index equal to indexRules but with rule objects of its own, the compiled parts shared', () => {
    expect(issues).toEqual([]);
    const a = reused(validateRules(checked).rules);
    const b = reused(validateRules(checked).rules);
    const fresh = indexRules(checked);
    // Same shape and values (functions compared by presence, they are closures).
    const shape = (index: typeof fresh) => JSON.stringify({ ...index, byId: [...index.byId], byEvent: [...index.byEvent].map(([n, g]) => [n, g.all.map((r) => r.id), [...(g.byValue ?? [])].map(([v, rs]) => [v, rs.map((r) => r.id)]), g.rest?.map((r) => r.id)]), goals: [...index.goals], milestoneEvents: [...index.milestoneEvents] });
    expect(shape(a)).toBe(shape(fresh));
    for (const id of fresh.byId.keys()) {
      expect(a.byId.get(id)).not.toBe(b.byId.get(id));
      expect(a.byId.get(id)).not.toBe(base.byId.get(id));
      expect(a.byId.get(id)!.when).toBe(base.byId.get(id)!.when);
    }
    // Every list of an index holds that index's own objects.
    const view = a.byEvent.get('view')!;
    expect(view.byValue).toBeDefined();
    for (const rule of [...view.all, ...view.rest!, ...[...view.byValue!.values()].flat(), ...a.stage, ...a.inactivity, ...a.goals.get('buy')!]) expect(a.byId.get(rule.id)).toBe(rule);
  });

  it('starts each copy with a fresh per-engine state, whatever an earlier engine left in its own', () => {
    const a = reused(checked);
    a.byId.get('idle')!.firedPeriod = 3;
    a.byId.get('blue')!.sampledUnit = 'u1';
    a.byId.get('blue')!.sampledIn = false;
    base.byId.get('idle')!.firedPeriod = 7; // not that an engine uses the base: the copies start afresh regardless
    const b = reused(checked);
    base.byId.get('idle')!.firedPeriod = -1;
    expect(b.byId.get('idle')!.firedPeriod).toBe(-1);
    expect(b.byId.get('blue')!).toMatchObject({ sampledUnit: undefined, sampledIn: true });
  });

  it('for devices that run one after another, gives each the same copy, its per-engine state reset', () => {
    const first = oneAtATime(checked);
    expect(first.byId.get('idle')).not.toBe(base.byId.get('idle'));
    first.byId.get('idle')!.firedPeriod = 3;
    first.byId.get('blue')!.sampledUnit = 'u1';
    first.byId.get('blue')!.sampledIn = false;
    const second = oneAtATime(checked);
    expect(second).toBe(first);
    expect(second.byId.get('idle')!.firedPeriod).toBe(-1);
    expect(second.byId.get('blue')!).toMatchObject({ sampledUnit: undefined, sampledIn: true });
    expect(oneAtATime(checked.slice(1))).not.toBe(first);
  });

  it('indexes other rules, or the same ones with other saved groups, with indexRules itself', () => {
    const other = reused(checked.slice(1));
    expect([...other.byId.keys()]).toEqual(['red', 'any', 'idle', 'back', 'fifth']);
    const groups = reused(checked, {});
    expect(groups.byId.get('any')!.when).not.toBe(base.byId.get('any')!.when);
  });
});

describe('attributeReaders', () => {
  const track = (event: string, properties: Record<string, unknown> = {}) => ({ type: 'track', event, properties }) as unknown as AnalyticsEvent;
  const page = { type: 'page', name: null, properties: { path: '/cart' } } as unknown as AnalyticsEvent;

  it('says the engine reads attributes after an event a rule is on, a milestone event, a stage change, not after others', () => {
    const reads = attributeReaders(indexRules(valid));
    expect(reads('view', track('view'), undefined)).toBe(true); // 'any' has no where
    expect(reads('buy', track('buy'), undefined)).toBe(true); // the milestone's event
    expect(reads('scroll', track('scroll'), { from: 'silent', to: 'resurrected' })).toBe(true);
    expect(reads('scroll', track('scroll'), undefined)).toBe(false);
    expect(reads('page', page, undefined)).toBe(false); // no page rule
    expect(attributeReaders(indexRules(validateRules([{ id: 'p', trigger: { page: '/cart*' }, nudge: toast }]).rules))('page', page, undefined)).toBe(true);
  });

  it('when every rule on the event has a where, only after an event one of them passes (handle() checks where first)', () => {
    const { rules } = validateRules([
      { id: 'big', trigger: { event: 'add', where: { price: { $gte: 100 } } }, when: { stage: 'active' }, nudge: toast },
      { id: 'red', trigger: { event: 'add', where: { color: 'red' } }, nudge: toast },
      { id: 'any', trigger: { event: 'view' }, nudge: toast },
    ]);
    const reads = attributeReaders(indexRules(rules));
    expect(reads('add', track('add', { price: 20, color: 'blue' }), undefined)).toBe(false);
    expect(reads('add', track('add', { price: 120 }), undefined)).toBe(true);
    expect(reads('add', track('add', { color: 'red' }), undefined)).toBe(true);
    expect(reads('view', track('view'), undefined)).toBe(true);
  });
});
