/**
 * `checkedRules`: frozen copies of valid rules that later validations take without checking
 * them again (the simulator sets the same rules up once per replayed user). What the engine
 * decides and what validation reports must be exactly as for the rules themselves.
 */
import { describe, expect, it } from 'vitest';
import { checkedRules, validateRules } from '../../src/rules/validate';
import { safeRegex } from '../../src/rules/regex-engine';
import { aRule, harness, track } from './helpers';

const LONG_TITLE = 'x'.repeat(5000);

describe('checkedRules', () => {
  it('gives deep-frozen copies, leaving the rules given untouched', () => {
    const rule = aRule('a', { when: { plan: { $in: ['pro'] } } });
    const [copy] = checkedRules([rule]);
    expect(copy).toEqual(rule);
    expect(copy).not.toBe(rule);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen((copy!.when as { plan: { $in: string[] } }).plan.$in)).toBe(true);
    expect(Object.isFrozen(rule)).toBe(false);
  });

  it('reports the same issues, warnings included, at whatever position the rule comes', () => {
    const rules = [aRule('a'), aRule('b', { nudge: { type: 'toast', title: LONG_TITLE } })];
    const plain = validateRules([aRule('z'), ...rules]);
    const checked = validateRules([aRule('z'), ...checkedRules(validateRules(rules).rules)]);
    expect(plain.issues.length).toBeGreaterThan(0);
    expect(plain.issues.every((issue) => issue.warning)).toBe(true);
    expect(checked.issues).toEqual(plain.issues);
    expect(checked.issues[0]!.path).toMatch(/^rules\[2\]\.nudge\.title/);
    expect(checked.rules.map((r) => r.id)).toEqual(['z', 'a', 'b']);
  });

  it('checks them again for another regex engine', () => {
    const [copy] = checkedRules([aRule('r', { when: { email: { $regex: '@example\\.com$' } } })], safeRegex);
    expect(validateRules([copy], 'rules', safeRegex).issues).toEqual([]);
    // Without a regex engine, `$regex` is refused: the remembered answer was for another engine.
    expect(validateRules([copy]).issues.map((issue) => issue.path)).toEqual(['rules[0].when.email.$regex']);
  });

  it('makes the same decisions in the engine as the rules themselves', () => {
    const rules = [
      aRule('big', { trigger: { event: 'go', where: { price: { $gte: 100 } } }, cap: { perDay: 1 } }),
      aRule('pro', { when: { plan: 'pro' }, priority: 2 }),
    ];
    const frozen = checkedRules(rules);
    const run = (set: typeof rules) => {
      const h = harness(set);
      const out: string[][] = [];
      for (const [price, plan] of [[50, 'free'], [150, 'free'], [150, 'pro'], [200, 'free'], [10, 'pro']] as const) {
        h.attributes = { plan };
        out.push(h.send(track('go', { price })).map((d) => `${d.kind}:${d.kind === 'converted' ? d.ruleId : d.rule.id}`));
      }
      return out;
    };
    // Two engines on the same frozen rules keep their own counts.
    expect(run(frozen)).toEqual(run(rules));
    expect(run(frozen)).toEqual(run(rules));
    expect(run(rules).flat()).toContain('show:big');
  });
});
