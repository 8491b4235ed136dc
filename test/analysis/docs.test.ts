/** The example in docs/analysis.md runs and prints what the guide says it prints. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index';

const guide = readFileSync(resolve(__dirname, '../../docs/analysis.md'), 'utf8');

it('docs/analysis.md: the collector example prints its stated output', () => {
  const block = guide.match(/```ts\n([\s\S]*?)```/)![1]!;
  const body = block.replace(/^import .*\n/m, '');
  const lines: string[] = [];
  const console = { log: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) };
  new Function('analyzeExperiment', 'console', body)(analyzeExperiment, console);
  const stated = block.match(/^\/\/ (treatment: .*)$/m)![1]!;
  expect(lines).toEqual([stated]);
});
