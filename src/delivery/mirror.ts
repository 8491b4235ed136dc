import type { QueueRecord } from '../storage/store';

/**
 * In-memory copies of the oldest queued records the sending tab knows, so that `pagehide` can
 * send them synchronously: there is no time to read IndexedDB while a page is closing. Bounded
 * in bytes (only 64 KiB can be sent on unload anyway).
 */
export interface UnloadMirror {
  remember(record: QueueRecord): void;
  forget(records: readonly QueueRecord[]): void;
  clear(): void;
  /** The records, oldest first. */
  oldest(): QueueRecord[];
}

/**
 * Creates an empty mirror holding at most `maxBytes` of records.
 *
 * @example
 * ```ts
 * const mirror = createUnloadMirror(131_072);
 * mirror.remember(record);
 * ```
 */
export function createUnloadMirror(maxBytes: number): UnloadMirror {
  const records = new Map<number, QueueRecord>();
  let total = 0;
  return {
    remember(record) {
      if (records.has(record.seq) || total + record.bytes > maxBytes) return;
      records.set(record.seq, record);
      total += record.bytes;
    },
    forget(list) {
      for (const record of list) if (records.delete(record.seq)) total -= record.bytes;
    },
    clear() {
      records.clear();
      total = 0;
    },
    oldest: () => [...records.values()].sort((a, b) => a.seq - b.seq),
  };
}
