/**
 * The Store contract and the recovery paths of the IndexedDB adapter, in real Chromium
 * with its real IndexedDB (the unit project runs the same contract on fake-indexeddb).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { CHUNK_SPAN } from '../../src/storage/indexeddb-layout';
import { openStore } from '../../src/storage/open-store';
import { describeStoreContract, sampleRecord } from '../storage/store-contract';
import { rawOpen, uniqueName as makeName } from '../storage/raw-indexeddb';

const uniqueName = (): string => makeName('nk-browser');

describeStoreContract('IndexedDB (real Chromium)', {
  shared: true,
  fresh() {
    const name = uniqueName();
    return () => indexedDBStore({ name });
  },
});

describe('indexedDBStore in Chromium', () => {
  afterEach(() => vi.restoreAllMocks());

  // The queue is stored in chunks: `{ c: key, records: [{ offset, id, bytes, attempts, json }] }`.
  const stored = (i: number, offset: number, fields: Record<string, unknown> = {}): Record<string, unknown> => {
    const { event, ...rest } = sampleRecord(i);
    return { ...rest, offset, json: JSON.stringify(event), ...fields };
  };

  async function rawPut(name: string, value: unknown): Promise<void> {
    const raw = await rawOpen(name);
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction('queue', 'readwrite');
      tx.objectStore('queue').put(value);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    raw.close();
  }

  it('drops malformed records written with raw IndexedDB and reports them', async () => {
    const name = uniqueName();
    const errors: NudgeKitError[] = [];
    const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
    await store.append([sampleRecord(1)]);
    await rawPut(name, { c: 500, records: [stored(50, 0, { bytes: 'many' }), stored(51, 1, { id: 7 }), stored(52, 2, { json: '{"ty' })] });
    await rawPut(name, { c: 501, records: null });
    await store.append([sampleRecord(2)]);
    expect((await store.head(10)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_corrupt', details: { count: 4 } });
    expect(await store.size()).toEqual({ count: 2, bytes: sampleRecord(1).bytes + sampleRecord(2).bytes });
    await store.close();
  });

  it('keeps seq growing past a chunk written with a higher key by another program', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.append([sampleRecord(1)]);
    await rawPut(name, { c: 1000, records: [stored(2, 0)] });
    const [next] = await store.append([sampleRecord(3)]);
    expect(next!.seq).toBe(1001 * CHUNK_SPAN);
    expect((await store.head(5)).map((record) => record.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(await store.size()).toMatchObject({ count: 3 });
    await store.close();
  });

  it('closes on versionchange so another tab can upgrade', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.set('k', 1);
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 2);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked'));
    });
    expect(upgraded.version).toBe(2);
    upgraded.close();
    await store.close();
  });

  it('falls back to memory when a tab that will not close blocks the open', async () => {
    const name = uniqueName();
    const blocker = await rawOpen(name, 1);
    const realOpen = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((dbName: string) => realOpen(dbName, 2));
    const errors: NudgeKitError[] = [];
    const store = await openStore('auto', (error) => errors.push(error), { name });
    expect(store.kind).toBe('memory');
    expect(errors[0]).toMatchObject({ code: 'storage_unavailable', cause: { name: 'BlockedError' } });
    blocker.close();
  });
});
