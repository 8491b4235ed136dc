/**
 * The part of start-up that needs the store, loaded on demand with the storage code (see
 * start.ts): open the store and read what it keeps. (Tab sync stays in the first chunk: it shares
 * its BroadcastChannel wrapper with the sending code, and a chunk of its own would be one more request.)
 */
import { openMigrated } from '../storage/open-migrated';
import type { Runtime } from './runtime';
import { readStoredState, type StoredState } from './stored-state';

/** Opens the store (IndexedDB, else memory), makes it the client's, and reads the stored state. */
export async function openAndRead(rt: Runtime): Promise<StoredState> {
  rt.store = await openMigrated(rt.config.store, rt.onError);
  return readStoredState(rt.store, rt.report, rt.features.storeKeys);
}
