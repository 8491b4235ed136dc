/** Every complete rule shown in docs/rules.md must be valid, so the guide cannot drift from the code. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rule, validateRules } from '../../src/rules/index';

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
});
