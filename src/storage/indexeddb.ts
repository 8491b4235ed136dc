import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import { closedError, isQueueRecord, isSeq, newRecordFields, storageError } from './record';
import type { NewQueueRecord, QueueRecord, Store } from './store';

/**
 * The IndexedDB version, i.e. the layout of object stores. It is not `SCHEMA_VERSION`
 * (the shape of the values, see `migrations.ts`): a new value shape needs no new object
 * store, and an IndexedDB version bump forces every other open tab to close its connection.
 */
export const IDB_VERSION = 1;

interface NudgeKitDB extends DBSchema {
  /** The key-value area; keys are given by the caller (out-of-line). */
  kv: { key: string; value: unknown };
  /** The queue; `seq` is the auto-incremented in-line key, so it grows across every tab. */
  queue: { key: number; value: QueueRecord };
}

type Database = IDBPDatabase<NudgeKitDB>;

/** Options of {@link indexedDBStore}. */
export interface IndexedDBStoreOptions {
  /** The database name. Default `'nudgekit'`; give each app on one origin its own. */
  name?: string;
  /** Receives `storage_corrupt` when a malformed record is dropped. */
  onError?: ErrorHandler;
  /**
   * How long opening may take before it counts as failed (ms). Default 3000. Opening
   * hangs while another tab holds an older version open and does not let go.
   */
  openTimeoutMs?: number;
}

/** A {@link Store} over IndexedDB, with a way to find out early whether it can open. */
export interface IndexedDBStore extends Store {
  /**
   * Opens the database now instead of on first use. Rejects (with a `NudgeKitError`
   * whose `cause` is the platform error) when IndexedDB throws, is blocked or times out.
   */
  ready(): Promise<void>;
}

const ADAPTER = 'indexeddb';

