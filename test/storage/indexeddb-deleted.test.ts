/**
 * Another tab (or the app's own code, or DevTools) deletes the IndexedDB database while this tab
 * holds undelivered events in it. This tab's connection hears `versionchange` first: it must not
 * lose those events silently while `stats().queued` keeps counting them. Over fake-indexeddb.
 */
import { expect, it, vi } from 'vitest';
import type { NudgeKitError } from '../../src/core/errors';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { sampleRecord } from './store-contract';
import { uniqueName } from './raw-indexeddb';

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

it('reports a database deleted under it and writes its queued events back, with the same seqs', async () => {
  const name = uniqueName('nk-deleted');
  const errors: NudgeKitError[] = [];
  const store = indexedDBStore({ name, onError: (e) => errors.push(e) });
  const written = await store.append([1, 2, 3, 4, 5].map((i) => sampleRecord(i)));
  await store.remove([written[0]!.seq]); // one already delivered

  await deleteDatabase(name); // "another tab"
  await new Promise((resolve) => setTimeout(resolve, 20)); // the report follows the read of the queue

  expect(errors.map((e) => [e.code, e.details.reason])).toEqual([['storage_unavailable', 'deleted']]);
  expect(errors[0]!.message).toMatch(/deleted/);
  const head = await store.head(10);
  expect(head.map((r) => [r.seq, r.id])).toEqual(written.slice(1).map((r) => [r.seq, r.id]));
  expect(await store.size()).toEqual({ count: 4, bytes: written.slice(1).reduce((sum, r) => sum + r.bytes, 0) });
  // New events never take a seq an old one still has (a batch in flight removes by seq).
  const later = await store.append([sampleRecord(6)]);
  expect(later[0]!.seq).toBeGreaterThan(written.at(-1)!.seq);
  expect((await store.head(10)).map((r) => r.id)).toEqual([...written.slice(1), ...later].map((r) => r.id));
  await store.close();
});

it('reports the database closed by the browser (site data cleared) instead of staying silent, and opens it again', async () => {
  const name = uniqueName('nk-closed');
  const errors: NudgeKitError[] = [];
  const connections: IDBDatabase[] = [];
  const realOpen = indexedDB.open.bind(indexedDB);
  vi.spyOn(indexedDB, 'open').mockImplementation((dbName: string, version?: number) => {
    const request = realOpen(dbName, version);
    request.addEventListener('success', () => connections.push(request.result));
    return request;
  });
  const store = indexedDBStore({ name, onError: (e) => errors.push(e) });
  await store.append([sampleRecord(1)]);
  // What the browser does when the user clears site data: a \`close\` event on the connection.
  // (fake-indexeddb dispatches only its own event shape, which it does not export.)
  const close = { type: 'close', eventPath: [], NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3, initialized: true, dispatched: false, bubbles: false };
  connections[0]!.dispatchEvent(close as unknown as Event);
  expect(errors.map((e) => [e.code, e.details.reason])).toEqual([['storage_unavailable', 'closed']]);
  expect(errors[0]!.message).toMatch(/closed by the browser/);
  expect((await store.head(10)).map((r) => r.id)).toEqual([sampleRecord(1).id]);
  expect(connections).toHaveLength(2);
  vi.restoreAllMocks();
  await store.close();
});
