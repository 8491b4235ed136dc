#!/usr/bin/env node
// Size budgets per import set, checked by size-limit. Each app below is what a page imports;
// it is bundled from the packed package (npm pack, as a user installs it) with rollup and
// terser, into .size/, and size-limit checks the gzip size of each bundle (and of the
// script-tag files in dist/) against its budget in .size-limit.json. The README quotes the
// budgets; this script fails when it no longer does.
//
// Usage: npm run size [-- --no-build]
import { execFileSync, execSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/** The apps: what a page imports and calls. The names are those of .size-limit.json. */
export const APPS = {
  track: `import { createNudgeKit } from 'nudgekit';
const nk = createNudgeKit({ endpoint: '/v1/batch', writeKey: 'k' });
nk.track('go');`,
  everything: `import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
import { targeting, rule } from 'nudgekit/rules';
import { domRenderer } from 'nudgekit/dom';
const nk = createNudgeKit({
  endpoint: '/v1/batch', writeKey: 'k',
  features: [
    lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
    targeting({ rules: [rule('welcome').on({ event: 'go' }).show({ type: 'modal', title: 'Hi', body: 'Text' })], renderer: domRenderer() }),
  ],
});
nk.track('go');`,
  lifecycle: `import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
const nk = createNudgeKit({ endpoint: '/v1/batch', features: [lifecycle()] });
nk.track('go');`,
};

const root = new URL('..', import.meta.url).pathname;
if (!process.argv.includes('--no-build')) execSync('npx rollup -c --silent', { cwd: root, stdio: 'inherit' });

// Install the packed tarball into a scratch app, as a user would get it.
const scratch = mkdtempSync(join(tmpdir(), 'nudgekit-size-'));
try {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();
  const pkgDir = join(scratch, 'node_modules', 'nudgekit');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', pkgDir, '--strip-components=1']);
  cpSync(join(root, 'node_modules', 'idb'), join(scratch, 'node_modules', 'idb'), { recursive: true });

  const out = join(root, '.size');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  for (const [name, source] of Object.entries(APPS)) {
    const input = join(scratch, `${name}.js`);
    writeFileSync(input, source);
    const bundle = await rollup({ input, plugins: [nodeResolve({ browser: true, rootDir: scratch })], onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })] });
    if (output.length !== 1) throw new Error(`${name}: expected one chunk, got ${output.length}`);
    writeFileSync(join(out, `${name}.js`), output[0].code);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

let failed = false;
try {
  execFileSync('npx', ['size-limit'], { cwd: root, stdio: 'inherit' });
} catch {
  failed = true;
}

// The README states every budget, in the words "<name>: ≤ N KB".
const readme = readFileSync(join(root, 'README.md'), 'utf8');
for (const { name, limit } of JSON.parse(readFileSync(join(root, '.size-limit.json'), 'utf8'))) {
  const claim = `${name}: ≤ ${limit.replace(/\s*kB$/i, ' KB')}`;
  if (!readme.includes(claim)) {
    console.log(`README.md does not state the budget "${claim}": update it.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
