import { describe, expect, it } from 'vitest';
import { rule, validateRules } from '../../src/rules/index';
import type { RuleDefinition } from '../../src/rules/index';

const handWritten = JSON.parse(`{ "id": "recall-silent", "trigger": { "stageChange": { "to": "resurrected" } }, "when": { "tier": { "$in": ["high", "mid"] } },
  "nudge": { "type": "modal", "title": "Welcome back", "body": "Here is what changed.", "primary": { "label": "Take a look", "url": "/new" } },
  "cap": { "perDay": 1, "lifetime": 3 }, "priority": 10, "holdout": 0.1, "goal": { "event": "purchase", "withinMs": 604800000 } }`) as RuleDefinition;

const built = rule('recall-silent')
  .on({ stageChange: { to: 'resurrected' } })
  .when({ tier: { $in: ['high', 'mid'] } })
  .show({ type: 'modal', title: 'Welcome back', body: 'Here is what changed.', primary: { label: 'Take a look', url: '/new' } })
  .cap({ perDay: 1, lifetime: 3 })
  .priority(10)
  .holdout(0.1)
  .goal({ event: 'purchase', withinMs: 604_800_000 });

describe('rule builder', () => {
  it('produces exactly the JSON of the hand-written rule (same keys, same order)', () => {
    expect(built.build()).toEqual(handWritten);
    expect(JSON.stringify(built.build())).toBe(JSON.stringify(handWritten));
  });

  it('is accepted wherever a rule is, through toJSON()', () => {
    expect(JSON.parse(JSON.stringify(built))).toEqual(handWritten);
    const { rules, issues } = validateRules([built]);
    expect(issues).toEqual([]);
    expect(rules).toEqual([handWritten]);
  });

  it('orders keys canonically whatever the call order', () => {
    const a = rule('x').delay(5).show({ type: 'toast' }).on('add_to_cart', { price: { $gt: 10 } }).schedule({ daysOfWeek: [1] }).sample(0.5).enabled(true);
    expect(Object.keys(a.build())).toEqual(['id', 'trigger', 'nudge', 'sample', 'delayMs', 'schedule', 'enabled']);
    expect(a.build().trigger).toEqual({ event: 'add_to_cart', where: { price: { $gt: 10 } } });
  });

  it('is immutable: a base builder can be reused', () => {
    const base = rule('x').on('go').show({ type: 'toast' });
    const capped = base.cap({ perDay: 1 });
    expect(base.build().cap).toBeUndefined();
    expect(capped.build().cap).toEqual({ perDay: 1 });
  });

  it('an incomplete builder is reported by validation, not thrown', () => {
    expect(() => rule('half').build()).not.toThrow();
    expect(validateRules([rule('half')]).issues.map((i) => i.path)).toEqual(['rules[0].trigger', 'rules[0].nudge']);
  });
});
