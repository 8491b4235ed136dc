/**
 * Saving the client's state: the ids, the session and each feature's `save()`, written
 * once per tick whatever the number of events in it, and only with consent.
 */
import { ERROR_CODES } from '../core/errors';
import { STORE_KEYS } from '../storage/store';
import type { Runtime } from './runtime';

export interface Persistence {
  /** Saves at the end of this tick. */
  schedule(): void;
  /** Saves now. */
  now(): Promise<void>;
  /** Writes one key now (deletes it for `undefined`, even without consent); never rejects. */
  write(key: string, value: unknown): Promise<void>;
}

export function createPersistence(rt: Runtime): Persistence {
  let scheduled = false;

  async function write(key: string, value: unknown): Promise<void> {
    // Without consent nothing is stored; deleting (a corrupt record, forgotten state) is always allowed.
    if (rt.consent.state !== 'granted' && value !== undefined) return;
    try {
      if (value === undefined) await rt.store.delete(key);
      else await rt.store.set(key, value);
    } catch (error) {
      rt.report(ERROR_CODES.storageUnavailable, `could not save "${key}": ${String(error)}`, { key }, error);
    }
  }

  async function now(): Promise<void> {
    scheduled = false;
    const entries: Array<[string, unknown]> = [[STORE_KEYS.session, rt.session], ...rt.identity.dirtyEntries(), ...rt.features.save()];
    await Promise.all(entries.map(([key, value]) => write(key, value)));
  }

  return {
    schedule() {
      if (scheduled || rt.consent.state !== 'granted') return;
      scheduled = true;
      Promise.resolve().then(now);
    },
    now,
    write,
  };
}
