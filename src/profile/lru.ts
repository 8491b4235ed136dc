/**
 * A bounded map that evicts the least recently touched key: per-event-name counters and the
 * per-rule nudge history. Each entry carries the number of its last use, so touching one
 * writes a number and leaves the map alone (moving a key to the end of a `Map`, a delete and
 * a set, was most of what recording an event cost). Evicting looks for the smallest number:
 * O(size), and only when a new key arrives at a full map.
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
  const entries = new Map<string, { value: T; used: number }>();
  let uses = 0;
  // `view` and `size` are data properties kept up to date, not getters: an object literal with
  // getters gets a hidden class of its own, so with a profile per user (the simulator) every
  // read of them would find a different class.
  const lru: { -readonly [K in keyof Lru<T>]: Lru<T>[K] } = {
    touch(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entry.used = ++uses;
      return entry.value;
    },
    insert(key, value) {
      entries.delete(key);
      entries.set(key, { value, used: ++uses });
      lru.view[key] = value;
      if (entries.size > max) {
        let oldest = key;
        let least = uses;
        for (const [k, entry] of entries) if (entry.used < least) (oldest = k), (least = entry.used);
        entries.delete(oldest);
        delete lru.view[oldest];
      }
      lru.size = entries.size;
    },
    entries: () => [...entries].sort((a, b) => a[1].used - b[1].used).map(([key, entry]): [string, T] => [key, entry.value]).values(),
    view: Object.create(null) as Record<string, T>,
    size: 0,
    clear() {
      entries.clear();
      lru.view = Object.create(null) as Record<string, T>;
      lru.size = 0;
    },
  };
  return lru;
}
