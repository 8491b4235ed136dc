/**
 * A bounded map that evicts the least recently touched key: per-event-name counters and the
 * per-rule nudge history. A `Map` keeps insertion order, so it is the recency list itself:
 * touching an entry deletes and re-adds its key, evicting drops the first key. O(1) each,
 * and much less code than a linked list (this ships in the browser bundle).
 *
 * @packageDocumentation
 */

/**
 * A bounded least-recently-used map with a plain-object view for rule conditions.
 *
 * @example
 * ```ts
 * const lru = createLru<{ count: number }>(200);
 * const entry = lru.touch('add_to_cart');
 * if (entry) entry.count++; else lru.insert('add_to_cart', { count: 1 });
 * ```
 */
export interface Lru<T> {
  /** The entry for `key`, marked most recent, or `undefined`. */
  touch(key: string): T | undefined;
  /** Adds an entry as most recent (replacing one with the same key), evicting the oldest past the limit. */
  insert(key: string, value: T): void;
  /** Entries from oldest to newest. */
  entries(): IterableIterator<[string, T]>;
  /** A live null-prototype object keyed by name (read it, do not write it). */
  readonly view: Record<string, T>;
  readonly size: number;
  clear(): void;
}

/**
 * Creates a bounded LRU map holding at most `max` keys.
 *
 * @example
 * ```ts
 * const lru = createLru<number>(2);
 * lru.insert('a', 1); lru.insert('b', 2); lru.insert('c', 3); // 'a' is evicted
 * ```
 */
export function createLru<T>(max: number): Lru<T> {
  const entries = new Map<string, T>(); // oldest first
  // The most recent key: touching it again (a run of the same event) moves nothing.
  let newest: string | undefined;
  // `view` and `size` are data properties kept up to date, not getters: an object literal with
  // getters gets a hidden class of its own, so with a profile per user (the simulator) every
  // read of them would find a different class.
  const lru: { -readonly [K in keyof Lru<T>]: Lru<T>[K] } = {
    touch(key) {
      const value = entries.get(key);
      if (value !== undefined && key !== newest) {
        entries.delete(key);
        entries.set(key, value);
        newest = key;
      }
      return value;
    },
    insert(key, value) {
      entries.delete(key);
      entries.set(key, value);
      newest = key;
      lru.view[key] = value;
      if (entries.size > max) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
        delete lru.view[oldest];
      }
      lru.size = entries.size;
    },
    entries: () => entries.entries(),
    view: Object.create(null) as Record<string, T>,
    size: 0,
    clear() {
      entries.clear();
      newest = undefined;
      lru.view = Object.create(null) as Record<string, T>;
      lru.size = 0;
    },
  };
  return lru;
}
