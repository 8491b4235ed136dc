// Builds small apps the way a user's bundler would: from the packed package (`npm pack`,
// installed into a scratch folder), with rollup, node-resolve and terser. `npm run size`
// measures them; the e2e tests run them in Chromium.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const ROOT = new URL('..', import.meta.url).pathname;

/**
 * The apps: what a page imports and calls, sending to `endpoint`. The names are those of
 * .size-limit.json. `everything` shows a modal when `go` is tracked, as the issue asks.
 */
export function apps(endpoint = '/v1/batch') {
  const at = JSON.stringify(endpoint);
  return {
    track: `import { createNudgeKit } from 'nudgekit';
const nk = createNudgeKit({ endpoint: ${at}, writeKey: 'k' });
nk.track('go');
globalThis.nk = nk;`,
    lifecycle: `import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
const nk = createNudgeKit({ endpoint: ${at}, writeKey: 'k', features: [lifecycle()] });
nk.track('go');
globalThis.nk = nk;`,
    everything: `import { createNudgeKit } from 'nudgekit';
import { lifecycle } from 'nudgekit/lifecycle';
import { targeting, rule } from 'nudgekit/rules';
import { domRenderer } from 'nudgekit/dom';
const nk = createNudgeKit({
  endpoint: ${at}, writeKey: 'k',
  features: [
    lifecycle({ conversionEvents: ['purchase'], revenueProperty: 'revenue' }),
    targeting({ rules: [rule('welcome').on({ event: 'go' }).show({ type: 'modal', title: 'Hi', body: 'Text' })], renderer: domRenderer() }),
  ],
});
nk.track('go');
globalThis.nk = nk;`,
  };
}

/**
 * Bundles each app from a fresh `npm pack` of the built package (dist/ must exist) as a page's
 * bundler would: ES modules with code splitting, so what the package loads on demand (the
 * storage and sending code) becomes chunks beside the entry. Returns, per app, its entry file
 * (what the page loads first) and every file (entry and chunks) by name, all in one folder.
 * @returns {Promise<Record<string, { entry: string, files: Record<string, string> }>>}
 */
export async function buildApps(sources = apps()) {
  const scratch = mkdtempSync(join(tmpdir(), 'nudgekit-apps-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
    const pkgDir = join(scratch, 'node_modules', 'nudgekit');
    mkdirSync(pkgDir, { recursive: true });
    execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', pkgDir, '--strip-components=1']);
    cpSync(join(ROOT, 'node_modules', 'idb'), join(scratch, 'node_modules', 'idb'), { recursive: true });
    const built = {};
    for (const [name, source] of Object.entries(sources)) {
      const input = join(scratch, `${name}.js`);
      writeFileSync(input, source);
      const bundle = await rollup({ input, plugins: [nodeResolve({ browser: true, rootDir: scratch })], onwarn: () => {} });
      const { output } = await bundle.generate({
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        plugins: [terser({ compress: { passes: 2 }, format: { comments: false } })],
      });
      await bundle.close();
      const entry = output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
      // The "initial" budget measures the entry file alone: it must not import other files statically.
      if (entry.imports.length > 0) throw new Error(`${name}: the entry imports ${entry.imports.join(', ')} statically; measure them as initial too`);
      built[name] = { entry: entry.fileName, files: Object.fromEntries(output.filter((o) => o.type === 'chunk').map((chunk) => [chunk.fileName, chunk.code])) };
    }
    return built;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
