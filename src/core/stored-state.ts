/**
 * What the client reads from the store when it starts. A key that cannot be read is
 * reported and treated as absent: the client starts without it rather than not at all.
 */
import { ERROR_CODES } from './errors';
import { isSessionState, type SessionState } from './session';
import type { Report } from './reporter';
import { STORE_KEYS, type Store } from '../storage/store';

export interface StoredState {
  anonymousId: unknown;
  userId: unknown;
  traits: unknown;
  session: SessionState | undefined;
  consent: unknown;
  profile: unknown;
  caps: unknown;
  /** Rules last loaded from a server, if any. */
  rules: unknown;
}

export async function readStoredState(store: Store, report: Report): Promise<StoredState> {
  const read = async (key: string) => {
    try {
      return await store.get(key);
    } catch (error) {
      report(ERROR_CODES.storageCorrupt, `could not read "${key}"; starting without it`, { key }, error);
      return undefined;
    }
  };
  const keys = [STORE_KEYS.anonymousId, STORE_KEYS.userId, STORE_KEYS.traits, STORE_KEYS.session, STORE_KEYS.consent, STORE_KEYS.profile, STORE_KEYS.caps, STORE_KEYS.rules];
  const [anonymousId, userId, traits, session, consent, profile, caps, cachedRules] = await Promise.all(keys.map(read));
  return {
    anonymousId,
    userId,
    traits,
    session: isSessionState(session) ? session : undefined,
    consent,
    profile,
    caps,
    rules: (cachedRules as { rules?: unknown } | undefined)?.rules,
  };
}
