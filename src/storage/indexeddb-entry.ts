/**
 * `indexedDBStore` as the main entry exports it: the same store, whose code (the adapter, its
 * layout, the idb package) loads on the first call. The client loads that code itself at
 * start-up; an entry that exported the adapter directly would put it in every app's first chunk,
 * since bundlers place a module by where it is imported, not by what is used.
 */
import type { IndexedDBStore, IndexedDBStoreOptions } from './indexeddb';
import { STORE_METHODS } from './store-option';

/**
 * A store in IndexedDB, the default in browsers; give each app on one origin its own `name`.
 * Nothing touches `indexedDB` until the first call. A call rejects if the adapter's code
 * cannot load (offline, a CSP), as it would if IndexedDB could not open.
 *
 * @example
 * ```ts
 * createNudgeKit({ store: indexedDBStore({ name: 'shop-analytics', onError: console.warn }) })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function indexedDBStore(options: IndexedDBStoreOptions = {}): IndexedDBStore {
  let adapter: Promise<IndexedDBStore> | undefined;
  const store: Record<string, unknown> = { kind: 'indexeddb', sharedName: options.name ?? 'nudgekit' };
  for (const method of [...STORE_METHODS, 'addCount', 'ready'] as const) {
    store[method] = async (...args: unknown[]) => {
      adapter ??= import('./indexeddb').then((m) => m.indexedDBStore(options));
      return ((await adapter)[method] as (...input: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return store as unknown as IndexedDBStore;
}
