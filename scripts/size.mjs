#!/usr/bin/env node
// Size budgets per import set, checked by size-limit. Each app of scripts/pack-apps.mjs (what
// a page imports) is bundled from the packed package with rollup and terser into .size/<app>/,
// an entry file plus the chunks it loads at start-up, and size-limit checks the gzip size of
// each app's entry ("initial") and of all its files ("total"), and of the script-tag files in dist/,
// against its budget in .size-limit.json. The README quotes every budget; this script fails
// when it no longer does. Moving a budget up needs a reason in its commit.
//
// Usage: npm run size [-- --no-build]
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApps } from './pack-apps.mjs';

const root = new URL('..', import.meta.url).pathname;
if (!process.argv.includes('--no-build')) execSync('npx rollup -c --silent', { cwd: root, stdio: 'inherit' });

const out = join(root, '.size');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
// One folder per app: its entry file (the "initial" budget) and the chunks it loads later ("total").
for (const [name, { files }] of Object.entries(await buildApps())) {
  mkdirSync(join(out, name));
  for (const [file, code] of Object.entries(files)) writeFileSync(join(out, name, file), code);
}

let failed = false;
try {
  execFileSync('npx', ['size-limit'], { cwd: root, stdio: 'inherit' });
} catch {
  failed = true;
}

// The README states every budget, in the words "<name>: ≤ N kB".
const readme = readFileSync(join(root, 'README.md'), 'utf8');
for (const { name, limit } of JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8'))) {
  const claim = `${name}: ≤ ${limit}`;
  if (!readme.includes(claim)) {
    console.log(`README.md does not state the budget "${claim}": update it.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
