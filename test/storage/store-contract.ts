/**
 * The behaviour every Store adapter must have, as one suite run against each of them:
 * memory and IndexedDB (fake-indexeddb) in the unit project, the file store in the node
 * project, and IndexedDB in real Chromium in the chromium project.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewQueueRecord, Store } from '../../src/storage/store';

export interface ContractSubject {
  /**
   * Prepares a new, empty place to store data (a database name, a file path) and returns
   * a function that opens a store over it; calling it twice gives two instances over the
   * same data, like two tabs.
   */
  fresh(): Promise<() => Store> | (() => Store);
  /** Whether two instances over one place share data (false for memory). */
  shared: boolean;
}

/** A queue record as delivery writes it: an event of about 400 bytes. */
export function sampleRecord(i: number, extra: Partial<NewQueueRecord> = {}): NewQueueRecord {
  const event = {
    type: 'track',
    event: `event-${i}`,
    messageId: `m-${i}`,
    properties: { index: i, label: 'x'.repeat(20) },
  };
  return { id: `m-${i}`, bytes: JSON.stringify(event).length, event, attempts: 0, ...extra };
}

export function describeStoreContract(name: string, subject: ContractSubject): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    async function open(): Promise<{ store: Store; another: () => Store }> {
      const factory = await subject.fresh();
      const another = (): Store => {
        const store = factory();
        opened.push(store);
        return store;
      };
      return { store: another(), another };
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
    });

    it('reads back what was set, overwrites, and deletes', async () => {
      const { store } = await open();
      expect(await store.get('missing')).toBeUndefined();
      await store.set('a', { n: 1, list: [1, 'two', null], nested: { ok: true } });
      expect(await store.get('a')).toEqual({ n: 1, list: [1, 'two', null], nested: { ok: true } });
      await store.set('a', 'replaced');
      expect(await store.get('a')).toBe('replaced');
      await store.delete('a');
      await store.delete('never-set');
      expect(await store.get('a')).toBeUndefined();
    });

    it('adds to a count, deleting it at zero and reading anything but a positive number as zero', async () => {
      const { store } = await open();
      expect(typeof store.addCount).toBe('function');
      expect(await store.addCount!('count', 3)).toBe(3);
      expect(await store.addCount!('count', 2)).toBe(5);
      expect(await store.get('count')).toBe(5);
      expect(await store.addCount!('count', -9)).toBe(0);
      expect(await store.get('count')).toBeUndefined();
      await store.set('count', 'not a number');
      expect(await store.addCount!('count', 1)).toBe(1);
    });

    it('adds to a count in one step: concurrent additions, from two instances where they share data, all count', async () => {
      const { store, another } = await open();
      const other = subject.shared ? another() : store;
      const adds = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? store : other).addCount!('dropped', 1 + (i % 3)));
      await Promise.all(adds);
      expect(await store.get('dropped')).toBe(Array.from({ length: 40 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b));
      if (subject.shared) expect(await other.get('dropped')).toBe(await store.get('dropped'));
    });

    it('copies values in and out instead of keeping references', async () => {
      const { store } = await open();
      const value = { list: [1] };
      await store.set('k', value);
      value.list.push(2);
      const first = await store.get<{ list: number[] }>('k');
      expect(first).toEqual({ list: [1] });
      first!.list.push(3);
      expect(await store.get('k')).toEqual({ list: [1] });

      const record = sampleRecord(1);
      const [added] = await store.append([record]);
      (record.event as { event: string }).event = 'changed after append';
      (added!.event as { event: string }).event = 'changed in the result';
      const [head] = await store.head(1);
      expect((head!.event as { event: string }).event).toBe('event-1');
      (head!.event as { event: string }).event = 'changed in head';
      expect(((await store.head(1))[0]!.event as { event: string }).event).toBe('event-1');
    });

    it('appends in order with strictly increasing seqs', async () => {
      const { store } = await open();
      expect(await store.append([])).toEqual([]);
      const first = await store.append([sampleRecord(1), sampleRecord(2), sampleRecord(3)]);
      const second = await store.append([sampleRecord(4), sampleRecord(5)]);
      const seqs = [...first, ...second].map((record) => record.seq);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
      expect(first[0]).toMatchObject({ id: 'm-1', attempts: 0, bytes: sampleRecord(1).bytes, event: sampleRecord(1).event });
      const head = await store.head(10);
      expect(head.map((record) => record.id)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
      expect(head.map((record) => record.seq)).toEqual(seqs);
    });

    it('assigns its own seq even when handed a record that has one', async () => {
      const { store } = await open();
      const [a] = await store.append([sampleRecord(1)]);
      const [b] = await store.append([{ ...sampleRecord(2), seq: a!.seq } as NewQueueRecord]);
      expect(b!.seq).toBeGreaterThan(a!.seq);
      expect((await store.head(5)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
    });

    it('returns at most `limit` records from the head', async () => {
      const { store } = await open();
      await store.append([1, 2, 3, 4, 5].map((i) => sampleRecord(i)));
      expect((await store.head(2)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
      expect(await store.head(0)).toEqual([]);
      expect(await store.head(100)).toHaveLength(5);
    });

    it('updates known records in place and ignores unknown seqs', async () => {
      const { store } = await open();
      const added = await store.append([sampleRecord(1), sampleRecord(2)]);
      const leased = { ...added[1]!, attempts: 2, leaseOwner: 'tab-a', leaseUntil: 1_700_000_000_000, bytes: 10 };
      await store.update([leased, { ...leased, seq: 999_999, id: 'ghost' }]);
      const head = await store.head(10);
      expect(head).toHaveLength(2);
      expect(head[1]).toEqual(leased);
      expect(head.map((record) => record.id)).toEqual(['m-1', 'm-2']);
      expect(await store.size()).toEqual({ count: 2, bytes: added[0]!.bytes + 10 });
    });

    it('removes records by seq and ignores unknown seqs', async () => {
      const { store } = await open();
      const added = await store.append([1, 2, 3, 4].map((i) => sampleRecord(i)));
      await store.remove([added[0]!.seq, added[2]!.seq, 123_456]);
      expect((await store.head(10)).map((record) => record.id)).toEqual(['m-2', 'm-4']);
      await store.remove([]);
      expect(await store.size()).toEqual({ count: 2, bytes: added[1]!.bytes + added[3]!.bytes });
    });

    it('counts records and their bytes', async () => {
      const { store } = await open();
      expect(await store.size()).toEqual({ count: 0, bytes: 0 });
      await store.append([sampleRecord(1, { bytes: 100 }), sampleRecord(2, { bytes: 250 })]);
      expect(await store.size()).toEqual({ count: 2, bytes: 350 });
    });

    it('clears both areas and keeps seqs growing', async () => {
      const { store } = await open();
      await store.set('k', 1);
      const [before] = await store.append([sampleRecord(1)]);
      await store.clear();
      expect(await store.get('k')).toBeUndefined();
      expect(await store.size()).toEqual({ count: 0, bytes: 0 });
      expect(await store.head(10)).toEqual([]);
      const [after] = await store.append([sampleRecord(2)]);
      expect(after!.seq).toBeGreaterThan(before!.seq);
    });

    it('rejects calls after close, with a storage_unavailable error', async () => {
      const { store } = await open();
      await store.set('k', 1);
      await store.close();
      await store.close();
      await expect(store.get('k')).rejects.toMatchObject({ name: 'NudgeKitError', code: 'storage_unavailable' });
      await expect(store.append([sampleRecord(1)])).rejects.toMatchObject({ code: 'storage_unavailable' });
    });

    it('round-trips arbitrary JSON values', async () => {
      const { store } = await open();
      await fc.assert(
        fc.asyncProperty(fc.string(), fc.jsonValue(), async (key, value) => {
          await store.set(key, value);
          expect(JSON.stringify(await store.get(key))).toBe(JSON.stringify(value));
        }),
        { numRuns: 30 },
      );
    });

    it('keeps count, bytes and order consistent over arbitrary appends and removes', async () => {
      const { store } = await open();
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(fc.nat(5000), { maxLength: 8 }), { maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), async (batches, keepRatio) => {
          await store.clear();
          let n = 0;
          const all = [];
          for (const sizes of batches) all.push(...(await store.append(sizes.map((bytes) => sampleRecord(n++, { bytes })))));
          const removed = all.filter((_, i) => i / Math.max(1, all.length) >= keepRatio).map((record) => record.seq);
          await store.remove(removed);
          const kept = all.filter((record) => !removed.includes(record.seq));
          expect(await store.size()).toEqual({ count: kept.length, bytes: kept.reduce((sum, record) => sum + record.bytes, 0) });
          expect((await store.head(1000)).map((record) => record.id)).toEqual(kept.map((record) => record.id));
        }),
        { numRuns: 20 },
      );
    });

    if (subject.shared) {
      it('lets two instances over the same data see each other (two tabs)', async () => {
        const { store: a, another } = await open();
        const b = another();
        await a.set('from-a', 'hello');
        expect(await b.get('from-a')).toBe('hello');
        const [first] = await a.append([sampleRecord(1)]);
        const [second] = await b.append([sampleRecord(2)]);
        expect(second!.seq).toBeGreaterThan(first!.seq);
        expect((await a.head(10)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
        expect((await b.head(10)).map((record) => record.id)).toEqual(['m-1', 'm-2']);
        await b.remove([first!.seq]);
        expect((await a.head(10)).map((record) => record.id)).toEqual(['m-2']);
      });

      it('gives unique seqs to appends racing from two instances', async () => {
        const { store: a, another } = await open();
        const b = another();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).append([sampleRecord(i * 2), sampleRecord(i * 2 + 1)])),
        );
        const seqs = results.flat().map((record) => record.seq);
        expect(new Set(seqs).size).toBe(20);
        const head = await a.head(100);
        expect(head).toHaveLength(20);
        expect(head.map((record) => record.seq)).toEqual([...seqs].sort((x, y) => x - y));
      });

      it('keeps data across close and reopen', async () => {
        const { store, another } = await open();
        await store.set('k', { v: 1 });
        await store.append([sampleRecord(1)]);
        await store.close();
        const reopened = another();
        expect(await reopened.get('k')).toEqual({ v: 1 });
        expect((await reopened.head(5)).map((record) => record.id)).toEqual(['m-1']);
      });
    }
  });
}
