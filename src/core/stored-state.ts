/**
 * What the client reads from the store when it starts. A key that cannot be read, or
 * holds something of the wrong shape (another app's data, a hand-edited file, a bug of an
 * older version), is reported as `storage_corrupt` once, deleted and treated as absent:
 * the client starts without it rather than not at all. The profile and the caps are
 * checked in depth, and reported, by their own modules.
 */
import { ERROR_CODES } from './errors';
import { isRecord } from './option-checks';
import { isSessionState, type SessionState } from './session';
import type { Report } from './reporter';
import type { JsonObject } from './types';
import { STORE_KEYS, type Store } from '../storage/store';

/** Each value is `undefined` when it was absent, unreadable or malformed. */
export interface StoredState {
  anonymousId: string | undefined;
  userId: string | undefined;
  traits: JsonObject | undefined;
  session: SessionState | undefined;
  consent: 'granted' | 'denied' | undefined;
  profile: unknown;
  caps: unknown;
  /** Rules last loaded from a server, if any. */
  rules: unknown[] | undefined;
}

const isText = (value: unknown) => typeof value === 'string' && value !== '';

/** The shape each key must have; keys without an entry are checked where they are used. */
const VALID: Record<string, (value: unknown) => boolean> = {
  [STORE_KEYS.anonymousId]: isText,
  [STORE_KEYS.userId]: isText,
  [STORE_KEYS.traits]: isRecord,
  [STORE_KEYS.session]: isSessionState,
  [STORE_KEYS.consent]: (value) => value === 'granted' || value === 'denied',
  [STORE_KEYS.rules]: (value) => isRecord(value) && Array.isArray(value.rules),
};

export async function readStoredState(store: Store, report: Report): Promise<StoredState> {
  const read = async (key: string) => {
    let value: unknown;
    try {
      value = await store.get(key);
    } catch (error) {
      report(ERROR_CODES.storageCorrupt, `could not read "${key}"; starting without it`, { key }, error);
      return undefined;
    }
    if (value === undefined || (VALID[key]?.(value) ?? true)) return value;
    report(ERROR_CODES.storageCorrupt, `stored "${key}" has the wrong shape; dropped`, { key });
    // Deleted so the next start does not report it again; if that fails, it is reported again.
    await store.delete(key).catch(() => undefined);
    return undefined;
  };
  const keys = [STORE_KEYS.anonymousId, STORE_KEYS.userId, STORE_KEYS.traits, STORE_KEYS.session, STORE_KEYS.consent, STORE_KEYS.profile, STORE_KEYS.caps, STORE_KEYS.rules];
  const [anonymousId, userId, traits, session, consent, profile, caps, cachedRules] = await Promise.all(keys.map(read));
  return {
    anonymousId: anonymousId as string | undefined,
    userId: userId as string | undefined,
    traits: traits as JsonObject | undefined,
    session: session as SessionState | undefined,
    consent: consent as StoredState['consent'],
    profile,
    caps,
    rules: (cachedRules as { rules: unknown[] } | undefined)?.rules,
  };
}
