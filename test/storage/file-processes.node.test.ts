/**
 * Several Node processes writing one file store at once: the lock file serialises their
 * writes, so nothing is lost and every seq is unique.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { rolldown } from 'rolldown';
import { expect, it } from 'vitest';
import { fileStore } from '../../src/storage/file';

const run = promisify(execFile);

it('loses nothing when three processes append to one file at the same time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nk-file-procs-'));
  try {
    const build = await rolldown({ input: resolve(__dirname, '../../src/storage/file.ts'), platform: 'node', logLevel: 'silent' });
    const { output } = await build.generate({ format: 'esm' });
    await build.close();
    await writeFile(join(dir, 'file-store.mjs'), output[0].code);
    await writeFile(
      join(dir, 'writer.mjs'),
      `import { fileStore } from './file-store.mjs';
const [path, tab] = process.argv.slice(2);
const store = fileStore({ path, lockTimeoutMs: 30000 });
const calls = [];
for (let i = 0; i < 40; i++) {
  calls.push(store.append([{ id: tab + '-' + i, bytes: 10, event: { i }, attempts: 0 }]));
  if (i % 5 === 4) await new Promise((r) => setTimeout(r, Math.random() * 5));
}
await Promise.all(calls);
await store.set('done-' + tab, true);
await store.close();
`,
    );
    const path = join(dir, 'queue.json');
    await Promise.all(['a', 'b', 'c'].map((tab) => run(process.execPath, [join(dir, 'writer.mjs'), path, tab])));
    const store = fileStore({ path });
    const head = await store.head(1000);
    expect(head).toHaveLength(120);
    expect(new Set(head.map((record) => record.id)).size).toBe(120);
    expect(new Set(head.map((record) => record.seq)).size).toBe(120);
    for (const tab of ['a', 'b', 'c']) {
      expect(await store.get(`done-${tab}`)).toBe(true);
      const order = head.filter((record) => record.id.startsWith(`${tab}-`)).map((record) => (record.event as { i: number }).i);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['file-store.mjs', 'queue.json', 'writer.mjs']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
