#!/usr/bin/env node
/**
 * `npm run check:package`: the package as a user would get it, checked before anyone
 * publishes it.
 *
 * 1. `npm pack` into a temporary folder (dist/ must be built: `npm run build`);
 * 2. publint on the tarball (the `files` list, the exports map, the entry files exist);
 * 3. attw (Are the Types Wrong?) on the tarball: the types of every entry resolve for ESM
 *    and CommonJS consumers, under node16 and bundler resolution;
 * 4. a fresh app in a temporary folder installs the tarball, type-checks the README's npm
 *    quick start (copied from README.md, with its endpoint pointed at a local server) with
 *    `moduleResolution: NodeNext`, compiles and runs it in Node, and the local server must
 *    receive the quick start's purchase with its lifecycle stage.
 *
 * Exits non-zero on the first failure, saying which step failed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = (name) => join(ROOT, 'node_modules', '.bin', name);
const temp = mkdtempSync(join(tmpdir(), 'nudgekit-package-'));
const keep = process.argv.includes('--keep');

function step(title) {
  console.log(`\n--- ${title}`);
}
function run(command, args, cwd = ROOT) {
  try {
    return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  } catch (error) {
    // The tool's own report is on stdout: show it with the failure.
    if (error.stdout) process.stdout.write(error.stdout);
    throw error;
  }
}

/** The README's npm quick start: the ```ts block under "### With npm". */
export function readmeQuickStart(readme) {
  const section = readme.slice(readme.indexOf('### With npm'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no ```ts block under "### With npm"');
  return block[1];
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/index.mjs'))) throw new Error('dist/ is missing: run `npm run build` first');

  step('npm pack');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', temp]));
  const tarball = join(temp, packed[0].filename);
  console.log(`${packed[0].filename}: ${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(1)} KB`);

  step('publint');
  process.stdout.write(run(BIN('publint'), ['run', tarball, '--strict']));

  // The node16 profile: ESM and CommonJS under Node's resolution, and bundlers. It leaves out
  // node10 (`moduleResolution: "node"`), which cannot see subpath exports without
  // typesVersions and which TypeScript 6 deprecates.
  step('attw (types of every entry, ESM and CommonJS)');
  process.stdout.write(run(BIN('attw'), [tarball, '--profile', 'node16', '--format', 'table-flipped', '--no-emoji', '--no-color']));

  step('a fresh app installs the tarball and runs the README quick start');
  const app = join(temp, 'app');
  run('mkdir', ['-p', join(app, 'src')]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'quick-start-app', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);

  const received = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      try {
        received.push(...JSON.parse(body).batch);
      } catch {
        // counted below: the purchase will be missing
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${server.address().port}/v1/batch`;

  const quickStart = readmeQuickStart(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  if (!quickStart.includes("'https://collect.example.com/v1/batch'")) throw new Error('README quick start: the endpoint line changed; update scripts/check-package.mjs');
  const source = `${quickStart.replace("'https://collect.example.com/v1/batch'", JSON.stringify(endpoint))}
// Added by scripts/check-package.mjs: show the result, then send and stop.
console.log(JSON.stringify({ stage: nk.profile()?.stage, tier: nk.profile()?.tier }));
await nk.shutdown();
`;
  writeFileSync(join(app, 'src/quick-start.ts'), source);
  writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'],
      rootDir: 'src', outDir: 'out', types: [], skipLibCheck: false,
    },
    include: ['src'],
  }, null, 2));
  try {
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  } catch {
    throw new Error('the quick start does not type-check against the packed package (tsc output above)');
  }
  console.log('type-checked: src/quick-start.ts (strict, NodeNext)');
  // Not execFileSync: the local server answers from this process's event loop.
  const { stdout: output } = await promisify(execFile)(process.execPath, ['out/quick-start.js'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
  process.stdout.write(output);
  await new Promise((done) => server.close(done));
  const result = JSON.parse(output.trim().split('\n').at(-1));
  const purchase = received.find((e) => e.type === 'track' && e.event === 'purchase');
  if (result.stage !== 'new') throw new Error(`the quick start's profile reads stage ${result.stage}, expected new`);
  if (!purchase || purchase.context?.lifecycle?.stage !== 'new') throw new Error(`the local server did not receive the purchase with its lifecycle stage (got ${received.length} events)`);
  console.log(`ran: ${received.length} events delivered to ${endpoint}, the purchase with context.lifecycle.stage "new"`);
}

main().then(
  () => {
    if (!keep) rmSync(temp, { recursive: true, force: true });
    console.log('\ncheck:package passed');
  },
  (error) => {
    console.error(`\ncheck:package FAILED: ${error instanceof Error ? error.message : error}${keep ? '' : `\n(rerun with --keep to inspect ${temp})`}`);
    if (!keep) rmSync(temp, { recursive: true, force: true });
    process.exit(1);
  },
);
