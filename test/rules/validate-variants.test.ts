/** Validation of `variants`, `nudge` and `version`, and the builder's `.variant()`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule, validateRules } from '../../src/rules/index';
import type { RuleDefinition } from '../../src/rules/types';

const toast = { type: 'toast', body: 'hi' } as const;
const base = { id: 'exp', trigger: { event: 'go' } };
const issuesOf = (r: Record<string, unknown>) => validateRules([{ ...base, ...r }]).issues;

describe('validating variants', () => {
  it('accepts variants with and without weights, a holdout and a version', () => {
    const { rules, issues } = validateRules([{ ...base, variants: [{ id: 'a', nudge: toast }, { id: 'b', weight: 2.5, nudge: toast }], holdout: 0.2, version: 'v2' }]);
    expect(issues).toEqual([]);
    expect(rules).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
    ['a zero weight', { variants: [{ id: 'a', nudge: toast }, { id: 'b', weight: 0, nudge: toast }] }, [{ path: 'rules[0].variants[1].weight', message: 'expected a number > 0' }]],
    ['a negative weight', { variants: [{ id: 'a', weight: -1, nudge: toast }] }, [{ path: 'rules[0].variants[0].weight', message: 'expected a number > 0' }]],
    ['a weight that is not a number', { variants: [{ id: 'a', weight: '1', nudge: toast }] }, [{ path: 'rules[0].variants[0].weight', message: 'expected a number > 0' }]],
    ['an infinite weight', { variants: [{ id: 'a', weight: Infinity, nudge: toast }] }, [{ path: 'rules[0].variants[0].weight', message: 'expected a number > 0' }]],
    ['the id holdout', { variants: [{ id: 'holdout', nudge: toast }] }, [{ path: 'rules[0].variants[0].id', message: '"holdout" is the control arm\'s id' }]],
    ['a duplicate id', { variants: [{ id: 'a', nudge: toast }, { id: 'a', nudge: toast }] }, [{ path: 'rules[0].variants[1].id', message: 'duplicate variant id "a" (first at rules[0].variants[0])' }]],
    ['an empty id', { variants: [{ id: '', nudge: toast }] }, [{ path: 'rules[0].variants[0].id', message: 'expected a non-empty string of at most 64 characters' }]],
    ['a polluting id', { variants: [{ id: '__proto__', nudge: toast }] }, [{ path: 'rules[0].variants[0].id', message: 'forbidden id' }]],
    ['a bad nudge in a variant', { variants: [{ id: 'a', nudge: { type: 'popup' } }] }, [{ path: 'rules[0].variants[0].nudge.type', message: 'expected one of modal, banner, toast, custom, survey' }]],
    ['a variant without a nudge', { variants: [{ id: 'a' }] }, [{ path: 'rules[0].variants[0].nudge', message: 'expected a nudge object' }]],
    ['an unknown field in a variant', { variants: [{ id: 'a', nudge: toast, share: 0.5 }] }, [{ path: 'rules[0].variants[0].share', message: 'unknown field' }]],
    ['a variant that is not an object', { variants: ['a'] }, [{ path: 'rules[0].variants[0]', message: 'expected { id, weight?, nudge }' }]],
    ['no variants', { variants: [] }, [{ path: 'rules[0].variants', message: 'expected an array of 1 to 20 variants { id, weight?, nudge }' }]],
    ['both nudge and variants', { nudge: toast, variants: [{ id: 'a', nudge: toast }] }, [{ path: 'rules[0].nudge', message: 'a rule has either nudge or variants, not both' }]],
    ['neither nudge nor variants', {}, [{ path: 'rules[0].nudge', message: 'expected a nudge object' }]],
    ['a version that is an object', { nudge: toast, version: { v: 1 } }, [{ path: 'rules[0].version', message: 'expected a string (1 to 64 characters) or a number' }]],
    ['an empty version', { nudge: toast, version: '' }, [{ path: 'rules[0].version', message: 'expected a string (1 to 64 characters) or a number' }]],
  ])('rejects %s with the exact path', (_, extra, expected) => {
    expect(issuesOf(extra)).toEqual(expected);
  });

  it('rejects 21 variants', () => {
    const variants = Array.from({ length: 21 }, (_, i) => ({ id: `v${i}`, nudge: toast }));
    expect(issuesOf({ variants }).map((i) => i.path)).toEqual(['rules[0].variants']);
  });

  it('never throws on arbitrary variants, versions and rules, and only returns rules it found valid', () => {
    const variant = fc.oneof(
      fc.record({ id: fc.oneof(fc.string(), fc.constantFrom('holdout', '__proto__', 'a'), fc.anything()), weight: fc.oneof(fc.double(), fc.anything()), nudge: fc.oneof(fc.constant(toast), fc.anything()) }, { requiredKeys: [] }),
      fc.anything(),
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(variant), fc.anything()), fc.oneof(fc.constant(undefined), fc.constant(toast), fc.anything()), fc.anything(), (variants, nudge, version) => {
        const r: Record<string, unknown> = { ...base, variants };
        if (nudge !== undefined) r['nudge'] = nudge;
        if (version !== undefined) r['version'] = version;
        const { rules, issues } = validateRules([r]);
        expect(rules.length + (issues.length > 0 ? 1 : 0)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the builder', () => {
  it('.variant() adds arms in order, with a weight when given, and .version() sets the version', () => {
    const built = rule('exp').on('go').variant('a', { type: 'toast', body: 'A' }).variant('b', { type: 'banner', body: 'B' }, 3).holdout(0.2).version(2).build();
    const expected: RuleDefinition = {
      id: 'exp',
      trigger: { event: 'go' },
      variants: [{ id: 'a', nudge: { type: 'toast', body: 'A' } }, { id: 'b', weight: 3, nudge: { type: 'banner', body: 'B' } }],
      holdout: 0.2,
      version: 2,
    };
    expect(built).toEqual(expected);
    expect(Object.keys(built)).toEqual(['id', 'trigger', 'variants', 'holdout', 'version']);
    expect(validateRules([built]).issues).toEqual([]);
  });

  it('leaves the builder it started from unchanged', () => {
    const one = rule('exp').on('go').variant('a', toast);
    const two = one.variant('b', toast);
    expect(one.build().variants).toHaveLength(1);
    expect(two.build().variants).toHaveLength(2);
  });
});
