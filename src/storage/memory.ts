import type { NewQueueRecord, QueueRecord, Store } from './store';

/**
 * A store that lives in memory: the fallback where IndexedDB is missing or blocked,
 * and the default in Node. Values are deep-copied on the way in and out, so a caller
 * mutating an object after `set` cannot change what is stored (as with IndexedDB).
 *
 * @example
 * ```ts
 * createNudgeKit({ store: memoryStore() })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function memoryStore(): Store {
  const values = new Map<string, unknown>();
  const queue = new Map<number, QueueRecord>();
  let nextSeq = 1;
  let bytes = 0;

  return {
    kind: 'memory',
    async get<T>(key: string) {
      return copy(values.get(key)) as T | undefined;
    },
    async set(key, value) {
      values.set(key, copy(value));
    },
    async delete(key) {
      values.delete(key);
    },
    async append(records: readonly NewQueueRecord[]) {
      const added = records.map((record) => ({ ...copy(record), seq: nextSeq++ }) as QueueRecord);
      for (const record of added) {
        queue.set(record.seq, record);
        bytes += record.bytes;
      }
      return added.map(copy);
    },
    async head(limit) {
      const out: QueueRecord[] = [];
      // Map iteration follows insertion order, which is seq order.
      for (const record of queue.values()) {
        if (out.length >= limit) break;
        out.push(copy(record));
      }
      return out;
    },
    async update(records) {
      for (const record of records) {
        const old = queue.get(record.seq);
        if (!old) continue;
        bytes += record.bytes - old.bytes;
        queue.set(record.seq, copy(record));
      }
    },
    async remove(seqs) {
      for (const seq of seqs) {
        const old = queue.get(seq);
        if (!old) continue;
        bytes -= old.bytes;
        queue.delete(seq);
      }
    },
    async size() {
      return { count: queue.size, bytes };
    },
    async clear() {
      values.clear();
      queue.clear();
      bytes = 0;
    },
    async close() {},
  };
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
