import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import { indexedDBStore } from './indexeddb';
import { memoryStore } from './memory';
import { isQuotaError } from './record';
import { storageError } from './disk-records';
import type { Store } from './store';
import { STORE_METHODS, type StoreOption } from './store-option';

export { validateStoreOption, type StoreOption } from './store-option';

/** Tuning of {@link openStore}; the defaults suit every app. */
export interface OpenStoreOptions {
  /** The IndexedDB database name. Default `'nudgekit'`. */
  name?: string;
  /** How long IndexedDB may take to open before memory is used instead (ms). Default 3000. */
  openTimeoutMs?: number;
}

/** The calls that can run out of space. */
const WRITES: readonly string[] = ['set', 'append', 'update'];

/**
 * Opens the store the option asks for, and never rejects. Where IndexedDB is missing
 * (in a browser), throws on open (Firefox private mode, a sandboxed iframe), is blocked
 * by another tab or does not open within `openTimeoutMs`, it reports
 * `storage_unavailable` with the reason as `cause` and returns a memory store, so
 * tracking goes on for this page. `'auto'` outside a browser (Node, SSR) quietly uses
 * memory: there is nothing wrong to report.
 *
 * The returned store rejects a write that finds the disk full with a `NudgeKitError` of
 * code `storage_quota` (platform error as `cause`) and reports it once until a write
 * succeeds again. When the queue cannot be written, the delivery layer keeps this page's
 * new events in memory (`storage_quota` or `storage_unavailable` with
 * `details.fallback: 'memory'`), as for a missing IndexedDB.
 *
 * @example
 * ```ts
 * const store = await openStore(config.store, onError);
 * await migrate(store, onError);
 * ```
 */
export async function openStore(option: StoreOption | undefined, onError: ErrorHandler, settings: OpenStoreOptions = {}): Promise<Store> {
  const chosen = option ?? 'auto';
  if (chosen === 'memory') return reportQuota(memoryStore(), onError);
  if (typeof chosen === 'object') {
    return reportQuota(chosen, onError);
  }
  const factory = (globalThis as { indexedDB?: unknown }).indexedDB;
  if (factory === undefined || factory === null) {
    const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
    if (chosen === 'indexeddb' || inBrowser) unavailable(onError, 'IndexedDB is not available in this environment');
    return reportQuota(memoryStore(), onError);
  }
  const store = indexedDBStore({
    onError,
    name: settings.name,
    openTimeoutMs: settings.openTimeoutMs,
  });
  try {
    await store.ready();
    return reportQuota(store, onError);
  } catch (error) {
    void store.close();
    const cause = (error as { cause?: unknown }).cause ?? error;
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    // A full origin (a tiny quota) fails the open too: say so, it is not a missing IndexedDB.
    if (isQuotaError(error)) unavailable(onError, `IndexedDB is full: it could not even be created (${reason})`, cause, ERROR_CODES.storageQuota);
    else unavailable(onError, `IndexedDB could not be opened (${reason})`, cause);
    return reportQuota(memoryStore(), onError);
  }
}

function unavailable(onError: ErrorHandler, reason: string, cause?: unknown, code: typeof ERROR_CODES.storageUnavailable | typeof ERROR_CODES.storageQuota = ERROR_CODES.storageUnavailable): void {
  const message = `${reason}; using memory instead: queued events will not survive a reload`;
  reportTo(onError, new NudgeKitError(code, message, { cause, details: { fallback: 'memory' } }));
}

/**
 * Wraps a store so that "storage full" on a write rejects with a `NudgeKitError` of code
 * `storage_quota` whatever the adapter, so callers check one thing, and is reported once per
 * episode (again only after a write has succeeded). A full queue (`append`) is not reported
 * here: the delivery queue reports it together with what it does about it. A custom store
 * that throws instead of rejecting rejects here.
 */
function reportQuota(store: Store, onError: ErrorHandler): Store {
  let reported = false;
  const wrapped: Record<string, unknown> = { kind: store.kind, sharedName: store.sharedName };
  for (const method of STORE_METHODS) {
    wrapped[method] = (...args: unknown[]): Promise<unknown> => {
      let pending: Promise<unknown>;
      try {
        pending = (store[method] as (...input: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        pending = Promise.reject(error);
      }
      return pending.then(
        (value) => {
          if (WRITES.includes(method)) reported = false;
          return value;
        },
        (error: unknown) => {
          if (!WRITES.includes(method) || !isQuotaError(error)) throw error;
          const quota = storageError(method, store.kind, error);
          if (!reported && method !== 'append') {
            reported = true;
            reportTo(onError, quota);
          }
          throw quota;
        },
      );
    };
  }
  return wrapped as unknown as Store;
}
