/**
 * A small load check, part of the collector contract: concurrent batches, some of them
 * overlapping, all stored exactly once and every duplicate counted. Timings are printed
 * for information, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { type Collector, post, trackEvent, storedIds } from './helpers';

const batchOf = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => trackEvent({ messageId: `${prefix}-${String(from + i).padStart(5, '0')}`, anonymousId: `device-${(from + i) % 7}` }));

/** Registers the load tests against the collector `current()` returns when they run. */
export function loadChecks(current: () => Collector): void {
  describe('under concurrent load', () => {
    it('stores 20 concurrent batches of 50 events exactly once', async () => {
      const run = randomUUID();
      const started = performance.now();
      const responses = await Promise.all(Array.from({ length: 20 }, (_, b) => post(current(), { batch: batchOf(run, b * 50, b * 50 + 50) })));
      const elapsed = performance.now() - started;
      for (const { status, json } of responses) {
        expect(status).toBe(200);
        expect(json).toEqual({ success: true, accepted: 50, duplicates: 0, rejected: [] });
      }
      const ids = await storedIds(current(), run);
      expect(ids).toHaveLength(1000);
      expect(new Set(ids).size).toBe(1000);
      console.info(`collector load: 1000 events in 20 concurrent batches stored in ${elapsed.toFixed(0)} ms (${current().db.kind})`);
    });

    it('stores overlapping concurrent batches (a client retrying while the first try is in flight) once, counting every duplicate', async () => {
      const run = randomUUID();
      // Ten batches, each sent twice at the same time, and each overlapping the next by 25 events.
      const batches = Array.from({ length: 10 }, (_, b) => batchOf(run, b * 50, b * 50 + 75));
      const responses = await Promise.all([...batches, ...batches].map((batch) => post(current(), { batch })));
      const accepted = responses.reduce((sum, r) => sum + r.json.accepted, 0);
      const duplicates = responses.reduce((sum, r) => sum + r.json.duplicates, 0);
      const distinct = 9 * 50 + 75;
      expect(accepted).toBe(distinct);
      expect(accepted + duplicates).toBe(20 * 75);
      expect(await storedIds(current(), run)).toHaveLength(distinct);
    });

    it('answers 200 to batches holding the same events in opposite orders, sent at once', async () => {
      // On PostgreSQL two such transactions can deadlock on the primary key; the collector
      // must retry the loser rather than answer 500.
      const run = randomUUID();
      // Big batches make the collision likely on PostgreSQL; PGlite runs one transaction at
      // a time and cannot deadlock, so a smaller load checks the same answers there.
      const size = current().db.kind === 'postgres' ? 1000 : 100;
      const rounds = Array.from({ length: 4 }, (_, r) => batchOf(`${run}-${r}`, 0, size));
      const responses = await Promise.all(
        rounds.flatMap((batch) => [post(current(), { batch }), post(current(), { batch: [...batch].reverse() })]),
      );
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 200));
      expect(responses.reduce((sum, r) => sum + r.json.accepted, 0)).toBe(4 * size);
      expect(await storedIds(current(), run)).toHaveLength(4 * size);
    });
  });
}
