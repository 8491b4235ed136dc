import { openDB } from 'idb';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import { IDB_VERSION, TOTALS_KEY, hasLayout, upgradeLayout, type Chunk, type Database, type NudgeKitDB } from './indexeddb-layout';
import { appendRecords, dropBad, queueSize, readHead, removeRecords, updateRecords } from './indexeddb-queue';
import { restoreQueue, snapshotQueue } from './indexeddb-rescue';
import { closedError } from './record';
import { storageError } from './disk-records';
import { countOf, type NewQueueRecord, type Store } from './store';

export { IDB_VERSION };

/** Options of {@link indexedDBStore}. */
export interface IndexedDBStoreOptions {
  /** The database name. Default `'nudgekit'`; give each app on one origin its own. */
  name?: string | undefined;
  /** Receives `storage_corrupt` when a malformed record is dropped. */
  onError?: ErrorHandler;
  /**
   * How long opening may take before it counts as failed (ms). Default 3000. Opening
   * hangs while another tab holds an older version open and does not let go.
   */
  openTimeoutMs?: number | undefined;
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
 * `indexedDB` until the first call. Each `append` is one transaction and one stored
 * value (a chunk holding all its records, events as JSON text), because per-request
 * cost dominates IndexedDB writes; `update` and `remove` rewrite the chunks concerned
 * in one transaction. `size()` reads running totals kept in the same transactions, and
 * recounts when they disagree with the data (another program wrote to the database).
 * A malformed record is deleted and reported as `storage_corrupt`, never returned.
 * When another tab upgrades the database, this connection closes itself so the upgrade
 * can go on, and reopens on the next call.
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
  // The queue as it was when the database was deleted under us: written back on the next open.
  let rescue: Promise<Chunk[]> | undefined;

  function open(): Promise<Database> {
    connection ??= connect()
      .then(writeBack)
      .catch((error: unknown) => {
        connection = undefined; // let the next call try again
        throw error;
      });
    return connection;
  }

  function report(reason: string, message: string, details: Record<string, unknown> = {}, cause?: unknown): void {
    const error = new NudgeKitError(ERROR_CODES.storageUnavailable, `indexeddb store: database "${name}" ${message}`, { cause, details: { adapter: ADAPTER, reason, ...details } });
    reportTo(options.onError, error);
  }

  /** The database was deleted: keep what its queue held, report it, and let the deletion go on. */
  function deletedUnder(db: Database): void {
    const pending = snapshotQueue(db);
    rescue = pending;
    void pending.then((chunks) => {
      const count = chunks.reduce((sum, chunk) => sum + chunk.records.length, 0);
      report('deleted', `was deleted; its ${count} queued event(s) are written back`, { count });
    });
  }

  async function writeBack(db: Database): Promise<Database> {
    const pending = rescue;
    if (!pending) return db;
    rescue = undefined;
    try {
      await restoreQueue(db, await pending);
    } catch (error) {
      report('deleted', 'was deleted; its queued events could not be written back', {}, error);
    }
    return db;
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
      // Why the upgrade transaction failed: the open request itself only says AbortError.
      let upgradeError: unknown;
      try {
        opening = openDB<NudgeKitDB>(name, IDB_VERSION, {
          upgrade(database, oldVersion, _newVersion, transaction) {
            // Over quota, Chromium aborts the upgrade with QuotaExceededError on the transaction,
            // and the open request fails with a bare AbortError. Keep the real reason (storage
            // full, not missing), and handle idb's `done` promise, which would reject unhandled.
            transaction.done.catch((error: unknown) => {
              upgradeError = error;
            });
            upgradeLayout(database, oldVersion);
          },
          blocked(currentVersion) {
            fail(named('BlockedError', `another tab holds version ${currentVersion} open and does not close it`));
          },
          blocking(_currentVersion, blockedVersion) {
            // Another tab wants a newer version, or (version null) deletes the database: let it
            // go ahead; the next call reopens. A deletion would take the undelivered events
            // with it while delivery still counts them: read them first (close() waits for that).
            if (blockedVersion === null && db) deletedUnder(db);
            db?.close();
            connection = undefined;
          },
          terminated() {
            // The browser closed the connection itself: site data cleared, or a disk failure.
            connection = undefined;
            report('closed', 'was closed by the browser; reopening');
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
      }, (error: unknown) => fail(upgradeError ?? error));
    });
  }

  async function run<T>(operation: string, fn: (db: Database) => Promise<T>, retried = false): Promise<T> {
    if (closed) throw closedError(ADAPTER, operation);
    try {
      return await fn(await open());
    } catch (error) {
      // The connection may have been closed under us (another tab's upgrade: InvalidStateError;
      // Safari losing its IndexedDB server process: UnknownError): reopen once and retry.
      const lost = (error as { name?: unknown })?.name;
      if (!retried && !closed && (lost === 'InvalidStateError' || lost === 'UnknownError')) {
        const stale = connection;
        connection = undefined;
        void stale?.then((db) => db.close(), () => undefined);
        return run(operation, fn, true);
      }
      throw storageError(operation, ADAPTER, error);
    }
  }

  function reportCorrupt(count: number): void {
    if (count === 0) return;
    reportTo(
      options.onError,
      new NudgeKitError(ERROR_CODES.storageCorrupt, `indexeddb store: dropped ${count} malformed queue record(s)`, {
        details: { adapter: ADAPTER, count },
      }),
    );
  }

  return {
    kind: ADAPTER,
    sharedName: name,
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
    addCount(key, delta) {
      // Read and write in one readwrite transaction: IndexedDB runs those on one store one at a time, across tabs.
      return run('addCount', async (db) => {
        const tx = db.transaction('kv', 'readwrite');
        const kv = tx.objectStore('kv');
        const total = Math.max(0, countOf(await kv.get(key)) + delta);
        await (total > 0 ? kv.put(total, key) : kv.delete(key));
        await tx.done;
        return total;
      });
    },
    append(records: readonly NewQueueRecord[]) {
      if (records.length === 0) return closed ? Promise.reject(closedError(ADAPTER, 'append')) : Promise.resolve([]);
      return run('append', (db) => appendRecords(db, records));
    },
    head(limit) {
      return run('head', async (db) => {
        if (!(limit > 0)) return [];
        // Each pass deletes at least one bad record, so this ends.
        for (;;) {
          const { records, bad } = await readHead(db, limit);
          if (bad.length === 0) return records;
          reportCorrupt(await dropBad(db, bad));
        }
      });
    },
    update(records) {
      return run('update', (db) => updateRecords(db, records));
    },
    remove(seqs) {
      return run('remove', (db) => removeRecords(db, seqs));
    },
    size() {
      return run('size', async (db) => {
        const { totals, dropped } = await queueSize(db);
        reportCorrupt(dropped);
        return { count: totals.count, bytes: totals.bytes };
      });
    },
    clear() {
      return run('clear', async (db) => {
        const tx = db.transaction(['kv', 'queue', 'meta'], 'readwrite');
        await Promise.all([
          tx.objectStore('kv').clear(),
          tx.objectStore('queue').clear(),
          tx.objectStore('meta').put({ count: 0, bytes: 0, chunks: 0 }, TOTALS_KEY),
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
