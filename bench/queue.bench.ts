/**
 * Queue throughput of the Node stores (`node bench/run.mjs queue`): the file store
 * (one JSON file, atomic rename, writes coalesced per tick) and the memory store.
 * The IndexedDB figures are in queue.browser.bench.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStore } from '../src/storage/file';
import { memoryStore } from '../src/storage/memory';
import type { Store } from '../src/storage/store';
import type { BenchReport, BenchRow } from './report';
import { queuedEvent } from '../test/storage/queue-fixture';

const records = Array.from({ length: 10_000 }, (_, i) => queuedEvent(i));

/** Steady state: the queue holds `standing` events; append 100, remove the oldest 100, repeated. */
async function steadyRate(store: Store, standing: number, rounds: number): Promise<number> {
  await store.append(records.slice(0, standing));
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    await store.append(records.slice(round * 100 % 9_900, (round * 100 % 9_900) + 100));
    const oldest = await store.head(100);
    await store.remove(oldest.map((record) => record.seq));
  }
  return (rounds * 100 * 1000) / (performance.now() - start);
}

export default async function run(): Promise<BenchReport> {
  const rows: BenchRow[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'nk-bench-queue-'));
  try {
    const steady = await steadyRate(fileStore({ path: join(dir, 'steady.json') }), 1_000, 50);
    rows.push({ metric: 'file: append 100 + remove 100, queue holding 1,000', value: Math.round(steady), unit: 'events/s' });

    const tick = fileStore({ path: join(dir, 'tick.json') });
    let start = performance.now();
    await Promise.all(records.slice(0, 1_000).map((record) => tick.append([record])));
    rows.push({ metric: 'file: 1,000 separate appends in one tick (one coalesced write)', value: performance.now() - start, unit: 'ms' });

    const writer = fileStore({ path: join(dir, 'restore.json') });
    for (let i = 0; i < records.length; i += 500) await writer.append(records.slice(i, i + 500));
    await writer.close();
    const restores: number[] = [];
    for (let round = 0; round < 5; round++) {
      start = performance.now();
      const restored = await fileStore({ path: join(dir, 'restore.json') }).head(10_000);
      restores.push(performance.now() - start);
      if (restored.length !== 10_000) throw new Error(`restored ${restored.length}`);
    }
    rows.push({ metric: 'file: restore 10,000 queued (new store, head(10000))', value: Math.min(...restores), unit: 'ms' });

    const memory = await steadyRate(memoryStore(), 1_000, 200);
    rows.push({ metric: 'memory: append 100 + remove 100, queue holding 1,000', value: Math.round(memory), unit: 'events/s' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { title: 'Queue: Node stores (file, memory)', rows };
}
