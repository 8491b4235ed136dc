import type { DBSchema, IDBPDatabase } from 'idb';
import { isQueueRecord, newRecordFields } from './record';
import type { NewQueueRecord, QueueRecord } from './store';

/**
 * The IndexedDB version, i.e. the layout of object stores. It is not `SCHEMA_VERSION`
 * (the shape of the values, see `migrations.ts`): a new value shape needs no new object
 * store, and an IndexedDB version bump forces every other open tab to close its connection.
 */
export const IDB_VERSION = 1;

/**
 * A queue record as it sits in IndexedDB: the event as JSON text. Structured clone of a
 * nested object is slower to read back than `JSON.parse` of the same data, and restoring
 * the queue reads thousands of events (see bench/queue.browser.bench.ts).
 */
export interface StoredRecord extends Omit<QueueRecord, 'event'> {
  json: string;
}

/** Running totals of the queue, kept in the same transactions as the records they count. */
export interface Totals {
  count: number;
  bytes: number;
}

/** The object stores and what they hold. */
export interface NudgeKitDB extends DBSchema {
  /** The key-value area; keys are given by the caller (out-of-line). */
  kv: { key: string; value: unknown };
  /** The queue; `seq` is the auto-incremented in-line key, so it grows across every tab. */
  queue: { key: number; value: StoredRecord };
  /**
   * Bookkeeping, under key {@link TOTALS_KEY}: the queue's count and bytes, so `size()`
   * does not read every event. Checked against `count()` on each read; a mismatch (a
   * record written or lost behind our back) triggers a full recount.
   */
  meta: { key: string; value: Totals };
}

export type Database = IDBPDatabase<NudgeKitDB>;

export const TOTALS_KEY = 'queue-totals';

/** Creates or upgrades the object stores (the `upgrade` callback of `openDB`). */
export function upgradeLayout(db: Database, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore('kv');
    db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
    db.createObjectStore('meta');
  }
  // Version 2 goes here: `if (oldVersion < 2) { ... }`, using the upgrade transaction.
}

/** Whether an open database has every object store this code uses. */
export function hasLayout(db: Database): boolean {
  return (['kv', 'queue', 'meta'] as const).every((name) => db.objectStoreNames.contains(name));
}

/** The stored form of a record; throws when the event is not JSON. */
export function encode(record: NewQueueRecord): Omit<StoredRecord, 'seq'> {
  const { event, ...rest } = newRecordFields(record);
  const json = JSON.stringify(event);
  if (json === undefined) throw new TypeError(`queue record ${record.id}: the event is not JSON`);
  return { ...rest, json };
}

/** The record a stored row holds, or undefined when the row is malformed. */
export function decode(row: unknown): QueueRecord | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const { json, ...rest } = row as Partial<StoredRecord>;
  if (typeof json !== 'string') return undefined;
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    return undefined;
  }
  const record = { ...rest, event };
  return isQueueRecord(record) ? record : undefined;
}

/** The bytes a stored row counts for, or undefined when it is malformed (without parsing the event). */
export function storedBytes(row: unknown): number | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const record = row as Partial<StoredRecord>;
  return typeof record.json === 'string' && isQueueRecord({ ...record, event: null }) ? record.bytes : undefined;
}

/** Whether a value read from `meta` is usable totals. */
export function isTotals(value: unknown): value is Totals {
  if (typeof value !== 'object' || value === null) return false;
  const { count, bytes } = value as Partial<Totals>;
  return Number.isSafeInteger(count) && count! >= 0 && typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0;
}
