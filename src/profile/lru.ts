/**
 * A bounded map that evicts the least recently touched key: per-event-name counters and the
 * per-rule nudge history. A `Map` from key to a node of a doubly linked list, oldest first:
 * touching an entry relinks two nodes (no re-hashing), evicting drops the head. O(1) each.
 *
 * @packageDocumentation
 */

interface Node<T> {
  key: string;
  value: T;
  prev: Node<T> | null;
  next: Node<T> | null;
}

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
  const nodes = new Map<string, Node<T>>();
  let view: Record<string, T> = Object.create(null) as Record<string, T>;
  let head: Node<T> | null = null; // oldest
  let tail: Node<T> | null = null; // newest

  function unlink(node: Node<T>): void {
    if (node.prev) node.prev.next = node.next;
    else head = node.next;
    if (node.next) node.next.prev = node.prev;
    else tail = node.prev;
    node.prev = node.next = null;
  }

  function append(node: Node<T>): void {
    node.prev = tail;
    node.next = null;
    if (tail) tail.next = node;
    else head = node;
    tail = node;
  }

  return {
    touch(key) {
      const node = nodes.get(key);
      if (node === undefined) return undefined;
      if (node !== tail) {
        unlink(node);
        append(node);
      }
      return node.value;
    },
    insert(key, value) {
      const existing = nodes.get(key);
      if (existing) unlink(existing);
      const node: Node<T> = { key, value, prev: null, next: null };
      nodes.set(key, node);
      append(node);
      view[key] = value;
      if (nodes.size > max && head) {
        const oldest = head;
        unlink(oldest);
        nodes.delete(oldest.key);
        delete view[oldest.key];
      }
    },
    *entries() {
      for (let node = head; node; node = node.next) yield [node.key, node.value] as [string, T];
    },
    get view() {
      return view;
    },
    get size() {
      return nodes.size;
    },
    clear() {
      nodes.clear();
      view = Object.create(null) as Record<string, T>;
      head = tail = null;
    },
  };
}
