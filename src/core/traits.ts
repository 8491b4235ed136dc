/**
 * Bounded trait merging, shared by the identity (what `user()` returns and the store keeps)
 * and the profile, so that a stream of identify calls with ever new keys cannot grow either.
 */
import type { JsonObject } from './types';

/** Most trait keys kept. */
export const MAX_TRAIT_KEYS = 100;
/** Most bytes of JSON the kept traits take. */
export const MAX_TRAIT_BYTES = 4096;

/**
 * Shallow merge within `maxKeys` keys and `maxBytes` of JSON; a key that would pass either is
 * left out (a key already held keeps its old value) and returned. A `__proto__` trait becomes
 * an own property instead of replacing the prototype. At most maxKeys JSON.stringify calls of
 * at most maxBytes each: identify events are rare.
 */
export function mergeTraits(target: JsonObject, traits: JsonObject, maxKeys: number, maxBytes: number): string[] {
  const dropped: string[] = [];
  for (const key of Object.keys(traits)) {
    const held = Object.getOwnPropertyDescriptor(target, key);
    if (!held && Object.keys(target).length >= maxKeys) dropped.push(key);
    else {
      Object.defineProperty(target, key, { value: traits[key], enumerable: true, writable: true, configurable: true });
      if (JSON.stringify(target).length > maxBytes) {
        dropped.push(key);
        if (held) Object.defineProperty(target, key, held);
        else delete target[key];
      }
    }
  }
  return dropped;
}
