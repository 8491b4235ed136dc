/**
 * One interface for every place NudgeKit keeps data: IndexedDB in browsers, memory,
 * or a file in Node. It has two areas: a small key-value area (profile, session,
 * caps, rules cache, ids) and the delivery queue.
 *
 * Every method may reject (quota, a closed database, a full disk); callers in
 * NudgeKit catch and report. Implementations keep the platform error as `cause`.
 */
export interface Store {
  /** Which adapter this is, for diagnostics. */
  readonly kind: string;
  /**
   * For a store that several tabs share (IndexedDB): its database name. Tabs on the same
   * store keep their profiles in step; a store without one is this tab's alone.
   */
  readonly sharedName?: string | undefined;

  /** Reads one value from the key-value area. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes one value to the key-value area. Values are structured-clonable JSON. */
  set(key: string, value: unknown): Promise<void>;
  /** Deletes one key from the key-value area. */
  delete(key: string): Promise<void>;
  /**
   * Adds `delta` to the count at `key` in one step that no other tab or process can split,
   * and returns the new count. A missing or non-positive value counts as 0; a total of 0 or
   * less deletes the key. Optional: for a store without it, {@link addCount} reads, then writes.
   */
  addCount?(key: string, delta: number): Promise<number>;

  /**
   * Appends records to the end of the queue in one transaction, all or nothing.
   * Each gets a `seq`, strictly increasing in append order across every tab that
   * shares the store.
   */
  append(records: readonly NewQueueRecord[]): Promise<QueueRecord[]>;
  /** The oldest `limit` records, by `seq`. */
  head(limit: number): Promise<QueueRecord[]>;
  /** Replaces records that are already in the queue (e.g. to set a lease); unknown `seq`s are ignored. */
  update(records: readonly QueueRecord[]): Promise<void>;
  /** Removes records by `seq` in one transaction; unknown `seq`s are ignored. */
  remove(seqs: readonly number[]): Promise<void>;
  /** How many records the queue holds and their total size. */
  size(): Promise<{ count: number; bytes: number }>;

  /** Erases both areas. */
  clear(): Promise<void>;
  /** Releases the underlying resources. The store is unusable afterwards. */
  close(): Promise<void>;
}

/** A record as given to {@link Store.append}. */
export interface NewQueueRecord {
  /** The event's messageId. */
  id: string;
  /** The serialised event's size in bytes (UTF-8). */
  bytes: number;
  /** The event, as JSON. */
  event: unknown;
  /** Delivery attempts so far. */
  attempts: number;
  /** Set while one tab is sending this record: the tab's id. */
  leaseOwner?: string;
  /** Epoch ms when the lease runs out and another tab may send the record. */
  leaseUntil?: number;
}

/** A record in the queue. */
export interface QueueRecord extends NewQueueRecord {
  /** Position in the queue; assigned by the store. */
  seq: number;
}

/**
 * The version of the layout of what NudgeKit stores. Bump it with a migration in
 * `migrations.ts` whenever a stored shape changes.
 */
export const SCHEMA_VERSION = 1;

/** Keys NudgeKit uses in the key-value area. One place, so two modules never collide. */
export const STORE_KEYS = {
  schema: 'schema',
  anonymousId: 'anonymousId',
  userId: 'userId',
  traits: 'traits',
  session: 'session',
  consent: 'consent',
  profile: 'profile',
  caps: 'caps',
  rules: 'rules',
  dropped: 'dropped',
  lease: 'lease',
} as const;

/** A stored count: a positive number, else 0. */
export function countOf(value: unknown): number {
  return typeof value === 'number' && value > 0 ? value : 0;
}

/**
 * Adds `delta` to the count at `key`: atomically where the store can ({@link Store.addCount}),
 * else by a read and a write, which two tabs adding at once can interleave.
 */
export async function addCount(store: Store, key: string, delta: number): Promise<number> {
  if (store.addCount) return store.addCount(key, delta);
  const total = Math.max(0, countOf(await store.get(key)) + delta);
  await (total > 0 ? store.set(key, total) : store.delete(key));
  return total;
}
