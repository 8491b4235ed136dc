import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, type NudgeKitError } from '../../src/core/errors';
import { memoryStore } from '../../src/storage/memory';
import { openStore, validateStoreOption } from '../../src/storage/open-store';
import { fileStore } from '../../src/storage/file';
import type { Store } from '../../src/storage/store';
import { sampleRecord } from './store-contract';

let counter = 0;
const uniqueName = (): string => `nk-open-${Date.now()}-${counter++}`;

function collect(): { errors: NudgeKitError[]; onError: (error: NudgeKitError) => void } {
  const errors: NudgeKitError[] = [];
  return { errors, onError: (error) => errors.push(error) };
}

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('openStore', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("uses IndexedDB for 'auto' where it exists, and reports nothing", async () => {
    const { errors, onError } = collect();
    const store = await openStore('auto', onError, { name: uniqueName() });
    expect(store.kind).toBe('indexeddb');
    await store.set('k', 1);
    expect(await store.get('k')).toBe(1);
    expect(errors).toEqual([]);
    await store.close();
  });

  it('falls back to memory and reports storage_unavailable when a browser has no indexedDB', async () => {
    vi.stubGlobal('indexedDB', undefined);
    for (const option of ['auto', 'indexeddb', undefined] as const) {
      const { errors, onError } = collect();
      const store = await openStore(option, onError);
      expect(store.kind).toBe('memory');
      expect(errors.map((error) => error.code)).toEqual(['storage_unavailable']);
      expect(errors[0]!.message).toContain('not available');
    }
  });

  it("quietly uses memory for 'auto' outside a browser (Node, SSR)", async () => {
    vi.stubGlobal('indexedDB', undefined);
    vi.stubGlobal('document', undefined);
    const { errors, onError } = collect();
    expect((await openStore('auto', onError)).kind).toBe('memory');
    expect(errors).toEqual([]);
    // Asked for by name, its absence is worth a report even there.
    expect((await openStore('indexeddb', onError)).kind).toBe('memory');
    expect(errors.map((error) => error.code)).toEqual(['storage_unavailable']);
  });

  it('falls back to memory when opening throws (Firefox private mode, sandboxed iframe) and keeps the cause', async () => {
    for (const name of ['InvalidStateError', 'SecurityError']) {
      vi.spyOn(indexedDB, 'open').mockImplementation(() => {
        throw new DOMException('IndexedDB is not allowed here', name);
      });
      const { errors, onError } = collect();
      const store = await openStore('auto', onError, { name: uniqueName() });
      expect(store.kind).toBe('memory');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'storage_unavailable', details: { fallback: 'memory' } });
      expect(errors[0]!.cause).toMatchObject({ name });
      expect(errors[0]!.message).toContain(name);
      vi.restoreAllMocks();
    }
  });

  it('falls back to memory when another tab blocks the open', async () => {
    const name = uniqueName();
    const blocker = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => resolve(request.result);
    });
    const realOpen = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((dbName: string) => realOpen(dbName, 2));
    const { errors, onError } = collect();
    const store = await openStore('indexeddb', onError, { name });
    expect(store.kind).toBe('memory');
    expect(errors[0]!.cause).toMatchObject({ name: 'BlockedError' });
    blocker.close();
  });

  it('reports a full disk as storage_quota once per episode, and still rejects each failed write', async () => {
    let full = true;
    const inner = memoryStore();
    const custom: Store = {
      ...inner,
      kind: 'custom',
      append: (records) => (full ? Promise.reject(quota()) : inner.append(records)),
      set: (key, value) => (full ? Promise.reject(quota()) : inner.set(key, value)),
    };
    const { errors, onError } = collect();
    const store = await openStore(custom, onError);
    expect(store.kind).toBe('custom');

    const first = await store.set('k', 1).catch((error: unknown) => error);
    expect(first).toMatchObject({ name: 'NudgeKitError', code: 'storage_quota' });
    expect((first as Error).cause).toMatchObject({ name: 'QuotaExceededError' });
    await expect(store.set('k', 2)).rejects.toMatchObject({ code: 'storage_quota' });
    expect(errors.map((error) => error.code)).toEqual(['storage_quota']);

    full = false;
    await store.set('k', 3);
    full = true;
    await expect(store.set('k', 4)).rejects.toMatchObject({ code: 'storage_quota' });
    expect(errors.map((error) => error.code)).toEqual(['storage_quota', 'storage_quota']);
  });

  it('turns a full queue into storage_quota but leaves reporting it to the delivery queue (it says what it does about it)', async () => {
    const custom: Store = { ...memoryStore(), kind: 'custom', append: () => Promise.reject(quota()) };
    const { errors, onError } = collect();
    const store = await openStore(custom, onError);
    const failure = await store.append([sampleRecord(1)]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'NudgeKitError', code: 'storage_quota', cause: { name: 'QuotaExceededError' } });
    expect(errors).toEqual([]);
  });

  it('reports QuotaExceededError from IndexedDB as storage_quota', async () => {
    const { errors, onError } = collect();
    const store = await openStore('indexeddb', onError, { name: uniqueName() });
    expect(store.kind).toBe('indexeddb');
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quota();
    });
    await expect(store.set('k', 1)).rejects.toMatchObject({ code: 'storage_quota', cause: { name: 'QuotaExceededError' } });
    expect(errors.map((error) => error.code)).toEqual(['storage_quota']);
    vi.restoreAllMocks();
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(() => {
      throw quota();
    });
    await expect(store.append([sampleRecord(1)])).rejects.toMatchObject({ code: 'storage_quota', cause: { name: 'QuotaExceededError' } });
    vi.restoreAllMocks();
    expect(await store.size()).toEqual({ count: 0, bytes: 0 });
    await store.close();
  });

  it("passes other failures through unchanged and doesn't report them", async () => {
    const failure = new Error('disk on fire');
    const custom: Store = { ...memoryStore(), set: () => Promise.reject(failure), append: () => { throw failure; } };
    const { errors, onError } = collect();
    const store = await openStore(custom, onError);
    await expect(store.set('k', 1)).rejects.toBe(failure);
    await expect(store.append([])).rejects.toBe(failure); // a synchronous throw becomes a rejection
    expect(errors).toEqual([]);
  });

  it("opens 'memory' and { file } without touching them", async () => {
    const { errors, onError } = collect();
    expect((await openStore('memory', onError)).kind).toBe('memory');
    expect((await openStore(fileStore({ path: '/nonexistent/dir/state.json' }), onError)).kind).toBe('file');
    expect(errors).toEqual([]);
  });
});

describe('validateStoreOption', () => {
  it('accepts every documented form', () => {
    for (const value of [undefined, 'auto', 'indexeddb', 'memory', fileStore({ path: 'state.json' }), memoryStore()]) {
      expect(() => validateStoreOption(value, 'store')).not.toThrow();
    }
  });

  it('names the exact path of the problem', () => {
    const problem = (value: unknown): string | undefined => {
      try {
        validateStoreOption(value, 'store');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
      return undefined;
    };
    expect(problem('sqlite')).toBe("store: expected 'auto', 'indexeddb', 'memory' or a Store");
    expect(problem({ file: 'state.json' })).toBe("store.file: pass fileStore({ path }) from 'nudgekit/node' as the store instead");
    expect(problem({ get() {} })).toBe('store.kind: expected a string (a Store names its adapter)');
    expect(problem({ ...memoryStore(), clear: undefined })).toBe('store.clear: expected a function (see the Store interface)');
    expect(problem(null)).toMatch(/^store: /);
    expect(problem([])).toMatch(/^store: /);
  });

  it('throws a ConfigError, never anything else, for arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          validateStoreOption(value, 'store');
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as ConfigError).path.startsWith('store')).toBe(true);
        }
      }),
    );
  });
});
