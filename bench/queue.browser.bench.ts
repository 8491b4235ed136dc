/**
 * Queue throughput and restore time of the IndexedDB store in real Chromium
 * (`node bench/run.mjs queue`). Issue 3 goals: ≥ 20,000 events/s persisted with batched
 * transactions; ≤ 50 ms to restore 10,000 queued events on start.
 */
import { deleteDB } from 'idb';
import { indexedDBStore } from '../src/storage/indexeddb';
import type { Store } from '../src/storage/store';
import type { BenchReport, BenchRow } from './report';
import { median, queuedEvent } from '../test/storage/queue-fixture';

async function freshStore(name: string): Promise<Store> {
  await deleteDB(name);
  const store = indexedDBStore({ name });
  await store.get('warm-up'); // open outside the timed part
  return store;
}

/** Appends `total` events, `batch` per transaction, one transaction after the other; events/s. */
async function appendRate(name: string, total: number, batch: number): Promise<number> {
  const store = await freshStore(name);
  const records = Array.from({ length: total }, (_, i) => queuedEvent(i));
  const start = performance.now();
  for (let i = 0; i < total; i += batch) await store.append(records.slice(i, i + batch));
  const ms = performance.now() - start;
  await store.close();
  return (total * 1000) / ms;
}

/** Appends `total` events as `total` separate calls issued in one tick (nothing groups them). */
async function unbatchedConcurrentRate(name: string, total: number): Promise<number> {
  const store = await freshStore(name);
  const records = Array.from({ length: total }, (_, i) => queuedEvent(i));
  const start = performance.now();
  await Promise.all(records.map((record) => store.append([record])));
  const ms = performance.now() - start;
  await store.close();
  return (total * 1000) / ms;
}

export default async function run(): Promise<BenchReport> {
  const rows: BenchRow[] = [];
  const name = 'nk-bench-queue';
  const bytes = queuedEvent(1).bytes;

  const batched = median([await appendRate(name, 20_000, 100), await appendRate(name, 20_000, 100), await appendRate(name, 20_000, 100)]);
  rows.push({ metric: `append, 100 events (${bytes} B each) per transaction`, value: Math.round(batched), unit: 'events/s', goal: '≥ 20,000', pass: batched >= 20_000 });
  const batched50 = await appendRate(name, 20_000, 50);
  rows.push({ metric: 'append, 50 events per transaction (delivery batch size)', value: Math.round(batched50), unit: 'events/s' });
  const single = await appendRate(name, 1_000, 1);
  rows.push({ metric: 'append, 1 event per transaction, awaited one by one', value: Math.round(single), unit: 'events/s' });
  const unbatched = await unbatchedConcurrentRate(name, 2_000);
  rows.push({ metric: 'append, 1 event per transaction, 2,000 in flight at once', value: Math.round(unbatched), unit: 'events/s' });

  // Restore: 10,000 events queued by an earlier page; a new page opens a new store and reads them.
  const writer = await freshStore(name);
  const records = Array.from({ length: 10_000 }, (_, i) => queuedEvent(i));
  for (let i = 0; i < records.length; i += 500) await writer.append(records.slice(i, i + 500));
  await writer.close();
  const cold: number[] = [];
  const warm: number[] = [];
  const sizes: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const store = indexedDBStore({ name });
    const restored = await store.head(10_000);
    cold.push(performance.now() - start);
    if (restored.length !== 10_000) throw new Error(`restored ${restored.length} of 10000`);
    const warmStart = performance.now();
    await store.head(10_000);
    warm.push(performance.now() - warmStart);
    const sizeStart = performance.now();
    await store.size();
    sizes.push(performance.now() - sizeStart);
    await store.close();
  }
  const restoreCold = median(cold);
  rows.push({ metric: 'restore 10,000 events: new store, open + head(10000)', value: restoreCold, unit: 'ms', goal: '≤ 50 ms', pass: restoreCold <= 50 });
  rows.push({ metric: 'head(10000) on an open store', value: median(warm), unit: 'ms' });
  rows.push({ metric: 'size() over 10,000 events', value: median(sizes), unit: 'ms' });
  const firstBatch: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    const store = indexedDBStore({ name });
    await store.head(50);
    firstBatch.push(performance.now() - start);
    await store.close();
  }
  rows.push({ metric: 'first batch on start: new store, open + head(50) of 10,000', value: median(firstBatch), unit: 'ms' });

  const drainer = indexedDBStore({ name });
  const drainStart = performance.now();
  for (;;) {
    const batch = await drainer.head(50);
    if (batch.length === 0) break;
    await drainer.remove(batch.map((record) => record.seq));
  }
  const drainMs = performance.now() - drainStart;
  rows.push({ metric: 'drain 10,000 events: head(50) + remove, repeated', value: Math.round((10_000 * 1000) / drainMs), unit: 'events/s' });
  await drainer.close();
  await deleteDB(name);

  return { title: 'Queue: IndexedDB store in real Chromium', rows, extra: { eventBytes: bytes, restoreColdMs: cold, headWarmMs: warm } };
}

// bench/run.mjs calls `window.Bench.default()`. With a default export alone, an IIFE bundle
// exposes the function itself as `Bench`; a named export keeps `Bench.default` in place.
export const benchName = 'queue';
