/**
 * `track()` in real Chromium with the IndexedDB store, as a web page runs it
 * (`node bench/run.mjs track`): the same scenario as the Node bench (`track-scenario.ts`),
 * with queue, profile and caps persisted to IndexedDB. Chromium rounds `performance.now()`
 * to 100 µs on a page that is not cross-origin isolated; each figure sums 100 bursts of
 * 100 calls, so the rounding averages out.
 */
import { deleteDB } from 'idb';
import { indexedDBStore } from '../src/storage/indexeddb';
import type { BenchReport } from './report';
import { trackReport } from './track-scenario';

const NAMES = ['nk-bench-track-every-rule', 'nk-bench-track-grouped', 'nk-bench-track-showing'];

export default async function run(): Promise<BenchReport> {
  for (const name of NAMES) await deleteDB(name);
  let runs = 0;
  // A macrotask between bursts, as events of a page come from separate tasks.
  const channel = new MessageChannel();
  const yieldToLoop = () =>
    new Promise<void>((resolve) => {
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  const report = await trackReport({ newStore: () => indexedDBStore({ name: NAMES[runs++]! }), yieldToLoop }, 'Chromium, IndexedDB store', false);
  channel.port1.close();
  for (const name of NAMES) await deleteDB(name);
  return report;
}
