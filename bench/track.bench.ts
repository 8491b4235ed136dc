/**
 * `track()` in Node with the memory store (`node bench/run.mjs track`): the goal of
 * ≤ 5 µs per call with 200 rules loaded, 10 on the event. The scenario is in `track-scenario.ts`.
 */
import { memoryStore } from '../src/index';
import type { BenchReport } from './report';
import { trackReport } from './track-scenario';

export default function run(): Promise<BenchReport> {
  return trackReport({ newStore: () => memoryStore(), yieldToLoop: () => new Promise((resolve) => setImmediate(resolve)) }, 'Node, memory store', true);
}
