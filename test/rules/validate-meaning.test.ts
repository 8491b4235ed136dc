/**
 * Rule mistakes a newcomer makes (issue 16): values of known enums are checked with a
 * suggestion, unsafe URLs are refused at validation naming the rule, and a condition its
 * trigger can never see is warned about while the rule is kept.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { validateRules } from '../../src/rules/validate';
import { didYouMean } from '../../src/rules/validate-meaning';
import { STAGES } from '../../src/core/types';

const toast = { type: 'toast', body: 'Hi' };
const rule = (extra: Record<string, unknown>) => ({ id: 'winback', trigger: { event: 'go' }, nudge: toast, ...extra });

describe('enum values in rules', () => {
  it('refuses a misspelt stage in a condition and suggests the stage meant', () => {
    const { rules, issues } = validateRules([rule({ when: { stage: 'slient' } })]);
    expect(rules).toEqual([]);
    expect(issues).toEqual([{ path: 'rules[0].when.stage', message: expect.stringContaining('unknown stage "slient" (did you mean "silent"?)') }]);
  });

  it('checks stage and tier inside operators and logical branches', () => {
    const { issues } = validateRules([
      rule({ when: { $or: [{ tier: 'hihg' }, { stage: { $in: ['active', 'resurected'] } }], previousStage: { $ne: 'chruned' } } }),
    ]);
    expect(issues.map((i) => [i.path, i.message.match(/did you mean "(\w+)"/)?.[1]])).toEqual([
      ['rules[0].when.$or[0].tier', 'high'],
      ['rules[0].when.$or[1].stage.$in[1]', 'resurrected'],
      ['rules[0].when.previousStage.$ne', 'churned'],
    ]);
  });

  it('suggests the stage of a stageChange trigger and the nudge type', () => {
    const { issues } = validateRules([{ id: 'x', trigger: { stageChange: { to: 'resurected' } }, nudge: { type: 'toats', body: 'Hi' } }]);
    expect(issues.map((i) => i.path)).toEqual(['rules[0].trigger.stageChange.to', 'rules[0].nudge.type']);
    expect(issues[0]!.message).toContain('did you mean "resurrected"?');
    expect(issues[1]!.message).toContain('did you mean "toast"?');
  });

  it('accepts every real stage and gives no suggestion for a value far from all of them', () => {
    for (const stage of STAGES) expect(validateRules([rule({ when: { stage } })]).issues).toEqual([]);
    expect(didYouMean('enterprise', STAGES)).toBe('');
  });

  it('suggests the original for any one-letter typo of a stage (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STAGES), fc.nat(), fc.constantFrom('x', 'q', 'z'), (stage, at, letter) => {
        const i = at % stage.length;
        const typo = stage.slice(0, i) + letter + stage.slice(i + 1);
        fc.pre(typo !== stage);
        expect(didYouMean(typo, STAGES)).toBe(` (did you mean "${stage}"?)`);
      }),
    );
  });
});

describe('unsafe URLs in rules', () => {
  it('refuses a javascript: URL at validation, naming the rule', () => {
    const { rules, issues } = validateRules([
      { id: 'promo', trigger: { event: 'go' }, nudge: { type: 'modal', title: 'Hi', primary: { label: 'Go', url: ' JavaScript:alert(1)' } } },
      { id: 'pic', trigger: { event: 'go' }, nudge: { type: 'modal', title: 'Hi', image: { src: 'data:text/html,x', alt: '' } } },
      { id: 'fine', trigger: { event: 'go' }, nudge: { type: 'modal', title: 'Hi', primary: { label: 'Go', url: '/new' }, secondary: { label: 'Later', url: 'https://a.example/' } } },
    ]);
    expect(rules.map((r) => r.id)).toEqual(['fine']);
    expect(issues).toEqual([
      { path: 'rules[0].nudge.primary.url', message: expect.stringContaining('in rule "promo"') },
      { path: 'rules[1].nudge.image.src', message: expect.stringContaining('in rule "pic"') },
    ]);
  });
});

describe('conditions a trigger can never see', () => {
  it('warns about stage silent on sessionStart and keeps the rule', () => {
    const { rules, issues } = validateRules([rule({ trigger: { sessionStart: true }, when: { stage: 'silent' } })]);
    expect(rules).toHaveLength(1);
    expect(issues).toEqual([{ path: 'rules[0].when.stage', warning: true, message: expect.stringContaining('previousStage') }]);
  });

  it('warns about daysSinceLastActive ≥ 14 on sessionStart, also inside $and', () => {
    const { rules, issues } = validateRules([rule({ trigger: { sessionStart: true }, when: { $and: [{ daysSinceLastActive: { $gte: 14 } }] } })]);
    expect(rules).toHaveLength(1);
    expect(issues).toEqual([{ path: 'rules[0].when.$and[0].daysSinceLastActive', warning: true, message: expect.stringContaining('daysAway') }]);
  });

  it('warns about a stageChange rule whose condition rejects the stage it moves to', () => {
    const { issues } = validateRules([rule({ trigger: { stageChange: { to: 'resurrected' } }, when: { stage: 'silent' } })]);
    expect(issues).toMatchObject([{ path: 'rules[0].when.stage', warning: true }]);
  });

  it('says nothing about conditions the trigger can see', () => {
    const seen = [
      rule({ trigger: { sessionStart: true }, when: { previousStage: 'silent', daysAway: { $gte: 14 } } }),
      rule({ id: 'b', trigger: { sessionStart: true }, when: { stage: { $in: ['resurrected', 'silent'] } } }),
      rule({ id: 'c', trigger: { event: 'go' }, when: { stage: 'silent' } }),
      rule({ id: 'd', trigger: { sessionStart: true }, when: { daysSinceLastActive: { $lt: 1 } } }),
    ];
    expect(validateRules(seen)).toMatchObject({ issues: [], rules: [{}, {}, {}, {}] });
  });
});
