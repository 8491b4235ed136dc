/** Every complete rule shown in docs/rules.md must be valid, so the guide cannot drift from the code. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rule, validateRules } from '../../src/rules/index';
import { MAX_MATCH_WORK } from '../../src/rules/regex-nfa';
import { MAX_NATIVE_STEPS, safeRegExp } from '../../src/rules/safe-regex';

const guide = readFileSync(resolve(__dirname, '../../docs/rules.md'), 'utf8');
const blocks = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!.trim()).filter((b) => b.startsWith('{ "id"') || b.startsWith('{\n  "id"'));

describe('docs/rules.md', () => {
  it('has the cookbook rules', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it.each(blocks.map((b) => [b.slice(0, 40), b] as const))('%s... is a valid rule', (_name, block) => {
    const { issues } = validateRules([JSON.parse(block)]);
    expect(issues).toEqual([]);
  });

  it('the builder example equals the JSON example', () => {
    const built = rule('recall-silent')
      .on({ stageChange: { to: 'resurrected' } })
      .when({ tier: { $in: ['high', 'mid'] } })
      .show({ type: 'modal', title: 'Welcome back', body: 'Here is what changed.', primary: { label: 'Take a look', url: '/new' } })
      .cap({ perDay: 1, lifetime: 3 })
      .priority(10)
      .holdout(0.1)
      .goal({ event: 'purchase', withinMs: 7 * 86_400_000 });
    expect(JSON.stringify(built)).toBe(JSON.stringify(JSON.parse(blocks[0]!)));
  });

  it('the regex safety section states the limits and examples the code uses', () => {
    const section = guide.slice(guide.indexOf('### Regex safety'), guide.indexOf('### Refused outright'));
    expect(section).toContain(`bounded by ${MAX_NATIVE_STEPS.toLocaleString('en-US')} steps`);
    expect(section).toContain(`at most ${MAX_MATCH_WORK.toLocaleString('en-US')} such`);
    for (const p of ['(Mobile|Tablet)', '@(gmail|yahoo)\\.com$', 'Chrome/\\d+', '^\\d+$']) expect(safeRegExp(p, false), p).toBeInstanceOf(RegExp);
    const email = safeRegExp('[a-z]+@[a-z]+\\.com$', false)!;
    expect(email).not.toBeInstanceOf(RegExp);
    expect(email.test('a'.repeat(1014) + '@b.com')).toBe(true);
  });
});