/**
 * A store in IndexedDB (through `idb`), the default in browsers. Nothing touches
 * `indexedDB` until the first call. Each `append`, `update` and `remove` is one
 * transaction. A malformed queue record is deleted and reported as `storage_corrupt`
 * instead of being returned. When another tab upgrades the database, this connection
 * closes itself so the upgrade can go on, and reopens on the next call.
 *
 * @example
 * ```ts
 * createNudgeKit({ store: indexedDBStore({ name: 'shop-analytics', onError: console.warn }) })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function indexedDBStore(options: IndexedDBStoreOptions = {}): IndexedDBStore {
  const name = options.name ?? 'nudgekit';
  const timeoutMs = options.openTimeoutMs ?? 3000;
  let connection: Promise<Database> | undefined;
  let closed = false;

  function open(): Promise<Database> {
    connection ??= connect().catch((error: unknown) => {
      connection = undefined; // let the next call try again
      throw error;
    });
    return connection;
  }

  function connect(): Promise<Database> {
    return new Promise<Database>((resolve, reject) => {
      let settled = false;
      let db: Database | undefined;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => fail(named('TimeoutError', `open did not finish within ${timeoutMs} ms`)), timeoutMs);
      let opening: Promise<Database>;
      try {
        opening = openDB<NudgeKitDB>(name, IDB_VERSION, {
          upgrade(database, oldVersion) {
            if (oldVersion < 1) {
              database.createObjectStore('kv');
              database.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
            }
          },
          blocked(currentVersion) {
            fail(named('BlockedError', `another tab holds version ${currentVersion} open and does not close it`));
          },
          blocking() {
            // Another tab wants a newer version: let it go ahead; the next call reopens.
            db?.close();
            connection = undefined;
          },
          terminated() {
            connection = undefined;
          },
        });
      } catch (error) {
        // Firefox private mode and sandboxed iframes throw here (InvalidStateError, SecurityError).
        fail(error);
        return;
      }
      opening.then((database) => {
        db = database;
        // A late success after a timeout or a block: nobody waits for it any more.
        if (settled) return database.close();
        if (closed) {
          database.close();
          return fail(closedError(ADAPTER, 'open'));
        }
        if (!database.objectStoreNames.contains('kv') || !database.objectStoreNames.contains('queue')) {
          database.close();
          return fail(named('NotFoundError', `database "${name}" exists without NudgeKit's object stores`));
        }
        settled = true;
        clearTimeout(timer);
        resolve(database);
      }, fail);
    });
  }

  async function run<T>(operation: string, fn: (db: Database) => Promise<T>, retried = false): Promise<T> {
    if (closed) throw closedError(ADAPTER, operation);
    try {
      return await fn(await open());
    } catch (error) {
      // The connection may have been closed under us for another tab's upgrade: reopen once.
      if (!retried && !closed && (error as { name?: unknown })?.name === 'InvalidStateError') {
        const stale = connection;
        connection = undefined;
        void stale?.then((db) => db.close(), () => undefined);
        return run(operation, fn, true);
      }
      throw storageError(operation, ADAPTER, error);
    }
  }

  async function dropCorrupt(db: Database, rows: readonly unknown[]): Promise<void> {
    const keys = rows.map((row) => (row as { seq?: unknown } | null)?.seq).filter(isValidKey);
    const tx = db.transaction('queue', 'readwrite');
    await Promise.all([...keys.map((key) => tx.store.delete(key as number)), tx.done]);
    reportTo(
      options.onError,
      new NudgeKitError(ERROR_CODES.storageCorrupt, `indexeddb store: dropped ${rows.length} malformed queue record(s)`, {
        details: { adapter: ADAPTER, count: rows.length, seqs: keys.slice(0, 20) },
      }),
    );
  }

  return {
    kind: ADAPTER,
    async ready() {
      await run('open', async () => undefined);
    },
    get<T>(key: string) {
      return run('get', (db) => db.get('kv', key) as Promise<T | undefined>);
    },
    set(key, value) {
      return run('set', async (db) => {
        await db.put('kv', value, key);
      });
    },
    delete(key) {
      return run('delete', (db) => db.delete('kv', key));
    },
    append(records: readonly NewQueueRecord[]) {
      if (records.length === 0) return closed ? Promise.reject(closedError(ADAPTER, 'append')) : Promise.resolve([]);
      return run('append', async (db) => {
        const clean = records.map(newRecordFields);
        const tx = db.transaction('queue', 'readwrite');
        const [keys] = await Promise.all([Promise.all(clean.map((record) => tx.store.add(record as QueueRecord))), tx.done]);
        return clean.map((record, i) => ({ ...record, seq: keys[i] as number }));
      });
    },
    head(limit) {
      return run('head', async (db) => {
        if (!(limit > 0)) return [];
        // Each pass deletes at least one bad record, so this ends.
        for (;;) {
          const rows: unknown[] = await db.getAll('queue', null, Math.min(Math.floor(limit), 2 ** 32 - 1));
          const bad = rows.filter((row) => !isQueueRecord(row));
          if (bad.length === 0) return rows as QueueRecord[];
          await dropCorrupt(db, bad);
        }
      });
    },
    update(records) {
      return run('update', async (db) => {
        const valid = records.filter((record) => isSeq(record.seq));
        if (valid.length === 0) return;
        const tx = db.transaction('queue', 'readwrite');
        const writes = valid.map(async (record) => {
          // put() would insert an unknown seq; the contract says ignore it.
          if ((await tx.store.getKey(record.seq)) === undefined) return;
          await tx.store.put({ ...newRecordFields(record), seq: record.seq });
        });
        await Promise.all([...writes, tx.done]);
      });
    },
    remove(seqs) {
      return run('remove', async (db) => {
        const valid = seqs.filter(isSeq);
        if (valid.length === 0) return;
        const tx = db.transaction('queue', 'readwrite');
        await Promise.all([...valid.map((seq) => tx.store.delete(seq)), tx.done]);
      });
    },
    size() {
      // Reads every record: count and bytes come from one consistent snapshot, and
      // malformed records are not counted. Callers read it at start and keep their own tally.
      return run('size', async (db) => {
        const rows: unknown[] = await db.getAll('queue');
        let count = 0;
        let bytes = 0;
        for (const row of rows) {
          if (!isQueueRecord(row)) continue;
          count++;
          bytes += row.bytes;
        }
        return { count, bytes };
      });
    },
    clear() {
      return run('clear', async (db) => {
        const tx = db.transaction(['kv', 'queue'], 'readwrite');
        await Promise.all([tx.objectStore('kv').clear(), tx.objectStore('queue').clear(), tx.done]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const pending = connection;
      connection = undefined;
      const db = await pending?.catch(() => undefined);
      db?.close();
    },
  };
}

function named(name: string, message: string): Error {
  const error = new Error(`IndexedDB: ${message}`);
  error.name = name;
  return error;
}

function isValidKey(key: unknown): key is IDBValidKey {
  return typeof key === 'number' || typeof key === 'string' || key instanceof Date || Array.isArray(key);
}
