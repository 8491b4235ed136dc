#!/usr/bin/env node
// Fails when a bundle is over its gzip budget. The budgets live here and only here;
// the README quotes them and `npm run size` checks that the README still says the same.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';

// The IIFE started with a 15 KB budget (issue 2). With tracking, profile, lifecycle, the rule
// engine (condition compiler, linear-time regex, schedules, caps), nudges, the DOM renderer,
// delivery, IndexedDB storage and tab sync it measured 40.4 KB on 2026-11-23, so the budget
// now sits just above that, to catch growth. Per-module figures are in the issue notes; reaching
// 15 KB needs a scope decision (optional parts out of the all-in-one bundle), not trimming.
// 2026-11-26: 42.4 KB after an audit's fixes, each bought with bytes on purpose: the queue moving
// to memory when storage is full, cross-tab de-duplication at hand-over, the renderer's defence
// against host-page CSS, plugin result checks and reserved event names, bounded traits, a regex
// cost analysis that keeps catastrophic patterns off the native engine, and a 2F1 accurate over
// the model's whole range. The budget moves to 43 KB, again just above, to catch the next growth.
// 2026-11-26, later: 43.8 KB. track() got about 45% faster in Node and in Chromium (7.3 -> 3.6 µs
// with 200 rules, the goal being 5 µs) by computing an event's size instead of
// serialising it (json-size, event-size, sizes measured during normalisation), local time from a
// cached UTC offset instead of Intl formatting, pooled random bytes for ids and a cached page
// context. Those cost 1.3 KB. Grouping the rules on one event by the string they require
// (rules/value-index: an event evaluates the rule for its category, not one per category) cost
// 0.35 KB more: 44.17 KB, and the budget moves to 45 KB.
export const BUDGETS = [
  { file: 'dist/nudgekit.iife.min.js', label: 'IIFE bundle (everything, idb and the DOM renderer included)', maxBytes: 45 * 1024 },
];

if (!process.argv.includes('--no-build')) execSync('npx rollup -c --silent', { stdio: 'inherit' });

let failed = false;
for (const budget of BUDGETS) {
  const raw = readFileSync(budget.file);
  const gzip = gzipSync(raw, { level: 9 }).length;
  const ok = gzip <= budget.maxBytes;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${budget.file}: ${(gzip / 1024).toFixed(2)} KB gzip (${(raw.length / 1024).toFixed(1)} KB minified), budget ${(budget.maxBytes / 1024).toFixed(0)} KB — ${budget.label}`);
}
const readme = readFileSync('README.md', 'utf8');
for (const budget of BUDGETS) {
  const claim = `${(budget.maxBytes / 1024).toFixed(0)} KB gzip`;
  if (!readme.includes(claim)) {
    console.log(`README.md does not state the budget "${claim}" for ${budget.file}: update it.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
