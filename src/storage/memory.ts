import { closedError, isSeq, newRecordFields } from './record';
import { countOf, type NewQueueRecord, type QueueRecord, type Store } from './store';

/**
 * A store that lives in memory: the fallback where IndexedDB is missing or blocked,
 * and the default in Node. Values are deep-copied on the way in and out, so a caller
 * mutating an object after `set` cannot change what is stored (as with IndexedDB).
 * Queued events are kept as JSON text: one `JSON.stringify` per event instead of three
 * structured clones, which made the memory queue the largest cost of `track()` in Node.
 * After `close()` every call rejects, as with the other adapters.
 *
 * @example
 * ```ts
 * createNudgeKit({ store: memoryStore() })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function memoryStore(): Store {
  return memoryStoreFrom(1);
}

/**
 * {@link memoryStore} whose queue seqs start at `firstSeq`: delivery keeps events in memory
 * next to a real store when that one cannot take them, with seqs that cannot collide.
 *
 * @example
 * ```ts
 * const spill = memoryStoreFrom(2 ** 52);
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function memoryStoreFrom(firstSeq: number): Store {
  const values = new Map<string, unknown>();
  const queue = new Map<number, StoredRecord>();
  let nextSeq = firstSeq;
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
    async addCount(key, delta) {
      check('addCount');
      const total = Math.max(0, countOf(values.get(key)) + delta);
      if (total > 0) values.set(key, total);
      else values.delete(key);
      return total;
    },
    async append(records: readonly NewQueueRecord[]) {
      check('append');
      // Serialise all first: a record that cannot be serialised rejects the whole call (all or nothing).
      const stored = records.map(toStored);
      return stored.map((record, i) => {
        record.seq = nextSeq++;
        queue.set(record.seq, record);
        bytes += record.bytes;
        // The caller's own event object goes back to the caller; what is stored is text.
        return { ...newRecordFields(records[i]!), seq: record.seq, event: records[i]!.event } as QueueRecord;
      });
    },
    async head(limit) {
      check('head');
      const out: QueueRecord[] = [];
      // Map iteration follows insertion order, which is seq order.
      for (const record of queue.values()) {
        if (out.length >= limit) break;
        out.push(fromStored(record));
      }
      return out;
    },
    async update(records) {
      check('update');
      for (const record of records) {
        const old = isSeq(record.seq) ? queue.get(record.seq) : undefined;
        if (!old) continue;
        bytes += record.bytes - old.bytes;
        queue.set(record.seq, { ...toStored(record), seq: record.seq });
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

/** A queue record as kept in memory: its event as JSON text. */
type StoredRecord = Omit<QueueRecord, 'event'> & { json: string };

function toStored(record: NewQueueRecord): StoredRecord {
  const { event, ...fields } = newRecordFields(record);
  const json = JSON.stringify(event);
  if (json === undefined) throw new TypeError('a queued event must be JSON');
  return { ...fields, seq: 0, json };
}

function fromStored(record: StoredRecord): QueueRecord {
  const { json, ...fields } = record;
  return { ...fields, event: JSON.parse(json) as unknown };
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}
