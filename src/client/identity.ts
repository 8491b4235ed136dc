/**
 * Who the user is on this device: the persisted anonymous id, the user id from
 * `identify()` and the merged traits. Tracks which of them changed since the last save.
 */
import { MAX_TRAIT_BYTES, MAX_TRAIT_KEYS, mergeTraits } from '../core/traits';
import { STORE_KEYS } from '../storage/store';
import type { JsonObject } from '../core/types';

export interface Identity {
  readonly anonymousId: string;
  readonly userId: string | null;
  readonly traits: JsonObject;
  /** True when no anonymous id was stored yet and a new one was made. */
  readonly isNew: boolean;
  /** Takes the stored values (already checked: `undefined` when absent or malformed); makes an anonymous id if none. */
  restore(saved: { anonymousId?: string | undefined; userId?: string | undefined; traits?: JsonObject | undefined }, newId: () => string): void;
  /** Sets the user id (`null` keeps the current one) and merges traits. */
  identify(userId: string | null, traits: JsonObject): void;
  /** Logout: a new anonymous id, no user id, no traits. */
  reset(newId: () => string): void;
  /** The keys to write since the last call, as `[key, value]`. */
  dirtyEntries(): Array<[string, unknown]>;
}

/* @__NO_SIDE_EFFECTS__ */
export function createIdentity(): Identity {
  const dirty = new Set<string>();
  // Data properties, not getters: an object literal with getters gets a hidden class of its
  // own, and the simulator makes one identity per user and reads it on every event.
  const identity: { -readonly [K in keyof Identity]: Identity[K] } = {
    anonymousId: '',
    userId: null,
    traits: {},
    isNew: false,
    restore(saved, newId) {
      if (saved.anonymousId) identity.anonymousId = saved.anonymousId;
      else {
        identity.anonymousId = newId();
        identity.isNew = true;
        dirty.add(STORE_KEYS.anonymousId);
      }
      if (saved.userId) identity.userId = saved.userId;
      if (saved.traits) identity.traits = saved.traits;
    },
    identify(id, newTraits) {
      if (id !== null && id !== identity.userId) {
        identity.userId = id;
        dirty.add(STORE_KEYS.userId);
      }
      if (Object.keys(newTraits).length > 0) {
        // Past the limits a key is left out here as in the profile, which reports it.
        const merged = { ...identity.traits };
        mergeTraits(merged, newTraits, MAX_TRAIT_KEYS, MAX_TRAIT_BYTES);
        identity.traits = merged;
        dirty.add(STORE_KEYS.traits);
      }
    },
    reset(newId) {
      identity.anonymousId = newId();
      identity.userId = null;
      identity.traits = {};
      dirty.add(STORE_KEYS.anonymousId).add(STORE_KEYS.userId).add(STORE_KEYS.traits);
    },
    dirtyEntries() {
      const values: Record<string, unknown> = {
        [STORE_KEYS.anonymousId]: identity.anonymousId,
        [STORE_KEYS.userId]: identity.userId ?? undefined,
        [STORE_KEYS.traits]: Object.keys(identity.traits).length > 0 ? identity.traits : undefined,
      };
      const out = [...dirty].map((key): [string, unknown] => [key, values[key]]);
      dirty.clear();
      return out;
    },
  };
  return identity;
}
