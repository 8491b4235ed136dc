import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const watched = ['indexedDB', 'window', 'document', 'navigator', 'localStorage'] as const;


it('touches no browser global and no file when imported and when stores are created (SSR)', async () => {
  const touched: string[] = [];
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const name of watched) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'nk-import-'));
  try {
    const storage = await import('../../src/storage/index');
    const node = await import('../../src/entries/node');
    storage.indexedDBStore();
    node.fileStore({ path: join(dir, 'state.json') });
    storage.memoryStore();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(touched).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    // Only choosing a store looks for IndexedDB; in Node 'auto' quietly picks memory.
    const errors: unknown[] = [];
    const store = await storage.openStore('auto', (error) => errors.push(error));
    expect(store.kind).toBe('memory');
    expect(errors).toEqual([]);
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
    await rm(dir, { recursive: true, force: true });
  }
});
