import type { Clock } from '../core/clock';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { AnalyticsEvent } from '../core/types';
import { isQuotaError } from '../storage/record';
import { addCount, countOf, STORE_KEYS, type NewQueueRecord, type QueueRecord } from '../storage/store';
import type { SpillStore } from './spill';
import { asStorageError } from './storage-error';

/** Failed appends in a row after which this tab keeps its new events in memory instead. */
const SPILL_AFTER = 3;

/** The persisted queue as delivery sees it: tick-grouped writes, caps, and a drop counter. */
export interface PersistQueue {
  /** Buffers the event; all events of one tick go to the store in one `append`. O(1), never throws. */
  enqueue(event: AnalyticsEvent, bytes: number): void;
  /** Resolves once everything enqueued so far is in the store (or was dropped by the cap). */
  whenPersisted(): Promise<void>;
  /** Someone waits for the buffer: retry failed writes at once (after a few, the events move to memory). */
  hurry(): void;
  /** Records not yet confirmed written (buffered or being written): what unload must carry itself. */
  unpersisted(): NewQueueRecord[];
  /** Removes delivered or rejected records and keeps the size estimate in step. */
  remove(records: readonly QueueRecord[]): Promise<void>;
  /** Re-reads the real size (other tabs append and remove too). */
  refreshSize(): Promise<void>;
  /**
   * Re-reads the real size unless a write or a removal changes the estimate meanwhile: for the
   * sender when it finds nothing to send, so `queued()` cannot keep counting events that left
   * the store behind its back (site data cleared, a database closed by the browser).
   */
  resync(): Promise<void>;
  /** Events dropped by the cap, not yet reported in an accepted batch; `fromStore`: as stored, other tabs' drops included. */
  droppedPending(fromStore: boolean): Promise<number>;
  /** Adds `n` events lost before they reached the queue (reported by the caller) to the count the backend gets. */
  countDropped(n: number): void;
  /** A batch that carried `count` dropped events was accepted: take them off the counter. */
  acknowledgeDropped(count: number): Promise<void>;
  /** Loads the counters from the store. */
  restore(): Promise<void>;
  /** Forgets the buffer and empties the queue (consent denied, `forget()`). */
  purge(): Promise<void>;
  /** Stops retrying failed writes. */
  stop(): void;
  /** Queued events as far as this tab knows (store estimate plus buffer). */
  queued(): number;
  /** Their size in bytes, the same way. */
  queuedBytes(): number;
  /** Events this tab dropped because of the cap. */
  dropped(): number;
}

/**
 * Creates the persisted queue.
 *
 * @example
 * ```ts
 * const queue = createPersistQueue({ store, clock, onError, caps: { maxEvents: 10_000, maxBytes: 5_242_880 }, onPersisted });
 * queue.enqueue(event, bytes);
 * await queue.whenPersisted();
 * ```
 */
