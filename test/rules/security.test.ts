import { safeRegex } from '../../src/rules/regex-engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, evalCondition, validateRules } from '../../src/rules/index';
import { aRule } from './helpers';

describe('security', () => {
  it('rejects $where wherever it appears, and never runs it', () => {
    const { rules, issues } = validateRules([
      aRule('a', { when: { $where: 'this.x == 1' } }),
      aRule('b', { when: { x: { $where: 'sleep(1000)' } } }),
      aRule('c', { trigger: { event: 'go', where: { $or: [{ $where: 'true' }] } } }),
    ]);
    expect(rules).toEqual([]);
    expect(issues.map((i) => i.path)).toEqual(['rules[0].when.$where', 'rules[1].when.x.$where', 'rules[2].trigger.where.$or[0].$where']);
    expect(issues.every((i) => i.message.includes('$where is not allowed'))).toBe(true);
    expect(evalCondition({ x: 1 }, { $where: 'true' })).toBe(false);
    expect(evalCondition({ x: 1 }, { x: { $where: 'true' } })).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects the prototype-pollution key %s in conditions, paths, literals and rules', (key) => {
    const json = (s: string) => JSON.parse(s) as Record<string, unknown>;
    const cases = [
      aRule('a', { when: json(`{ "${key}": { "polluted": true } }`) }),
      aRule('b', { when: json(`{ "a.${key}.b": 1 }`) }),
      aRule('c', { when: json(`{ "a": { "$eq": { "${key}": 1 } } }`) }),
      { ...aRule('d'), ...json(`{ "${key}": { "polluted": true } }`) },
      aRule('e', { nudge: json(`{ "type": "toast", "data": { "${key}": { "polluted": true } } }`) as never }),
      aRule('f', { trigger: json(`{ "event": "go", "where": { "${key}": 1 } }`) as never }),
    ];
    const { rules, issues } = validateRules(cases);
    expect(rules).toEqual([]);
    expect(new Set(issues.map((i) => i.path.slice(0, 8)))).toEqual(new Set(['rules[0]', 'rules[1]', 'rules[2]', 'rules[3]', 'rules[4]', 'rules[5]']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the evaluator never reads through prototype keys', () => {
    expect(evalCondition({}, { 'constructor.name': 'Object' })).toBe(false);
    expect(evalCondition({}, { __proto__: { $exists: true } } as never)).toBe(true);
    expect(evalCondition({}, JSON.parse('{ "__proto__": { "$exists": true } }'))).toBe(false);
    expect(evalCondition({ a: {} }, { 'a.constructor': { $exists: true } })).toBe(false);
  });

  it('rejects a rule id that is a prototype key', () => {
    expect(validateRules([aRule('__proto__')]).issues).toEqual([{ path: 'rules[0].id', message: 'forbidden id' }]);
  });

  it('rejects absurdly deep conditions', () => {
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 40; i++) deep = { $and: [deep] };
    expect(validateRules([aRule('deep', { when: deep })]).issues[0]?.message).toMatch(/nested deeper/);
    let deeper: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 50_000; i++) deeper = { $not: deeper };
    // Compilation runs out of stack: fails closed instead of throwing.
    expect(compileCondition(deeper)({ a: 1 })).toBe(false);
  });
});

describe('never throws', () => {
  const key = fc.oneof(fc.constantFrom('$or', '$and', '$nor', '$not', '$eq', '$in', '$gt', '$regex', '$elemMatch', '$size', '$all', '$exists', '$type', '$vgt', '$inGroup', '$savedGroup', 'a', 'a.b', '__proto__', 'constructor'), fc.string());
  const value = fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small' },
      fc.anything(),
      fc.constantFrom('(a+)+$', '[', null, undefined, Number.NaN, -0, Symbol('s'), () => 1, 10n),
      fc.array(tie('v'), { maxLength: 4 }),
      fc.dictionary(key, tie('v'), { maxKeys: 4 }),
    ),
  })).v;

  it('compileCondition and evalCondition never throw, on arbitrary conditions and attributes', () => {
    fc.assert(
      fc.property(value, value, fc.option(fc.dictionary(fc.string(), value)), (condition, attributes, groups) => {
        const c = condition as Record<string, unknown>;
        const a = attributes as Record<string, unknown>;
        const g = (groups ?? undefined) as Record<string, unknown[]> | undefined;
        const compiled = compileCondition(c, g);
        const r = compiled(a);
        expect(typeof r).toBe('boolean');
        expect(evalCondition(a, c, g)).toBe(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('tolerates hostile attributes: throwing getters, cycles, symbols', () => {
    const hostile: Record<string, unknown> = {};
    Object.defineProperty(hostile, 'x', { get: () => { throw new Error('boom'); }, enumerable: true });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(evalCondition(hostile, { x: 1 })).toBe(false);
    expect(evalCondition({ a: cyclic }, { a: { b: 1 } })).toBe(false);
    expect(evalCondition({ s: Symbol('x') }, { s: 'x' })).toBe(false);
    expect(evalCondition({ s: Symbol('x') }, { s: { $regex: 'x' } }, undefined, safeRegex)).toBe(false);
  });

  it('validateRules never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(fc.anything())), (input) => {
        const { rules, issues } = validateRules(input);
        expect(Array.isArray(rules) && Array.isArray(issues)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('saved groups', () => {
  it('supports v1 arrays, v2 lists and condition groups, and stops cycles', () => {
    const groups = {
      ids: [1, 2],
      list: { type: 'list', attributeKey: 'country', values: ['US'] },
      cond: { type: 'condition', condition: { tier: 'high' } },
      loop: { type: 'condition', condition: { $savedGroup: { id: 'loop' } } },
    };
    expect(evalCondition({ id: 2 }, { id: { $inGroup: 'ids' } }, groups as never)).toBe(true);
    expect(evalCondition({ country: 'US' }, { $savedGroup: { id: 'list' } }, groups as never)).toBe(true);
    expect(evalCondition({ tier: 'high' }, { $savedGroup: { id: 'cond' } }, groups as never)).toBe(true);
    expect(evalCondition({ tier: 'high' }, { $savedGroup: { id: 'loop' } }, groups as never)).toBe(false);
  });

  it('bounds nested condition groups, so a crafted payload cannot explode the compiled size', () => {
    const groups: Record<string, unknown> = { g30: { type: 'condition', condition: { a: 1 } } };
    for (let i = 29; i >= 0; i--) groups[`g${i}`] = { type: 'condition', condition: { $or: [{ $savedGroup: { id: `g${i + 1}` } }, { $savedGroup: { id: `g${i + 1}` } }] } };
    const started = Date.now();
    expect(compileCondition({ $savedGroup: { id: 'g0' } }, groups)({ a: 1 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
