import { openDB, type IDBPObjectStore } from 'idb';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import {
  IDB_VERSION,
  TOTALS_KEY,
  decode,
  encode,
  hasLayout,
  isTotals,
  storedBytes,
  upgradeLayout,
  type Database,
  type NudgeKitDB,
  type StoredRecord,
  type Totals,
} from './indexeddb-layout';
import { closedError, isSeq, storageError } from './record';
import type { NewQueueRecord, QueueRecord, Store } from './store';

export { IDB_VERSION };

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

type QueueStore = IDBPObjectStore<NudgeKitDB, ('queue' | 'meta')[], 'queue', 'readwrite'>;

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
            upgradeLayout(database, oldVersion);
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
        if (!hasLayout(database)) {
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

  /**
   * Runs `work` in one read-write transaction over the queue and its totals, and adds the
   * change `work` reports to the totals. Missing totals stay missing: `size()` recounts.
   */
  async function writeQueue(db: Database, work: (queue: QueueStore) => Promise<Totals>): Promise<void> {
    const tx = db.transaction(['queue', 'meta'], 'readwrite');
    const meta = tx.objectStore('meta');
    const totalsRead = meta.get(TOTALS_KEY);
    const update = (async () => {
      const [change, totals] = await Promise.all([work(tx.objectStore('queue')), totalsRead]);
      if (isTotals(totals) && (change.count !== 0 || change.bytes !== 0)) {
        await meta.put({ count: totals.count + change.count, bytes: totals.bytes + change.bytes }, TOTALS_KEY);
      }
    })();
    await Promise.all([update, tx.done]);
  }

  /** Reads every record, deletes the malformed ones and writes fresh totals. */
  async function recount(db: Database): Promise<Totals> {
    const tx = db.transaction(['queue', 'meta'], 'readwrite');
    const queue = tx.objectStore('queue');
    const work = (async () => {
      const rows: unknown[] = await queue.getAll();
      const totals: Totals = { count: 0, bytes: 0 };
      const bad: unknown[] = [];
      for (const row of rows) {
        const bytes = storedBytes(row);
        if (bytes === undefined) bad.push(row);
        else {
          totals.count++;
          totals.bytes += bytes;
        }
      }
      await Promise.all([...seqsOf(bad).map((seq) => queue.delete(seq as number)), tx.objectStore('meta').put(totals, TOTALS_KEY)]);
      return { totals, bad };
    })();
    const [{ totals, bad }] = await Promise.all([work, tx.done]);
    if (bad.length > 0) reportCorrupt(bad);
    return totals;
  }

  async function dropCorrupt(db: Database, rows: readonly unknown[]): Promise<void> {
    const tx = db.transaction('queue', 'readwrite');
    // The totals are left alone: a mismatch with count() makes the next size() recount.
    await Promise.all([...seqsOf(rows).map((seq) => tx.store.delete(seq as number)), tx.done]);
    reportCorrupt(rows);
  }

  function reportCorrupt(rows: readonly unknown[]): void {
    reportTo(
      options.onError,
      new NudgeKitError(ERROR_CODES.storageCorrupt, `indexeddb store: dropped ${rows.length} malformed queue record(s)`, {
        details: { adapter: ADAPTER, count: rows.length, seqs: seqsOf(rows).slice(0, 20) },
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
        // Encode before the transaction: an event that is not JSON fails the call, not the database.
        const stored = records.map(encode);
        let keys: number[] = [];
        await writeQueue(db, async (queue) => {
          keys = await Promise.all(stored.map((record) => queue.add(record as StoredRecord)));
          return { count: stored.length, bytes: stored.reduce((sum, record) => sum + record.bytes, 0) };
        });
        return records.map((record, i) => ({ ...record, seq: keys[i]! }) as QueueRecord);
      });
    },
    head(limit) {
      return run('head', async (db) => {
        if (!(limit > 0)) return [];
        // Each pass deletes at least one bad record, so this ends.
        for (;;) {
          const rows: unknown[] = await db.getAll('queue', null, Math.min(Math.floor(limit), 2 ** 32 - 1));
          const records: QueueRecord[] = [];
          const bad: unknown[] = [];
          for (const row of rows) {
            const record = decode(row);
            if (record) records.push(record);
            else bad.push(row);
          }
          if (bad.length === 0) return records;
          await dropCorrupt(db, bad);
        }
      });
    },
    update(records) {
      return run('update', async (db) => {
        const stored = records.filter((record) => isSeq(record.seq)).map((record) => ({ ...encode(record), seq: record.seq }));
        if (stored.length === 0) return;
        await writeQueue(db, async (queue) => {
          const change: Totals = { count: 0, bytes: 0 };
          await Promise.all(
            stored.map(async (record) => {
              // put() would insert an unknown seq; the contract says ignore it.
              const old: unknown = await queue.get(record.seq);
              if (old === undefined) return;
              await queue.put(record);
              const oldBytes = storedBytes(old);
              if (oldBytes === undefined) change.count++; // a malformed record, not counted before
              change.bytes += record.bytes - (oldBytes ?? 0);
            }),
          );
          return change;
        });
      });
    },
    remove(seqs) {
      return run('remove', async (db) => {
        const valid = seqs.filter(isSeq);
        if (valid.length === 0) return;
        await writeQueue(db, async (queue) => {
          const change: Totals = { count: 0, bytes: 0 };
          await Promise.all(
            valid.map(async (seq) => {
              const old: unknown = await queue.get(seq);
              if (old === undefined) return;
              await queue.delete(seq);
              const bytes = storedBytes(old);
              if (bytes === undefined) return;
              change.count--;
              change.bytes -= bytes;
            }),
          );
          return change;
        });
      });
    },
    size() {
      return run('size', async (db) => {
        const tx = db.transaction(['queue', 'meta'], 'readonly');
        const [count, totals] = await Promise.all([tx.objectStore('queue').count(), tx.objectStore('meta').get(TOTALS_KEY), tx.done]);
        if (isTotals(totals) && totals.count === count) return { count, bytes: totals.bytes };
        return recount(db);
      });
    },
    clear() {
      return run('clear', async (db) => {
        const tx = db.transaction(['kv', 'queue', 'meta'], 'readwrite');
        await Promise.all([
          tx.objectStore('kv').clear(),
          tx.objectStore('queue').clear(),
          tx.objectStore('meta').put({ count: 0, bytes: 0 }, TOTALS_KEY),
          tx.done,
        ]);
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

/** The keys of stored rows (the in-line key path `seq`), for deleting malformed ones. */
function seqsOf(rows: readonly unknown[]): IDBValidKey[] {
  return rows.map((row) => (row as { seq?: unknown } | null)?.seq).filter(isValidKey);
}

function isValidKey(key: unknown): key is IDBValidKey {
  return typeof key === 'number' || typeof key === 'string' || key instanceof Date || Array.isArray(key);
}
