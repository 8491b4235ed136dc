import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NudgeKitError } from '../../src/core/errors';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { CHUNK_RECORDS, CHUNK_SPAN, MAX_CHUNK_KEY, TOTALS_KEY } from '../../src/storage/indexeddb-layout';
import type { QueueRecord } from '../../src/storage/store';
import { isQueueRecord } from '../../src/storage/disk-records';
import { describeStoreContract, sampleRecord } from './store-contract';
import { rawOpen, uniqueName as makeName } from './raw-indexeddb';

const uniqueName = (): string => makeName('nk-test');

describeStoreContract('IndexedDB (fake-indexeddb)', {
  shared: true,
  fresh() {
    const name = uniqueName();
    return () => indexedDBStore({ name });
  },
});

function rawPut(db: IDBDatabase, storeName: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(storeName, 'readwrite');
    tx.objectStore(storeName).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}

function rawGet(db: IDBDatabase, storeName: string, key: IDBValidKey): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(storeName, 'readonly').objectStore(storeName).get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('indexedDBStore', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects an append whose transaction fails to commit after every request succeeded (quota at commit)', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    await store.append([sampleRecord(1)]);
    // Browsers check the quota when the transaction commits: every request has succeeded, then
    // the transaction aborts. Simulated by aborting it once the last request (the totals) succeeds.
    const realPut = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = realPut.apply(this, args);
      if (this.name === 'meta') request.addEventListener('success', () => this.transaction.abort());
      return request;
    });
    await expect(store.append([sampleRecord(2)])).rejects.toMatchObject({ name: 'NudgeKitError', code: 'storage_unavailable' });
    vi.restoreAllMocks();
    expect((await store.head(10)).map((r) => r.id)).toEqual([sampleRecord(1).id]);
    await store.close();
  });

  it('keeps running totals from the first append of a new database, so size() never reads every chunk there', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.append([sampleRecord(1), sampleRecord(2)]);
    await store.append([sampleRecord(3)]);
    const raw = await rawOpen(name);
    expect(await rawGet(raw, 'meta', TOTALS_KEY)).toEqual({ count: 3, bytes: 3 * sampleRecord(1).bytes, chunks: 2 });
    raw.close();
    await store.close();
  });

  it('does not touch indexedDB until the first call', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    const store = indexedDBStore({ name: uniqueName() });
    expect(open).not.toHaveBeenCalled();
    await store.get('x');
    expect(open).toHaveBeenCalledTimes(1);
    await store.close();
  });

  // The queue is stored in chunks (one per append: `{ c: key, records: [{ offset, id, bytes,
  // attempts, json }] }`, seq = c * CHUNK_SPAN + offset). These tests write broken ones raw.
  const stored = (offset: number, fields: Record<string, unknown> = {}): Record<string, unknown> => {
    const { event, ...rest } = sampleRecord(100 + offset);
    return { ...rest, offset, json: JSON.stringify(event), ...fields };
  };

  it('drops malformed records, reports them once, and returns the rest in order', async () => {
    const name = uniqueName();
    const errors: NudgeKitError[] = [];
    const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
    const [first] = await store.append([sampleRecord(1)]);
    const raw = await rawOpen(name);
    const defects = [
      stored(0, { id: undefined }), // no id
      stored(1, { bytes: 'ten' }), // bytes not a number
      stored(2, { json: undefined }), // no event
      stored(3, { json: '{"cut off' }), // event not JSON
      stored(4), // fine: kept
    ];
    await rawPut(raw, 'queue', { c: 1000, records: defects });
    await rawPut(raw, 'queue', { c: 1001, records: 'not a list' }); // not a chunk at all
    raw.close();
    await store.append([sampleRecord(2)]);

    const head = await store.head(10);
    expect(head.map((record) => record.id)).toEqual(['m-1', 'm-104', 'm-2']);
    expect(head[1]!.seq).toBe(1000 * CHUNK_SPAN + 4);
    expect(head[0]!.seq).toBe(first!.seq);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage_corrupt', details: { count: 5 } });

    expect((await store.head(10)).map((record) => record.id)).toEqual(['m-1', 'm-104', 'm-2']);
    expect(await store.size()).toEqual({ count: 3, bytes: sampleRecord(1).bytes + sampleRecord(104).bytes + sampleRecord(2).bytes });
    expect(errors).toHaveLength(1); // removed, so never reported again
    await store.close();
  });

  it('never throws and never returns a malformed record, whatever is stored in the queue', async () => {
    const storedLike = fc.record(
      { offset: fc.oneof(fc.nat(10), fc.anything()), id: fc.oneof(fc.string(), fc.anything()), bytes: fc.oneof(fc.nat(), fc.anything()), attempts: fc.oneof(fc.nat(), fc.anything()), json: fc.oneof(fc.json(), fc.string(), fc.anything()) },
      { requiredKeys: [] },
    );
    const garbage = fc.oneof(fc.object(), fc.record({ records: fc.anything() }), fc.record({ records: fc.array(fc.oneof(storedLike, fc.anything()), { maxLength: 5 }) }));
    await fc.assert(
      fc.asyncProperty(fc.array(garbage, { maxLength: 6 }), async (values) => {
        const name = uniqueName();
        const errors: NudgeKitError[] = [];
        const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
        await store.append([sampleRecord(1)]);
        const raw = await rawOpen(name);
        for (const value of values) await rawPut(raw, 'queue', value).catch(() => undefined); // some cannot even be stored
        raw.close();
        // A foreign row at a huge key can push the key generator past the exact range, or
        // exhaust it: then the append fails loudly (the caller keeps the events and reports
        // them) instead of storing what could not be read back.
        const appended = await store.append([sampleRecord(2)]).then(([record]) => record, (error: unknown) => error);
        const head = await store.head(1000);
        for (const record of head) expect(isQueueRecord(record)).toBe(true);
        expect(head[0]!.id).toBe('m-1');
        if (appended instanceof NudgeKitError) expect(appended.code).toBe('storage_unavailable');
        else expect(head[head.length - 1]).toEqual(appended);
        expect(errors.every((error) => error.code === 'storage_corrupt')).toBe(true);
        expect((await store.size()).count).toBe((await store.head(1000)).length);
        await store.close();
      }),
      { numRuns: 30 },
    );
  });

  it('fails an append, keeping nothing of it, once a foreign row has pushed chunk keys past the exact range', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.append([sampleRecord(1)]);
    const raw = await rawOpen(name);
    await rawPut(raw, 'queue', { c: MAX_CHUNK_KEY, records: 'foreign' });
    raw.close();
    await expect(store.append([sampleRecord(2)])).rejects.toMatchObject({ code: 'storage_unavailable', message: expect.stringMatching(/largest usable key/) });
    expect((await store.head(10)).map((record) => record.id)).toEqual(['m-1']);
    expect(await store.size()).toEqual({ count: 1, bytes: sampleRecord(1).bytes });
    await store.close();
  });

  it('keeps size() right when chunks are written or broken behind its back', async () => {
    const name = uniqueName();
    const errors: NudgeKitError[] = [];
    const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
    await store.append([sampleRecord(1, { bytes: 100 }), sampleRecord(2, { bytes: 50 })]);
    expect(await store.size()).toEqual({ count: 2, bytes: 150 });
    const raw = await rawOpen(name);
    await rawPut(raw, 'queue', { c: 50, records: [stored(0, { bytes: 7 }), stored(1, { bytes: undefined })] });
    raw.close();
    // The running totals no longer match the chunk count: size() recounts, dropping the broken record.
    expect(await store.size()).toEqual({ count: 3, bytes: 157 });
    expect(errors.map((error) => error.details.count)).toEqual([1]);
    await store.remove([50 * CHUNK_SPAN]);
    expect(await store.size()).toEqual({ count: 2, bytes: 150 });
    expect(await store.size()).toEqual({ count: 2, bytes: 150 });
    expect(errors).toHaveLength(1);
    await store.close();
  });

  it('fills `limit` with good records when bad ones sit at the head', async () => {
    const name = uniqueName();
    const errors: NudgeKitError[] = [];
    const store = indexedDBStore({ name, onError: (error) => errors.push(error) });
    await store.get('open');
    const raw = await rawOpen(name);
    await rawPut(raw, 'queue', { c: 1, records: [stored(0, { json: 5 })] });
    await rawPut(raw, 'queue', { c: 2, records: [stored(0, { offset: -1 })] });
    raw.close();
    await store.append([sampleRecord(1), sampleRecord(2)]);
    expect((await store.head(2)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
    expect(errors.map((error) => error.code)).toEqual(['storage_corrupt']);
    await store.close();
  });

  it('reads the head in few requests whether chunks are small or large', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    for (let i = 0; i < 30; i++) await store.append([sampleRecord(i)]);
    await store.append(Array.from({ length: 60 }, (_, i) => sampleRecord(1000 + i)));
    await store.append(Array.from({ length: 60 }, (_, i) => sampleRecord(2000 + i)));
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const head = await store.head(100);
    expect(head.map((record) => record.id)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `m-${i}`),
      ...Array.from({ length: 60 }, (_, i) => `m-${1000 + i}`),
      ...Array.from({ length: 10 }, (_, i) => `m-${2000 + i}`),
    ]);
    expect(getAll.mock.calls.length).toBeLessThanOrEqual(3);
    await store.close();
  });

  it('removes scattered records across many chunks without touching the ones in between', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    const added: QueueRecord[] = [];
    for (let i = 0; i < 8; i++) added.push(...(await store.append([sampleRecord(i), sampleRecord(100 + i)])));
    // Whole chunks 0, 2, 4 and half of chunk 6; chunks 1, 3, 5, 7 stay whole.
    await store.remove([0, 1, 4, 5, 8, 9, 12].map((i) => added[i]!.seq));
    expect((await store.head(100)).map((record) => record.id)).toEqual(['m-1', 'm-101', 'm-3', 'm-103', 'm-5', 'm-105', 'm-106', 'm-7', 'm-107']);
    expect((await store.size()).count).toBe(9);
    // A batch from the head (chunks 1 and 3, now neighbours, and 5): one range delete.
    const batch = await store.head(6);
    const deletes = vi.spyOn(IDBObjectStore.prototype, 'delete');
    await store.remove(batch.map((record) => record.seq));
    expect(deletes).toHaveBeenCalledTimes(1);
    expect(deletes.mock.calls[0]![0]).toBeInstanceOf(IDBKeyRange);
    deletes.mockRestore();
    expect((await store.head(100)).map((record) => record.id)).toEqual(['m-106', 'm-7', 'm-107']);
    expect((await store.size()).count).toBe(3);
    await store.close();
  });

  it('splits an append larger than one chunk, in order, and removes across chunks', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    const total = CHUNK_RECORDS * 3 + 5;
    const many = Array.from({ length: total }, (_, i) => ({ id: `r${i}`, bytes: 1, event: i, attempts: 0 }));
    const added = await store.append(many);
    for (let i = 1; i < added.length; i++) expect(added[i]!.seq).toBeGreaterThan(added[i - 1]!.seq);
    expect(await store.size()).toEqual({ count: total, bytes: total });
    expect((await store.head(total)).map((record) => record.event)).toEqual(many.map((record) => record.event));
    // A delivery-sized batch from the head: whole chunks go, the last one is rewritten.
    await store.remove(added.slice(0, CHUNK_RECORDS + 10).map((record) => record.seq));
    expect(await store.size()).toEqual({ count: total - CHUNK_RECORDS - 10, bytes: total - CHUNK_RECORDS - 10 });
    expect((await store.head(1))[0]!.event).toBe(CHUNK_RECORDS + 10);
    await store.close();
  });

  it('keeps the platform error as cause when opening throws', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    });
    const store = indexedDBStore({ name: uniqueName() });
    const error = await store.ready().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'NudgeKitError', code: 'storage_unavailable' });
    expect((error as Error).cause).toMatchObject({ name: 'InvalidStateError' });
    await store.close();
  });

  it('fails to open when blocked by another connection that will not close', async () => {
    const name = uniqueName();
    const blocker = await rawOpen(name, 1); // holds version 1 and ignores versionchange
    const realOpen = indexedDB.open.bind(indexedDB);
    // Pretend this build needs version 2, as a future NudgeKit would.
    vi.spyOn(indexedDB, 'open').mockImplementation((dbName: string) => realOpen(dbName, 2));
    const store = indexedDBStore({ name });
    const error = await store.ready().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'storage_unavailable' });
    expect((error as Error).cause).toMatchObject({ name: 'BlockedError' });
    blocker.close();
    await store.close();
  });

  it('times out when opening hangs without a blocked event (as old Safari did)', async () => {
    const name = uniqueName();
    const blocker = await rawOpen(name, 1);
    const realOpen = indexedDB.open.bind(indexedDB);
    vi.spyOn(indexedDB, 'open').mockImplementation((dbName: string) => {
      const request = realOpen(dbName, 2);
      const listen = request.addEventListener.bind(request);
      // Swallow 'blocked', so the request just hangs.
      request.addEventListener = ((type: string, listener: EventListener) => {
        if (type !== 'blocked') listen(type, listener);
      }) as typeof request.addEventListener;
      return request;
    });
    const store = indexedDBStore({ name, openTimeoutMs: 50 });
    const error = await store.ready().catch((caught: unknown) => caught);
    expect((error as Error).cause).toMatchObject({ name: 'TimeoutError' });
    blocker.close();
    await store.close();
  });

  it('closes on versionchange so another tab can upgrade, then reopens on the next call', async () => {
    const name = uniqueName();
    const store = indexedDBStore({ name });
    await store.append([sampleRecord(1)]);
    // Another tab opens version 2; it is blocked unless this connection lets go.
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 2);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('blocked: the store did not close on versionchange'));
    });
    expect(upgraded.version).toBe(2);
    upgraded.close();
    // This build asks for version 1 of a database now at version 2: a clear rejection, not a hang.
    await expect(store.head(1)).rejects.toMatchObject({ code: 'storage_unavailable', cause: { name: 'VersionError' } });
    await store.close();
  });

  it('reopens and retries once when the connection is lost under it', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    await store.set('k', 1);
    const realTransaction = IDBDatabase.prototype.transaction;
    let failures = 1;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
      if (failures-- > 0) throw new DOMException('Connection to Indexed Database server lost. Refresh the page to try again', 'UnknownError');
      return realTransaction.apply(this, args as Parameters<typeof realTransaction>);
    });
    expect(await store.get('k')).toBe(1);
    failures = 2; // lost twice in a row: give up with the platform error as cause
    await expect(store.get('k')).rejects.toMatchObject({ code: 'storage_unavailable', cause: { name: 'UnknownError' } });
    vi.restoreAllMocks();
    expect(await store.get('k')).toBe(1);
    await store.close();
  });

  it('rejects with the store-level error and the platform error as cause on a failed write', async () => {
    const store = indexedDBStore({ name: uniqueName() });
    const error = await store.set('fn', () => 1).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'NudgeKitError', code: 'storage_unavailable' });
    expect((error as Error).cause).toMatchObject({ name: 'DataCloneError' });
    await store.close();
  });
});
