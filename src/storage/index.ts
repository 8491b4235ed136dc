/**
 * Storage: one {@link Store} interface and its adapters (IndexedDB, memory, a Node
 * file), the choice between them with fallback, and schema migrations.
 *
 * @packageDocumentation
 */
export type { Store, NewQueueRecord, QueueRecord } from './store';
export { SCHEMA_VERSION, STORE_KEYS } from './store';
export { memoryStore } from './memory';
export { indexedDBStore, IDB_VERSION } from './indexeddb';
export type { IndexedDBStore, IndexedDBStoreOptions } from './indexeddb';
export { openStore, validateStoreOption } from './open-store';
export type { OpenStoreOptions, StoreOption } from './open-store';
export { migrate, MIGRATIONS } from './migrations';
export type { Migration, MigrateOptions } from './migrations';
export { isQuotaError } from './record';
export { isQueueRecord } from './disk-records';
