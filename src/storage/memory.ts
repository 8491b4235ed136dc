import { closedError, isSeq, newRecordFields } from './record';
import type { NewQueueRecord, QueueRecord, Store } from './store';

/**
 * A store that lives in memory: the fallback where IndexedDB is missing or blocked,
 * and the default in Node. Values are deep-copied on the way in and out, so a caller
 * mutating an object after `set` cannot change what is stored (as with IndexedDB).
 * After `close()` every call rejects, as with the other adapters.
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
  let closed = false;

  function check(operation: string): void {
    if (closed) throw closedError('memory', operation);
  }

  return {
    kind: 'memory',
    async get<T>(key: string) {
      check('get');
      return copy(values.get(key)) as T | undefined;
    },
    async set(key, value) {
      check('set');
      values.set(key, copy(value));
    },
    async delete(key) {
      check('delete');
      values.delete(key);
    },
    async append(records: readonly NewQueueRecord[]) {
      check('append');
      // Copy all first: a record that cannot be cloned rejects the whole call (all or nothing).
      const added = records.map((record) => ({ ...copy(newRecordFields(record)), seq: 0 }) as QueueRecord);
      for (const record of added) {
        record.seq = nextSeq++;
        queue.set(record.seq, record);
        bytes += record.bytes;
      }
      return added.map(copy);
    },
    async head(limit) {
      check('head');
      const out: QueueRecord[] = [];
      // Map iteration follows insertion order, which is seq order.
      for (const record of queue.values()) {
        if (out.length >= limit) break;
        out.push(copy(record));
      }
      return out;
    },
    async update(records) {
      check('update');
      for (const record of records) {
        const old = isSeq(record.seq) ? queue.get(record.seq) : undefined;
        if (!old) continue;
        bytes += record.bytes - old.bytes;
        queue.set(record.seq, { ...copy(newRecordFields(record)), seq: record.seq });
      }
    },
    async remove(seqs) {
      check('remove');
      for (const seq of seqs) {
        const old = queue.get(seq);
        if (!old) continue;
        bytes -= old.bytes;
        queue.delete(seq);
      }
    },
    async size() {
      check('size');
      return { count: queue.size, bytes };
    },
    async clear() {
      check('clear');
      values.clear();
      queue.clear();
      bytes = 0;
    },
    async close() {
      closed = true;
      values.clear();
      queue.clear();
    },
  };
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
