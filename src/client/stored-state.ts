/**
 * What the client reads from the store when it starts. A key that cannot be read, or
 * holds something of the wrong shape (another app's data, a hand-edited file, a bug of an
 * older version), is reported as `storage_corrupt` once, deleted and treated as absent:
 * the client starts without it rather than not at all. The keys features ask for (the
 * profile, the caps, cached rules) are checked in depth, and reported, by the features.
 */
import { ERROR_CODES } from '../core/errors';
import { isRecord } from '../core/option-checks';
import { isSessionState, type SessionState } from './session';
import type { Report } from '../core/reporter';
import type { JsonObject } from '../core/types';
import { STORE_KEYS, type Store } from '../storage/store';

/** Each value is `undefined` when it was absent, unreadable or malformed. */
export interface StoredState {
  anonymousId: string | undefined;
  userId: string | undefined;
  traits: JsonObject | undefined;
  session: SessionState | undefined;
  consent: 'granted' | 'denied' | undefined;
  /** The values of the keys the features asked for. */
  features: Record<string, unknown>;
}

const isText = (value: unknown) => typeof value === 'string' && value !== '';

/** The shape each key must have; keys without an entry are checked where they are used. */
const VALID: Record<string, (value: unknown) => boolean> = {
  [STORE_KEYS.anonymousId]: isText,
  [STORE_KEYS.userId]: isText,
  [STORE_KEYS.traits]: isRecord,
  [STORE_KEYS.session]: isSessionState,
  [STORE_KEYS.consent]: (value) => value === 'granted' || value === 'denied',
};

export async function readStoredState(store: Store, report: Report, featureKeys: readonly string[]): Promise<StoredState> {
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
  const keys = [STORE_KEYS.anonymousId, STORE_KEYS.userId, STORE_KEYS.traits, STORE_KEYS.session, STORE_KEYS.consent];
  const [own, extra] = await Promise.all([Promise.all(keys.map(read)), Promise.all(featureKeys.map(read))]);
  const [anonymousId, userId, traits, session, consent] = own;
  const features: Record<string, unknown> = {};
  featureKeys.forEach((key, i) => (features[key] = extra[i]));
  return {
    anonymousId: anonymousId as string | undefined,
    userId: userId as string | undefined,
    traits: traits as JsonObject | undefined,
    session: session as SessionState | undefined,
    consent: consent as StoredState['consent'],
    features,
  };
}
