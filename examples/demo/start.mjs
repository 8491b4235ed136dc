#!/usr/bin/env node
/**
 * `npm run demo`: builds the script-tag files when dist/ lacks them or is older than src/, starts the
 * reference collector (PGlite in examples/collector/data) and the demo shop page, both on
 * 127.0.0.1, and prints the URLs. Ctrl-C stops both cleanly.
 *
 * Environment: PORT (collector), DEMO_PORT (page), DATA_DIR (the collector's PGlite folder),
 * DATABASE_URL (use PostgreSQL instead), WRITE_KEY, DEMO_BUILD (`if-stale`, the default,
 * `always` or `never`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_DATA_DIR, startCollector } from '../collector/server.mjs';
import { startStaticServer } from './static-server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
/** The bundle the page loads from a script tag. */
export const BUNDLE_PATH = resolve(ROOT, 'dist/nudgekit.iife.min.js');
/** The write key the demo page presents to its collector. */
export const DEMO_WRITE_KEY = 'demo-key';

/**
 * @typedef {object} DemoOptions
 * @property {number} [port] the page's port; 0 (default) picks a free one
 * @property {number} [collectorPort] the collector's port; 0 (default) picks a free one
 * @property {string} [host] default 127.0.0.1
 * @property {string} [dataDir] the collector's PGlite folder; a temporary one (removed on close) by default
 * @property {string} [databaseUrl] use PostgreSQL instead of PGlite
 * @property {string} [writeKey] default `demo-key`
 * @property {'if-stale' | 'always' | 'never'} [build] when to run rollup first; default `if-stale`
 */

/**
 * @typedef {object} Demo
 * @property {string} url the demo page
 * @property {string} collectorUrl the collector (stats page at `/`, JSON at `/v1/stats`, `/v1/events`)
 * @property {import('../collector/server.mjs').Collector} collector
 * @property {() => Promise<void>} close stops both servers and removes the temporary data
 */

/**
 * Starts the whole demo: build, collector, page.
 *
 * @example
 * ```js
 * const demo = await startDemo({ port: 0, collectorPort: 0 });
 * console.log(demo.url, demo.collectorUrl);
 * await demo.close();
 * ```
 * @param {DemoOptions} [options]
 * @returns {Promise<Demo>}
 */
export async function startDemo(options = {}) {
  const { port = 0, collectorPort = 0, host = '127.0.0.1', databaseUrl, writeKey = DEMO_WRITE_KEY, build = 'if-stale' } = options;
  if (build === 'always' || (build === 'if-stale' && (await bundleIsStale()))) await buildLibrary();

  const tempDir = options.dataDir || databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'nudgekit-demo-'));
  const dataDir = options.dataDir ?? tempDir ?? '';
  const removeTemp = () => (tempDir ? rm(tempDir, { recursive: true, force: true }) : Promise.resolve());

  let collector;
  try {
    collector = await startCollector({ port: collectorPort, host, writeKey, dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
  } catch (err) {
    await removeTemp();
    throw err;
  }
  let page;
  try {
    page = await startStaticServer({
      publicDir: resolve(HERE, 'public'),
      bundlePath: BUNDLE_PATH,
      port,
      host,
      config: { endpoint: collector.endpoint, writeKey, rulesUrl: `${collector.url}/v1/rules`, collectorUrl: collector.url },
    });
  } catch (err) {
    await collector.close();
    await removeTemp();
    throw err;
  }

  /** @type {Promise<void> | undefined} */
  let closed;
  const started = collector;
  const served = page;
  return {
    url: `${served.url}/`,
    collectorUrl: started.url,
    collector: started,
    close() {
      closed ??= (async () => {
        await served.close();
        await started.close();
        await removeTemp();
      })();
      return closed;
    },
  };
}

/** Whether dist/ lacks the bundle or any file under src/ (or the build config) is newer. */
export async function bundleIsStale() {
  let built;
  try {
    built = (await stat(BUNDLE_PATH)).mtimeMs;
  } catch {
    return true;
  }
  const sources = [resolve(ROOT, 'rollup.config.js'), resolve(ROOT, 'package.json')];
  for (const entry of await readdir(resolve(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) sources.push(join(entry.parentPath, entry.name));
  }
  for (const file of sources) {
    const changed = await stat(file).then((s) => s.mtimeMs, () => 0);
    if (changed > built) return true;
  }
  return false;
}

/**
 * Runs `rollup -c` in the repository for dist/nudgekit.iife.min.js, the one file the page
 * loads (not the other bundles and type declarations, which take most of a full build),
 * showing its output; rejects when it fails.
 */
export function buildLibrary() {
  const rollup = resolve(ROOT, 'node_modules/rollup/dist/bin/rollup');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [rollup, '-c', '--environment', 'NUDGEKIT_BUILD:demo'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      code === 0 ? done(undefined) : fail(new Error(`the library build (rollup -c) failed: ${signal ?? `exit code ${code}`}`)),
    );
  });
}

/** @returns {'if-stale' | 'always' | 'never'} */
function parseBuild(/** @type {string | undefined} */ value) {
  if (value === undefined || value === '' || value === 'if-stale') return 'if-stale';
  if (value === 'always' || value === 'never') return value;
  throw new TypeError(`DEMO_BUILD: expected if-stale, always or never, not "${value}"`);
}

async function main() {
  const began = performance.now();
  const port = (/** @type {string | undefined} */ name) => (process.env[name] ? Number(process.env[name]) : 0);
  const demo = await startDemo({
    port: port('DEMO_PORT'),
    collectorPort: port('PORT'),
    // A kept folder, not a temporary one: PGlite creates a new database in seconds, reopens one in under one.
    dataDir: process.env.DATA_DIR || DEFAULT_DATA_DIR,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    ...(process.env.WRITE_KEY ? { writeKey: process.env.WRITE_KEY } : {}),
    build: parseBuild(process.env.DEMO_BUILD),
  });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  console.log(`
NudgeKit demo is running (ready in ${seconds} s)

  demo shop:   ${demo.url}
  collector:   ${demo.collectorUrl}/          (live counts; JSON at /v1/stats and /v1/events)
  storage:     ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${process.env.DATA_DIR || DEFAULT_DATA_DIR}`}

Open the shop, view a product, add it to the cart and buy it; then "Jump 20 days" and
"Reload" to come back as a returning customer. Press Ctrl-C to stop.
`);
  let stopping = false;
  const stop = (/** @type {string} */ signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo...`);
    demo.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`demo: could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
