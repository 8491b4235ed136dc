/**
 * The Node example, run as a user would run it (`node examples/node/track.mjs`) against a
 * real collector: every event it tracks arrives once, and the process exits by itself.
 * Needs the build (`npm run build`), as `npm test` does first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startCollector } from '../collector/server.mjs';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

describe('examples/node/track.mjs', () => {
  const temp = mkdtempSync(join(tmpdir(), 'nudgekit-node-example-'));
  let collector: { url: string; endpoint: string; close(): Promise<void> };

  beforeAll(async () => {
    if (!existsSync(resolve(ROOT, 'dist/index.mjs'))) throw new Error('dist/index.mjs is missing: run `npm run build` first');
    collector = await startCollector({ writeKey: 'wk_node_example', dataDir: join(temp, 'db') });
  }, 120_000); // PGlite creates its database in a few seconds, more on a busy machine
  afterAll(async () => {
    await collector?.close();
    rmSync(temp, { recursive: true, force: true });
  });

  it('sends its events to the collector once, keeps its queue in a file and exits on its own', async () => {
    const storeFile = join(temp, 'queue.json');
    const { stdout } = await run(process.execPath, ['examples/node/track.mjs'], {
      cwd: ROOT,
      timeout: 30_000,
      env: { ...process.env, NUDGEKIT_ENDPOINT: collector.endpoint, WRITE_KEY: 'wk_node_example', NUDGEKIT_STORE: storeFile },
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
      throw new Error(`track.mjs exited with ${error.code}\nstdout: ${error.stdout}\nstderr: ${error.stderr}`);
    });
    expect(stdout).toContain('queued 0');
    expect(stdout).toContain('stage new');
    expect(existsSync(storeFile)).toBe(true);

    const response = await fetch(`${collector.url}/v1/events?limit=100&order=asc`);
    const { events } = (await response.json()) as { events: Array<{ messageId: string; type: string; event: string | null; userId: string | null }> };
    const names = events.map((e) => (e.type === 'track' ? e.event : e.type));
    expect(names).toEqual(['session_start', 'identify', 'order_paid', 'stage_change', 'order_shipped', 'subscription_renewed']);
    expect(new Set(events.map((e) => e.messageId)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'track' && e.event !== 'session_start').every((e) => e.userId === 'user-42')).toBe(true);
  });

  it('keeps its queue in the OS temp dir by default, leaving the folder it runs in untouched', async () => {
    const cwd = mkdtempSync(join(temp, 'cwd-'));
    const osTemp = mkdtempSync(join(temp, 'os-tmp-'));
    const env: NodeJS.ProcessEnv = { ...process.env, NUDGEKIT_ENDPOINT: collector.endpoint, WRITE_KEY: 'wk_node_example', TMPDIR: osTemp };
    delete env.NUDGEKIT_STORE;
    await run(process.execPath, [resolve(ROOT, 'examples/node/track.mjs')], { cwd, timeout: 30_000, env });
    expect(readdirSync(cwd)).toEqual([]);
    expect(existsSync(join(osTemp, 'nudgekit-node-example', 'queue.json'))).toBe(true);
  });

  it('exits with code 1 and reports the rejection when the write key is wrong', async () => {
    const failed = await run(process.execPath, ['examples/node/track.mjs'], {
      cwd: ROOT,
      timeout: 30_000,
      env: { ...process.env, NUDGEKIT_ENDPOINT: collector.endpoint, WRITE_KEY: 'wrong', NUDGEKIT_STORE: 'memory' },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/nudgekit: \w+/);
  });
});
