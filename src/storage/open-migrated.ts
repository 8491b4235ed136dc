/**
 * What start-up loads on demand before it reads stored state: the adapter choice (IndexedDB and
 * its layout, the idb package) and the schema migrations. Kept out of the client's first chunk,
 * since a page can track before any of it has arrived: its calls wait in the consent gate.
 */
import type { ErrorHandler } from '../core/errors';
import { migrate } from './migrations';
import { openStore, type StoreOption } from './open-store';
import type { Store } from './store';

/** {@link openStore}, then {@link migrate}; never rejects. */
export async function openMigrated(option: StoreOption | undefined, onError: ErrorHandler): Promise<Store> {
  const store = await openStore(option, onError);
  await migrate(store, onError);
  return store;
}
