import type { DBSchema, IDBPDatabase } from 'idb';
import { isNumberFrom, newRecordFields } from './record';
import { isQueueRecord } from './disk-records';
import { isRecord } from '../core/option-checks';
import type { NewQueueRecord, QueueRecord } from './store';

/**
 * The IndexedDB version, i.e. the layout of object stores. It is not `SCHEMA_VERSION`
 * (the shape of the values, see `migrations.ts`): a new value shape needs no new object
 * store, and an IndexedDB version bump forces every other open tab to close its connection.
 *
 * @example
 * ```ts
 * indexedDB.open('nudgekit', IDB_VERSION); // what indexedDBStore() opens
 * ```
 */
export const IDB_VERSION = 1;

/**
 * Seqs per chunk. The queue keeps the records of one `append` call together in one
 * value (a chunk), because each IndexedDB request costs an inter-process round trip:
 * one value per append made batched writes about five times faster in Chromium
 * (bench/queue.browser.bench.ts). A record's seq is `chunk key * CHUNK_SPAN + offset`;
 * chunk keys come from the auto-increment key generator, so seqs grow across tabs.
 */
export const CHUNK_SPAN = 2 ** 16;

/**
 * Most records one chunk holds; a bigger append becomes several chunks in the same
 * transaction. A balance: in Chromium many small values read back slower than a few big
 * ones, so bigger chunks restore faster, but sending removes records from the head in
 * batches (50 by default) and each removal rewrites what is left of a chunk.
 */
export const CHUNK_RECORDS = 256;

/** The highest chunk key whose seqs (`key * CHUNK_SPAN + offset`) are all exact integers. */
export const MAX_CHUNK_KEY = Math.floor(Number.MAX_SAFE_INTEGER / CHUNK_SPAN);

/** One record inside a chunk: the event as JSON text, and its place in the chunk. */
export interface StoredRecord extends Omit<QueueRecord, 'event' | 'seq'> {
  offset: number;
  /**
   * The event as JSON text. What is queued is what will be sent: a value JSON cannot carry
   * (a Date, a Map, `undefined`) fails the append instead of the send. Reading text back and
   * parsing it costs about the same as structured clone of the object in Chromium (the
   * "design check" rows of bench/queue.browser.bench.ts).
   */
  json: string;
}

/** The records of one append, minus those removed since. `c` is the key, filled in by IndexedDB. */
export interface Chunk {
  c: number;
  records: StoredRecord[];
}

/** Running totals of the queue, kept in the same transactions as the chunks they count. */
export interface Totals {
  count: number;
  bytes: number;
  /** How many chunks there are: checked against `count()` to notice writes made behind our back. */
  chunks: number;
}

/** The object stores and what they hold. */
export interface NudgeKitDB extends DBSchema {
  /** The key-value area; keys are given by the caller (out-of-line). */
  kv: { key: string; value: unknown };
  /** The queue, as chunks keyed by the auto-incremented in-line key `c`. */
  queue: { key: number; value: Chunk };
  /** Bookkeeping: the queue's {@link Totals} under {@link TOTALS_KEY}, so `size()` does not read every event. */
  meta: { key: string; value: Totals };
}

export type Database = IDBPDatabase<NudgeKitDB>;

export const TOTALS_KEY = 'queue-totals';

/** Creates or upgrades the object stores (the `upgrade` callback of `openDB`). */
export function upgradeLayout(db: Database, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('kv');
    db.createObjectStore('queue', { keyPath: 'c', autoIncrement: true });
    // Totals of the empty queue from the start: without them the first size() reads every chunk.
    // A failed upgrade rejects the open itself; this request's own rejection needs no second report.
    db.createObjectStore('meta').put({ count: 0, bytes: 0, chunks: 0 }, TOTALS_KEY).catch(() => undefined);
  }
  // Version 2 goes here: `if (oldVersion < 2) { ... }`, using the upgrade transaction.
}

/** Whether an open database has every object store this code uses. */
export function hasLayout(db: Database): boolean {
  return (['kv', 'queue', 'meta'] as const).every((name) => db.objectStoreNames.contains(name));
}

/** The stored form of a record; throws when the event is not JSON. */
export function encode(record: NewQueueRecord, offset: number): StoredRecord {
  const { event, ...rest } = newRecordFields(record);
  const json = JSON.stringify(event);
  if (json === undefined) throw new TypeError(`queue record ${record.id}: the event is not JSON`);
  return { ...rest, offset, json };
}

/** Whether a value read from the queue store has the shape of a chunk (its records are checked one by one). */
export function isChunk(value: unknown): value is Chunk {
  if (!isRecord(value)) return false;
  const { c, records } = value as Partial<Chunk>;
  return isNumberFrom(c, 1, true) && c <= MAX_CHUNK_KEY && Array.isArray(records);
}

/** The record a stored one holds, or undefined when it is malformed. */
export function decode(chunk: Chunk, stored: unknown): QueueRecord | undefined {
  if (!isStored(stored)) return undefined;
  const { json, offset, ...rest } = stored;
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    return undefined;
  }
  const record = { ...rest, event, seq: chunk.c * CHUNK_SPAN + offset };
  return isQueueRecord(record) ? record : undefined;
}

/** Whether a stored record is well-formed, apart from its event text, which only `decode` parses. */
export function isStored(value: unknown): value is StoredRecord {
  if (!isRecord(value)) return false;
  const { offset, json } = value as Partial<StoredRecord>;
  return (
    typeof json === 'string' &&
    Number.isInteger(offset) &&
    offset! >= 0 &&
    offset! < CHUNK_SPAN &&
    isQueueRecord({ ...(value as object), event: null, seq: 1 })
  );
}

/** Whether a value read from `meta` is usable totals. */
export function isTotals(value: unknown): value is Totals {
  if (!isRecord(value)) return false;
  const { count, bytes, chunks } = value as Partial<Totals>;
  return isNumberFrom(count, 0, true) && isNumberFrom(chunks, 0, true) && isNumberFrom(bytes, 0);
}
