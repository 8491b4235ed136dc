import { describe, expect, it } from 'vitest';
import { validateRules } from '../../src/rules/index';
import { safeRegex } from '../../src/rules/regex-engine';
import { aRule } from './helpers';

const paths = (input: unknown) => validateRules(input, 'rules', safeRegex).issues;

describe('validateRules', () => {
  it('reports a bad operand with its exact path, and keeps the other rules', () => {
    const { rules, issues } = validateRules([aRule('a'), aRule('b'), aRule('c', { when: { plan: { $gte: {} } } }), aRule('d')]);
    expect(issues).toEqual([{ path: 'rules[2].when.plan.$gte', message: 'expected a number or a string' }]);
    expect(rules.map((r) => r.id)).toEqual(['a', 'b', 'd']);
  });

  it('uses the given path prefix', () => {
    expect(validateRules([aRule('a', { priority: Number.NaN })], 'config.rules').issues).toEqual([{ path: 'config.rules[0].priority', message: 'expected a number' }]);
  });

  it('rejects a non-array', () => {
    expect(paths({})).toEqual([{ path: 'rules', message: 'expected an array of rules' }]);
  });

  it('rejects duplicate ids (the first one wins)', () => {
    const { rules, issues } = validateRules([aRule('x', { priority: 1 }), aRule('x', { priority: 2 })]);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.priority).toBe(1);
    expect(issues).toEqual([{ path: 'rules[1].id', message: 'duplicate id "x" (first at rules[0])' }]);
  });

  it.each([
    [{ when: { age: { $gtx: 3 } } }, 'rules[0].when.age.$gtx', 'unknown operator $gtx'],
    [{ when: { $or: { a: 1 } } }, 'rules[0].when.$or', 'expected an array of conditions'],
    [{ when: { $and: [{ a: { $in: 'x' } }] } }, 'rules[0].when.$and[0].a.$in', 'expected an array'],
    [{ when: { a: { $regex: '([a-z]' } } }, 'rules[0].when.a.$regex', 'invalid regular expression'],
    [{ when: { a: { $type: 'date' } } }, 'rules[0].when.a.$type', 'expected one of string, number, boolean, object, array, null, undefined'],
    [{ when: { a: { $exists: 1 } } }, 'rules[0].when.a.$exists', 'expected true or false'],
    [{ when: { a: { $elemMatch: [1] } } }, 'rules[0].when.a.$elemMatch', 'expected a condition object'],
    [{ when: { a: { $vgt: {} } } }, 'rules[0].when.a.$vgt', 'expected a version string'],
    [{ when: 'tier=high' }, 'rules[0].when', 'expected a condition object'],
    [{ trigger: { event: 'a', page: '/x' } }, 'rules[0].trigger', 'expected exactly one of event, stageChange, sessionStart, page, inactivityMs, milestone'],
    [{ trigger: { event: 'a', where: { n: { $lt: [] } } } }, 'rules[0].trigger.where.n.$lt', 'expected a number or a string'],
    [{ trigger: { stageChange: { to: 'sleepy' } } }, 'rules[0].trigger.stageChange.to', 'expected one of churned, silent, potential, new, resurrected, active'],
    [{ trigger: { inactivityMs: 5 } }, 'rules[0].trigger.inactivityMs', 'expected milliseconds from 1000 to 2147483647'],
    [{ trigger: { milestone: { event: 'buy', count: 0 } } }, 'rules[0].trigger.milestone.count', 'expected a positive integer'],
    [{ trigger: { sessionStart: 'yes' } }, 'rules[0].trigger.sessionStart', 'expected true'],
    [{ cap: { perDay: 1.5 } }, 'rules[0].cap.perDay', 'expected an integer ≥ 0'],
    [{ cap: { perMonth: 1 } }, 'rules[0].cap.perMonth', 'unknown field'],
    [{ holdout: 1.5 }, 'rules[0].holdout', 'expected a number from 0 to 1'],
    [{ schedule: { quietHours: { from: '22:00', to: '8:00' } } }, 'rules[0].schedule.quietHours.to', 'expected "HH:MM" (24 h)'],
    [{ schedule: { start: 'next monday' } }, 'rules[0].schedule.start', 'expected an ISO 8601 date or date-time'],
    [{ schedule: { daysOfWeek: [7] } }, 'rules[0].schedule.daysOfWeek', 'expected a non-empty array of integers 0 (Sunday) to 6 (Saturday)'],
    [{ goal: { event: 'purchase' } }, 'rules[0].goal.withinMs', 'expected a positive number of milliseconds'],
    [{ nudge: { type: 'modal', title: 5 } }, 'rules[0].nudge.title', 'expected a string'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', url: 42 } } }, 'rules[0].nudge.primary.url', 'expected a string'],
    [{ nudge: 'hello' }, 'rules[0].nudge', 'expected a nudge object'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: 'oops' } } }, 'rules[0].nudge.primary.traits', 'expected an object'],
    [{ nudge: { type: 'modal', secondary: { label: 'No', traits: ['a'] } } }, 'rules[0].nudge.secondary.traits', 'expected an object'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: new Date(0) } } }, 'rules[0].nudge.primary.traits', 'expected an object'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: JSON.parse('{"__proto__": {"admin": true}}') } } }, 'rules[0].nudge.primary.traits.__proto__', 'forbidden key'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: { profile: { constructor: { prototype: 1 } } } } } }, 'rules[0].nudge.primary.traits.profile.constructor', 'forbidden key'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: { tags: ['a', { prototype: 1 }] } } } }, 'rules[0].nudge.primary.traits.tags[1].prototype', 'forbidden key'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: { score: Number.POSITIVE_INFINITY } } } }, 'rules[0].nudge.primary.traits.score', 'expected a JSON value'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: { seen: () => true } } } }, 'rules[0].nudge.primary.traits.seen', 'expected a JSON value'],
    [{ nudge: { type: 'modal', primary: { label: 'Go', traits: { at: new Date(0) } } } }, 'rules[0].nudge.primary.traits.at', 'expected a JSON value'],
    [{ holdOut: 0.1 }, 'rules[0].holdOut', 'unknown field'],
    [{ id: '' }, 'rules[0].id', 'expected a non-empty string of at most 128 characters'],
  ] as const)('%j -> %s', (patch, path, message) => {
    const { rules, issues } = validateRules([{ ...aRule('r'), ...(patch as object) }], 'rules', safeRegex);
    expect(rules).toEqual([]);
    expect(issues).toContainEqual({ path, message });
  });

  it('accepts action traits that are plain JSON, as JSON.parse or an object literal gives them', () => {
    const traits = { remindMe: true, score: 3, note: null, tags: ['a', { level: 2 }], nested: Object.assign(Object.create(null), { ok: 'yes' }) };
    const nudge = { type: 'modal', primary: { label: 'Yes', action: 'yes', traits }, secondary: { label: 'No', traits: JSON.parse('{"remindMe": false}') } } as const;
    expect(validateRules([aRule('r', { nudge })]).issues).toEqual([]);
  });

  it('accepts every trigger form and every optional field', () => {
    const triggers = [
      { event: 'add_to_cart', where: { price: { $gt: 10 } } },
      { stageChange: { from: 'silent', to: 'resurrected' } },
      { sessionStart: true },
      { page: '/pricing*' },
      { inactivityMs: 30_000 },
      { milestone: { event: 'purchase', count: 5 } },
    ] as const;
    const full = triggers.map((trigger, i) =>
      aRule(`r${i}`, {
        trigger,
        when: { tier: { $in: ['high'] } },
        cap: { perSession: 1, perDay: 1, perWeek: 2, lifetime: 3, cooldownMs: 1000 },
        priority: 3,
        holdout: 0.1,
        sample: 0.9,
        delayMs: 100,
        schedule: { start: '2026-01-01', end: '2026-12-31T23:59:59+01:00', daysOfWeek: [1, 2], quietHours: { from: '22:00', to: '08:00' } },
        goal: { event: 'purchase', withinMs: 1000 },
        enabled: true,
      }),
    );
    expect(validateRules(full).issues).toEqual([]);
  });

  it('refuses $regex without the regex engine, naming the path and the import that enables it', () => {
    const { rules, issues } = validateRules([aRule('r', { when: { email: { $regex: '@example\\.com$' } } })]);
    expect(rules).toEqual([]);
    expect(issues).toEqual([{ path: 'rules[0].when.email.$regex', message: "needs the regex engine: pass regex: safeRegex (from 'nudgekit/rules') to targeting()" }]);
    expect(validateRules([aRule('r', { when: { email: { $regex: '@example\\.com$' } } })], 'rules', safeRegex).issues).toEqual([]);
  });
});
