/**
 * The IndexedDB database deleted by another tab while this tab's events wait in it (the server
 * was down): the events must still be delivered, and stats().queued must not keep counting
 * events that are gone. The browser store's code over fake-indexeddb, a real server on 127.0.0.1.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock';
import type { NudgeKitError } from '../../src/core/errors';
import { createDelivery } from '../../src/delivery/index';
import { indexedDBStore } from '../../src/storage/indexeddb';
import { startServer, type TestServer } from '../e2e/harness';
import { makeEvent, sizeOf, sleep } from './helpers';

let server: TestServer;
let up = false;
const accepted: string[] = [];

beforeAll(async () => {
  server = await startServer((request) => {
    if (!up) return { status: 503 };
    accepted.push(...(JSON.parse(request.body.toString('utf8')) as { batch: { messageId: string }[] }).batch.map((e) => e.messageId));
    return { status: 200 };
  });
});
afterAll(() => server.close());

it('delivers the events of a database another tab deleted, and stats().queued ends at 0', async () => {
  const errors: NudgeKitError[] = [];
  const store = indexedDBStore({ name: 'nk-deleted-delivery', onError: (e) => errors.push(e) });
  const delivery = createDelivery({ store, clock: systemClock, onError: (e) => errors.push(e), options: { endpoint: `${server.origin}/v1/batch`, batch: { intervalMs: 50 }, retry: { baseMs: 100, maxMs: 200 } } });
  await delivery.start();
  const events = Array.from({ length: 5 }, () => makeEvent());
  for (const event of events) delivery.enqueue(event, sizeOf(event));
  await delivery.flush();
  expect(delivery.stats()).toMatchObject({ queued: 5, sent: 0 });

  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('nk-deleted-delivery'); // "another tab"
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
  up = true;
  const end = Date.now() + 10_000;
  while (delivery.stats().sent < 5 && Date.now() < end) await sleep(20);
  expect(new Set(accepted)).toEqual(new Set(events.map((e) => e.messageId)));
  expect(delivery.stats()).toMatchObject({ queued: 0, sent: 5 });
  expect(errors.filter((e) => e.code === 'storage_unavailable').map((e) => e.details.reason)).toEqual(['deleted']);
  await delivery.shutdown();
  await store.close();
});

it('stops counting events that left the store behind its back (site data cleared)', async () => {
  up = false;
  const store = indexedDBStore({ name: 'nk-cleared-delivery' });
  const delivery = createDelivery({ store, clock: systemClock, onError: () => {}, options: { endpoint: `${server.origin}/v1/batch`, batch: { intervalMs: 50 }, retry: { baseMs: 100, maxMs: 200 } } });
  await delivery.start();
  for (const event of Array.from({ length: 5 }, () => makeEvent())) delivery.enqueue(event, sizeOf(event));
  await delivery.flush();
  expect(delivery.stats()).toMatchObject({ queued: 5, sent: 0 });
  // Another program empties the queue (what clearing site data leaves behind).
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('nk-cleared-delivery');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = raw.transaction(['queue', 'meta'], 'readwrite');
    tx.objectStore('queue').clear();
    tx.objectStore('meta').clear();
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  raw.close();
  up = true;
  const end = Date.now() + 5000;
  while (delivery.stats().queued > 0 && Date.now() < end) await sleep(20);
  expect(delivery.stats()).toMatchObject({ queued: 0, sent: 0 });
  await delivery.shutdown();
  await store.close();
});
