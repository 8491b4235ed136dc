/**
 * The few promise helpers the IndexedDB adapter needs over the raw API: a request as a
 * promise, a transaction with its completion, and opening with upgrade/blocked/versionchange
 * callbacks. It replaces the `idb` wrapper in the browser bundle (about 1 KB gzip of a
 * general-purpose proxy, of which we used this much). Promises settle from the request's own
 * success/error events, as with `idb`, so awaiting one and then issuing the next request keeps
 * the transaction alive.
 *
 * @packageDocumentation
 */

/**
 * The result of a request.
 *
 * @example
 * ```ts
 * const value = await request(db.transaction('kv').objectStore('kv').get('schema'));
 * ```
 */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * A transaction and a promise of its end: resolved on `complete`, rejected on `error` or
 * `abort`. The promise exists from the start, so a transaction that ends before anyone
 * awaits it is not missed.
 *
 * @example
 * ```ts
 * const { tx, done } = begin(db, ['queue', 'meta'], 'readwrite');
 * await Promise.all([request(tx.objectStore('meta').delete('queue-totals')), done]);
 * ```
 */
export function begin(db: IDBDatabase, stores: string | string[], mode: IDBTransactionMode): { tx: IDBTransaction; done: Promise<void> } {
  const tx = db.transaction(stores, mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
  });
  return { tx, done };
}

/**
 * One request in its own transaction on `store`; a write resolves only once it is committed.
 *
 * @example
 * ```ts
 * await single(db, 'kv', 'readwrite', (kv) => kv.put(1, 'schema'));
 * ```
 */
export async function single<T>(db: IDBDatabase, store: string, mode: IDBTransactionMode, call: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const { tx, done } = begin(db, store, mode);
  const [result] = await Promise.all([request(call(tx.objectStore(store))), mode === 'readwrite' && done]);
  return result;
}

/**
 * What {@link openDatabase} calls on the way: `upgrade` in the version-change transaction,
 * `blocked` while another connection keeps an older version open, `blocking` when another
 * connection asks for a newer version, `terminated` when the browser closes the connection.
 *
 * @example
 * ```ts
 * const events: OpenEvents = { upgrade: (db, old) => old < 1 && db.createObjectStore('kv'), blocked() {}, blocking() {}, terminated() {} };
 * ```
 */
export interface OpenEvents {
  upgrade(db: IDBDatabase, oldVersion: number): void;
  blocked(currentVersion: number): void;
  blocking(): void;
  terminated(): void;
}

/**
 * Opens a database. Throws synchronously where `indexedDB.open` does (private modes, sandboxed iframes).
 *
 * @example
 * ```ts
 * const db = await openDatabase('nudgekit', 1, events);
 * ```
 */
export function openDatabase(name: string, version: number, events: OpenEvents): Promise<IDBDatabase> {
  const req = indexedDB.open(name, version);
  req.addEventListener('upgradeneeded', (event) => events.upgrade(req.result, event.oldVersion));
  req.addEventListener('blocked', (event) => events.blocked(event.oldVersion));
  return request(req).then((db) => {
    db.onversionchange = () => events.blocking();
    db.onclose = () => events.terminated();
    return db;
  });
}
