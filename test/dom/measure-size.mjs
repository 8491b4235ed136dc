#!/usr/bin/env node
// Measures what the nudge dispatcher and the DOM renderer add to a bundle: each entry is
// bundled as an IIFE with rolldown, minified with terser, gzipped (level 9). The marginal
// figure subtracts core/errors, which the full NudgeKit bundle contains anyway.
// Usage: node test/dom/measure-size.mjs   (prints a table, writes test-results/size-dom.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';
import { minify } from 'terser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entries = {
  'core/errors (baseline)': "export { NudgeKitError, reportTo, ERROR_CODES } from './src/core/errors.ts';",
  'dom renderer': "export { domRenderer } from './src/dom/index.ts';",
  'dispatcher': "export { createDispatcher, isSafeUrl } from './src/nudges/index.ts';",
  'dom + dispatcher': "export { domRenderer } from './src/dom/index.ts'; export { createDispatcher, isSafeUrl } from './src/nudges/index.ts';",
  'baseline + dom + dispatcher':
    "export { NudgeKitError, reportTo, ERROR_CODES } from './src/core/errors.ts'; export { domRenderer } from './src/dom/index.ts'; export { createDispatcher, isSafeUrl } from './src/nudges/index.ts';",
};

const results = {};
for (const [name, code] of Object.entries(entries)) {
  const build = await rolldown({
    input: 'virtual-entry',
    cwd: root,
    platform: 'browser',
    logLevel: 'silent',
    plugins: [{ name: 'virtual', resolveId: (id) => (id === 'virtual-entry' ? id : null), load: (id) => (id === 'virtual-entry' ? code : null) }],
  });
  const { output } = await build.generate({ format: 'iife', name: 'X' });
  await build.close();
  const min = (await minify(output[0].code, { compress: { passes: 2 }, mangle: true })).code;
  results[name] = { minBytes: min.length, gzipBytes: gzipSync(min, { level: 9 }).length };
}
const marginal = results['baseline + dom + dispatcher'].gzipBytes - results['core/errors (baseline)'].gzipBytes;
console.table(results);
console.log(`dom + dispatcher add ${marginal} B gzip to a bundle that has core/errors`);
mkdirSync(resolve(root, 'test-results'), { recursive: true });
writeFileSync(resolve(root, 'test-results/size-dom.json'), JSON.stringify({ results, marginalGzipBytes: marginal }, null, 2));
