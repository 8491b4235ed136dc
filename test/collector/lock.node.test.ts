/**
 * One collector per PGlite folder (issue 16): a second one on the same folder is refused
 * with a message that says what to do, in the same process and from the command line, and
 * a lock left by a process that is gone is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCollector, freshDataDir, removeDir, SERVER_PATH, WRITE_KEY } from './helpers';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});
async function folder(): Promise<string> {
  const dir = await freshDataDir();
  dirs.push(dir);
  return dir;
}

describe('the PGlite folder lock', () => {
  it('refuses a second collector on the same folder, naming the holder, and frees the folder on close', async () => {
    const dataDir = await folder();
    const first = await startCollector({ writeKey: WRITE_KEY, dataDir });
    const lock = JSON.parse(readFileSync(join(dataDir, 'collector.lock'), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    const second = startCollector({ writeKey: WRITE_KEY, dataDir });
    await expect(second).rejects.toThrow(new RegExp(`in use by another collector \\(pid ${process.pid} .*DATA_DIR`));
    await expect(second).rejects.toMatchObject({ code: 'EDATADIRLOCKED' });
    await first.close();
    expect(existsSync(join(dataDir, 'collector.lock'))).toBe(false);
    const third = await startCollector({ writeKey: WRITE_KEY, dataDir });
    await third.close();
  }, 60_000);

  it('refuses a second `node examples/collector/server.mjs` on the folder with a clear message and exit code 1', async () => {
    const dataDir = await folder();
    const first = await startCollector({ writeKey: WRITE_KEY, dataDir });
    try {
      // Without DATABASE_URL (CI sets one for the PostgreSQL suite): the server must take the PGlite folder.
      const { DATABASE_URL: _postgres, ...env } = process.env;
      const result = spawnSync(process.execPath, [SERVER_PATH], { env: { ...env, DATA_DIR: dataDir, PORT: '0' }, encoding: 'utf8', timeout: 60_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`collector: could not start: the PGlite folder ${dataDir} is in use by another collector (pid ${process.pid}`);
    } finally {
      await first.close();
    }
  }, 90_000);

  it('takes over a lock whose process is gone', async () => {
    const dataDir = await folder();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((done) => child.on('exit', () => done(child.pid!)));
    const { hostname } = await import('node:os');
    writeFileSync(join(dataDir, 'collector.lock'), JSON.stringify({ pid: deadPid, host: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const collector = await startCollector({ writeKey: WRITE_KEY, dataDir });
    expect(JSON.parse(readFileSync(join(dataDir, 'collector.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await collector.close();
  }, 60_000);
});
