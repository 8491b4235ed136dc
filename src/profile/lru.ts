/**
 * A bounded map that evicts the least recently touched key: per-event-name counters and the
 * per-rule nudge history. Each entry keeps the tick it was last touched: a touch is O(1) and
 * moves nothing; making room scans the (at most `max`) entries for the oldest, which happens
 * only when a new key arrives at a full map; listing sorts them. Much less code than a
 * linked list (this ships in the browser bundle).
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
  // Each entry with the tick it was last touched: a touch writes a number rather than moving
  // the key to the end of the Map (a delete and a set on nearly every event). The oldest is
  // found by a scan only when a new key arrives at a full map.
  const entries = new Map<string, { value: T; at: number }>();
  let tick = 0;
  // `view` and `size` are data properties kept up to date, not getters: an object literal with
  // getters gets a hidden class of its own, so with a profile per user (the simulator) every
  // read of them would find a different class.
  const lru: { -readonly [K in keyof Lru<T>]: Lru<T>[K] } = {
    touch(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entry.at = ++tick;
      return entry.value;
    },
    insert(key, value) {
      const entry = entries.get(key);
      if (entry) {
        entry.value = value;
        entry.at = ++tick;
      } else entries.set(key, { value, at: ++tick });
      lru.view[key] = value;
      if (entries.size > max) {
        let oldest = '';
        let least = Infinity;
        for (const [name, { at }] of entries) {
          if (at < least) {
            least = at;
            oldest = name;
          }
        }
        entries.delete(oldest);
        delete lru.view[oldest];
      }
      lru.size = entries.size;
    },
    entries: () => [...entries].sort((a, b) => a[1].at - b[1].at).map(([name, { value }]): [string, T] => [name, value]).values(),
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
