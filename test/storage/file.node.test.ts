import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import { fileStore } from '../../src/storage/file';
import { describeStoreContract, sampleRecord } from './store-contract';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nk-file-store-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreContract('file', {
  shared: true,
  async fresh() {
    const path = join(await tempDir(), 'nested', 'state.json');
    return () => fileStore({ path });
  },
});

describe('fileStore', () => {
  it('has no effect until the first call: creating one writes nothing', async () => {
    const dir = await tempDir();
    const store = fileStore({ path: join(dir, 'state.json') });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readdir(dir)).toEqual([]);
    await store.close();
  });

  it('coalesces the calls of one tick into one write, resolving each after it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    const store = fileStore({ path });
    const calls = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? store.set(`k${i}`, { i }) : store.append([sampleRecord(i)])));
    await Promise.all(calls);
    // Every promise resolved after the write that holds its change: the file has all of them.
    const data = JSON.parse(await readFile(path, 'utf8')) as { kv: Record<string, unknown>; queue: unknown[] };
    expect(Object.keys(data.kv)).toHaveLength(100);
    expect(data.queue).toHaveLength(100);
    await store.close();
  });

  it('is never half-written: many concurrent writers, then a new instance reads everything, and no temp file is left', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    const writers = [fileStore({ path }), fileStore({ path }), fileStore({ path })];
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      writers.forEach((store, w) => {
        work.push(store.set(`w${w}-r${round}`, { round, payload: 'x'.repeat(200) }));
        work.push(store.append([sampleRecord(round * 10 + w)]));
      });
      // Spread the rounds over several ticks, so writes of different instances interleave.
      if (round % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(work);
    await Promise.all(writers.map((store) => store.close()));

    const reader = fileStore({ path });
    for (let round = 0; round < 20; round++) {
      for (let w = 0; w < 3; w++) expect(await reader.get(`w${w}-r${round}`)).toEqual({ round, payload: 'x'.repeat(200) });
    }
    const head = await reader.head(1000);
    expect(head).toHaveLength(60);
    expect(new Set(head.map((record) => record.seq)).size).toBe(60);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ nudgekit: 1 });
    expect((await readdir(dir)).sort()).toEqual(['state.json']);
    await reader.close();
  });

  it('moves a file of garbage aside, reports it, and starts empty', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    await writeFile(path, '{"nudgekit":1,"kv":{"a":1},"queue":[{"seq":1,"id"');
    const errors: NudgeKitError[] = [];
    const store = fileStore({ path, onError: (error) => errors.push(error) });
    expect(await store.get('a')).toBeUndefined();
    expect(await store.size()).toEqual({ count: 0, bytes: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_corrupt' });
    const files = await readdir(dir);
    const aside = files.find((file) => file.startsWith('state.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toContain('"queue":[{"seq":1');
    await store.set('b', 2);
    expect(await fileStore({ path }).get('b')).toBe(2);
    await store.close();
  });

  it('treats valid JSON of the wrong shape as corrupt', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    await writeFile(path, '[1,2,3]');
    const errors: NudgeKitError[] = [];
    const store = fileStore({ path, onError: (error) => errors.push(error) });
    expect(await store.head(10)).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(['storage_corrupt']);
    await store.close();
  });

  it('drops malformed queue records from a readable file and reports them', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    const good = { ...sampleRecord(1), seq: 5 };
    const file = { nudgekit: 1, nextSeq: 6, kv: { x: 1 }, queue: [{ seq: 2, id: 'no-event', bytes: 1, attempts: 0 }, good, { seq: 3, id: 'y', bytes: 'big', event: {}, attempts: 0 }] };
    await writeFile(path, JSON.stringify(file));
    const errors: NudgeKitError[] = [];
    const store = fileStore({ path, onError: (error) => errors.push(error) });
    expect(await store.head(10)).toEqual([good]);
    expect(await store.get('x')).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_corrupt', details: { count: 2 } });
    const [next] = await store.append([sampleRecord(2)]);
    expect(next!.seq).toBe(6);
    await store.close();
  });

  it('rejects a value that is not JSON without failing the other calls of the tick', async () => {
    const store = fileStore({ path: join(await tempDir(), 'state.json') });
    const results = await Promise.allSettled([store.set('ok', 1), store.set('bad', { n: 10n }), store.set('ok2', 2)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'storage_unavailable' });
    expect(await store.get('ok2')).toBe(2);
    await store.close();
  });

  it('rejects with the platform error as cause when the file cannot be written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'not-a-dir'), 'x');
    const store = fileStore({ path: join(dir, 'not-a-dir', 'state.json') });
    const error = await store.set('k', 1).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'NudgeKitError', code: 'storage_unavailable' });
    expect((error as Error).cause).toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) });
    await store.close();
  });

  it('waits for a lock held by another writer, and takes over a stale one', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    await writeFile(`${path}.lock`, '');
    const store = fileStore({ path, lockTimeoutMs: 200 });
    await expect(store.set('k', 1)).rejects.toMatchObject({ cause: { name: 'LockTimeoutError' } });
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    await store.set('k', 2);
    expect(await fileStore({ path }).get('k')).toBe(2);
    expect(await readdir(dir)).toEqual(['state.json']);
    await store.close();
  });
});
