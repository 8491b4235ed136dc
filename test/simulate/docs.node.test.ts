/** docs/simulate.md: the transactions example prints what the guide shows. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runSimulate } from '../../src/cli/simulate-command';

const root = resolve(__dirname, '../..');
const guide = readFileSync(resolve(root, 'docs/simulate.md'), 'utf8');

it('docs/simulate.md: the CSV example prints the tables the guide shows', async () => {
  const example = resolve(root, 'examples/what-if');
  const run = await runSimulate(['--rules', `${example}/csv-rules.json`, '--csv', `${example}/orders.csv`, '--csv-map', 'user=customer_id,date=order_date,amount=total', '--to', '2025-12-31', '--no-progress']);
  expect(run.code).toBe(0);
  const block = guide.slice(guide.indexOf('## From a transactions CSV')).match(/```text\n([\s\S]*?)```/)![1]!;
  for (const part of block.trim().split('\n\n')) expect(run.stdout).toContain(part);
});