export function createPersistQueue(deps: {
  store: SpillStore;
  clock: Clock;
  onError: ErrorHandler;
  caps: { maxEvents: number; maxBytes: number };
  onPersisted: (records: QueueRecord[]) => void;
}): PersistQueue {
  const { store, clock, onError, caps } = deps;
  let buffer: NewQueueRecord[] = [];
  let bufferBytes = 0;
  let writing: NewQueueRecord[] = [];
  let scheduled = false;
  let current: Promise<void> = Promise.resolve();
  let running = false;
  let stopped = false;
  let writeFailures = 0;
  // Someone waits (flush, shutdown): retry a failed write at once instead of backing off.
  let urgent = false;
  let cancelRetry: (() => void) | undefined;
  // Estimates of the store's size; corrected by refreshSize() before any drop.
  let count = 0;
  let bytes = 0;
  // Bumped whenever the estimate changes here: a resync() that raced one keeps the estimate.
  let changes = 0;
  let droppedHere = 0;
  let droppedShared = 0;
  // Drops not yet reported nor added to the stored count; one report and one update per tick.
  let unsaved = 0;
  // The stored count is read-modify-written: one chain, so no update overwrites another.
  let counter: Promise<void> = Promise.resolve();
  // whenPersisted(): events are settled in order, so two counters are enough.
  let enqueued = 0;
  let settled = 0;
  let waiters: { target: number; resolve: () => void }[] = [];

  function settle(n: number): void {
    settled += n;
    if (waiters.length === 0) return;
    const still: typeof waiters = [];
    for (const waiter of waiters) (settled >= waiter.target ? waiter.resolve() : still.push(waiter));
    waiters = still;
  }

  function schedule(): void {
    if (scheduled || running || stopped) return;
    scheduled = true;
    // A microtask: every enqueue of the current tick lands in the same append.
    current = Promise.resolve()
      .then(write)
      .catch((error: unknown) => reportTo(onError, asStorageError(error, 'write the delivery queue')));
  }

  async function write(): Promise<void> {
    scheduled = false;
    if (running || stopped || buffer.length === 0) return;
    running = true;
    writing = buffer;
    buffer = [];
    bufferBytes = 0;
    let added: QueueRecord[];
    try {
      added = await store.append(writing);
    } catch (error) {
      // Keep the events (oldest first); the buffer obeys the caps meanwhile.
      buffer = writing.concat(buffer);
      for (const record of writing) bufferBytes += record.bytes;
      writing = [];
      running = false;
      capBuffer();
      writeFailures++;
      // Memory takes every event the client queues (they are JSON), so after spilling this is
      // only ever the backoff path.
      if (!store.spilled() && (isQuotaError(error) || writeFailures >= SPILL_AFTER)) {
        // The store keeps failing: the events would wait for a write that never succeeds, and
        // flush() with them. In memory they are still sent while the page is open.
        store.spill();
        reportTo(onError, new NudgeKitError(isQuotaError(error) ? ERROR_CODES.storageQuota : ERROR_CODES.storageUnavailable, 'Storage failed: new events are kept in memory for this page', { cause: error, details: { fallback: 'memory' } }));
        return schedule();
      }
      reportTo(onError, asStorageError(error, 'write the delivery queue'));
      if (urgent) return schedule();
      const delay = Math.min(30_000, 500 * 2 ** Math.min(writeFailures, 6));
      cancelRetry = clock.setTimeout(() => {
        cancelRetry = undefined;
        schedule();
      }, delay);
      return;
    }
    const n = writing.length;
    writing = [];
    writeFailures = 0;
    urgent = false;
    changes++;
    for (const record of added) {
      count++;
      bytes += record.bytes;
    }
    settle(n);
    try {
      deps.onPersisted(added);
      if (count > caps.maxEvents || bytes > caps.maxBytes) await trim();
    } catch (error) {
      reportTo(onError, asStorageError(error, 'apply the queue cap'));
    } finally {
      running = false;
    }
    if (buffer.length > 0) schedule();
  }

  function capBuffer(): void {
    let extra = 0;
    while (buffer.length > 0 && (buffer.length > caps.maxEvents || bufferBytes > caps.maxBytes)) {
      bufferBytes -= buffer.shift()!.bytes;
      extra++;
    }
    if (extra > 0) {
      settle(extra);
      noteDropped(extra);
    }
  }

  function noteDropped(n: number): void {
    droppedHere += n;
    droppedShared += n;
    if (unsaved === 0) {
      // Linked now, run later: every drop of this tick is in `unsaved` by then.
      void chain(() => {
        const total = unsaved;
        unsaved = 0;
        reportTo(onError, new NudgeKitError(ERROR_CODES.queueOverflow, `The delivery queue is full: dropped the ${total} oldest event(s)`, { details: { dropped: total } }));
        return addDropped(total);
      });
    }
    unsaved += n;
  }

  /** Runs `step` after every earlier step on the stored count; a failed step does not stop later ones. */
  function chain(step: () => Promise<void>): Promise<void> {
    const next = counter.then(step);
    counter = next.catch(() => undefined);
    return next;
  }

  /** Adds `delta` to the stored count (shared by the tabs). Runs on the `counter` chain only. */
  async function addDropped(delta: number): Promise<void> {
    try {
      await addCount(store, STORE_KEYS.dropped, delta);
    } catch (error) {
      reportTo(onError, asStorageError(error, 'save the dropped-events count'));
    }
  }

  /** Drops the oldest records until the queue is within both caps. */
  async function trim(): Promise<void> {
    await refreshSize();
    const excess = count - caps.maxEvents;
    if (excess <= 0 && bytes <= caps.maxBytes) return;
    let limit = Math.max(excess, 64);
    let victims: QueueRecord[] = [];
    for (;;) {
      const head = await store.head(limit);
      victims = [];
      let leftCount = count;
      let leftBytes = bytes;
      for (const record of head) {
        if (leftCount <= caps.maxEvents && leftBytes <= caps.maxBytes) break;
        victims.push(record);
        leftCount--;
        leftBytes -= record.bytes;
      }
      const satisfied = leftCount <= caps.maxEvents && leftBytes <= caps.maxBytes;
      if (satisfied || head.length < limit) break;
      limit *= 2;
    }
    if (victims.length === 0) return;
    await remove(victims);
    noteDropped(victims.length);
  }

  async function refreshSize(): Promise<void> {
    const size = await store.size();
    count = size.count;
    bytes = size.bytes;
  }

  async function remove(records: readonly QueueRecord[]): Promise<void> {
    if (records.length === 0) return;
    await store.remove(records.map((r) => r.seq));
    changes++;
    for (const record of records) {
      count = Math.max(0, count - 1);
      bytes = Math.max(0, bytes - record.bytes);
    }
  }

  return {
    enqueue(event, bytes) {
      enqueued++;
      buffer.push({ id: event.messageId, bytes, event, attempts: 0 });
      bufferBytes += bytes;
      if (buffer.length > caps.maxEvents || bufferBytes > caps.maxBytes) capBuffer();
      schedule();
    },
    whenPersisted() {
      if (settled >= enqueued) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ target: enqueued, resolve }));
    },
    hurry() {
      if (settled >= enqueued) return;
      urgent = true;
      cancelRetry?.();
      cancelRetry = undefined;
      schedule();
    },
    unpersisted: () => writing.concat(buffer),
    remove,
    refreshSize,
    async resync() {
      if (running || count === 0) return;
      const before = changes;
      const size = await store.size();
      if (running || changes !== before) return;
      count = size.count;
      bytes = size.bytes;
    },
    async droppedPending(fromStore) {
      // Unreadable: the count this tab knows is still right for its own drops.
      await chain(async () => void (fromStore && (droppedShared = countOf(await store.get(STORE_KEYS.dropped))))).catch(() => undefined);
      return droppedShared;
    },
    countDropped(n) {
      droppedShared += n;
      void chain(() => addDropped(n));
    },
    acknowledgeDropped(n) {
      if (n <= 0) return Promise.resolve();
      droppedShared = Math.max(0, droppedShared - n);
      return chain(() => addDropped(-n));
    },
    async restore() {
      await refreshSize();
      await chain(async () => void (droppedShared = countOf(await store.get(STORE_KEYS.dropped))));
    },
    async purge() {
      const n = buffer.length;
      buffer = [];
      bufferBytes = 0;
      settle(n);
      // A write already under way lands first, so it is purged too.
      await current;
      const all = await store.head(Number.MAX_SAFE_INTEGER);
      await store.remove(all.map((r) => r.seq));
      await chain(() => store.delete(STORE_KEYS.dropped));
      count = 0;
      bytes = 0;
      droppedShared = 0;
    },
    stop() {
      stopped = true;
      cancelRetry?.();
    },
    queued: () => count + buffer.length + writing.length,
    queuedBytes: () => bytes + bufferBytes,
    dropped: () => droppedHere,
  };
}

