/**
 * A bounded map that evicts the least recently touched key: per-event-name counters and the
 * per-rule nudge history. `Map` keeps insertion order, so re-inserting on touch makes the
 * first key the oldest; touching the newest key again costs nothing.
 *
 * @packageDocumentation
 */

/** A bounded least-recently-used map with a plain-object view for rule conditions. */
export interface Lru<T> {
  /** The entry for `key`, marked most recent, or `undefined`. */
  touch(key: string): T | undefined;
  /** Adds an entry as most recent, evicting the oldest past the limit. */
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
  const map = new Map<string, T>();
  let view: Record<string, T> = Object.create(null) as Record<string, T>;
  let newest: string | undefined;
  return {
    touch(key) {
      const value = map.get(key);
      if (value !== undefined && key !== newest) {
        map.delete(key);
        map.set(key, value);
        newest = key;
      }
      return value;
    },
    insert(key, value) {
      map.delete(key);
      map.set(key, value);
      view[key] = value;
      newest = key;
      if (map.size > max) {
        const oldest = map.keys().next().value as string;
        map.delete(oldest);
        delete view[oldest];
      }
    },
    entries: () => map.entries(),
    get view() {
      return view;
    },
    get size() {
      return map.size;
    },
    clear() {
      map.clear();
      view = Object.create(null) as Record<string, T>;
      newest = undefined;
    },
  };
}
