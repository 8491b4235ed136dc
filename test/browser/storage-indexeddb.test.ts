/**
 * The Store contract and the recovery paths of the IndexedDB adapter, in real Chromium
 * with its real IndexedDB (the unit project runs the same contract on fake-indexeddb).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { openStore } from '../../src/storage/open-store';
import { describeStoreContract, sampleRecord } from '../storage/store-contract';

let counter = 0;
const uniqueName = (): string => `nk-browser-${Date.now()}-${counter++}`;

describeStoreContract('IndexedDB (real Chromium)', {
  shared: true,
  fresh() {
    const name = uniqueName();
    return () => indexedDBStore({ name });
  },
});

function rawOpen(name: string, version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('indexedDBStore in Chromium', () => {
  afterEach(() => vi.restoreAllMocks());

  it('drops a malformed record written with raw IndexedDB and reports it', async () => {
    const name = uniqueName();
    const errors: NudgeKitError[] = [];
    const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
    await store.append([sampleRecord(1)]);
    const raw = await rawOpen(name);
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction('queue', 'readwrite');
      // Stored records hold the event as JSON text (`json`); each of these has one defect.
      tx.objectStore('queue').put({ seq: 500, id: 'broken', bytes: 'many', json: '{}', attempts: 0 });
      tx.objectStore('queue').put({ seq: 501, bytes: 3, attempts: 0, json: '{}' });
      tx.objectStore('queue').put({ seq: 502, id: 'half', bytes: 3, attempts: 0, json: '{"ty' });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    raw.close();
    await store.append([sampleRecord(2)]);
    expect((await store.head(10)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_corrupt', details: { count: 3, seqs: [500, 501, 502] } });
    await store.close();
  });

  it('keeps seq growing past a record written with a higher key by another program', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.append([sampleRecord(1)]);
    const raw = await rawOpen(name);
    await new Promise<void>((resolve) => {
      const tx = raw.transaction('queue', 'readwrite');
      const { event, ...fields } = sampleRecord(2);
      tx.objectStore('queue').put({ ...fields, json: JSON.stringify(event), seq: 1000 });
      tx.oncomplete = () => resolve();
    });
    raw.close();
    const [next] = await store.append([sampleRecord(3)]);
    expect(next!.seq).toBe(1001);
    expect((await store.head(5)).map((record) => record.id)).toEqual(['m-1', 'm-2', 'm-3']);
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
