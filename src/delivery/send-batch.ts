import type { Clock } from '../core/clock';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { AnalyticsEvent } from '../core/types';
import type { QueueRecord, Store } from '../storage/store';
import { takeBatch } from './batcher';
import { rejectedReport, retryReport } from './failure-report';
import { leaseHolds } from './lease-time';
import type { UnloadMirror } from './mirror';
import type { FormatMeta, ResolvedDeliveryOptions } from './options';
import type { PersistQueue } from './queue';
import { backoffDelay } from './retry';
import type { Sender } from './sender';
import { isOffline } from './unload';

/** What the batch sender shares with the rest of delivery. */
export interface BatchSenderContext {
  store: Store;
  clock: Clock;
  onError: ErrorHandler;
  options: ResolvedDeliveryOptions;
  sender: Sender;
  queue: PersistQueue;
  tabId: string;
  /** How long a record stays leased to this tab while its batch is out. */
  leaseMs: number;
  /** Whether other tabs share the store (then records are leased before sending). */
  shared: () => boolean;
  /** The oldest `limit` records this tab may send. */
  head: (limit: number) => Promise<QueueRecord[]>;
  /** Queue seqs not to send before the time given: this tab's requests under way (Infinity) and what a closing tab sent. */
  inFlight: Map<number, number>;
  mirror: UnloadMirror;
  counters: { sent: number; retried: number; failed: number };
  meta: (droppedEvents: number, unloading: boolean) => FormatMeta;
  /** A backoff ran out: drain again. */
  onRetryDue: () => void;
}

/** Picks the next batch and settles each request by the retry policy. */
export interface BatchSender {
  nextBatch(): Promise<QueueRecord[]>;
  /** Sends one batch; `'paused'` means stop draining (backoff or offline). */
  sendRecords(records: QueueRecord[]): Promise<'continue' | 'paused'>;
  /** Whether a backoff is running. */
  waiting(): boolean;
  /** The network is back: a backoff caused by network errors ends now (a server's Retry-After does not). */
  online(): void;
  /** Ends any backoff (the queue was purged). */
  reset(): void;
}

/**
 * Creates the part of delivery that talks to the backend: leases, the request, and what each
 * answer does to the queue (remove, split, drop and report, or back off and retry).
 *
 * @example
 * ```ts
 * const batches = createBatchSender(context);
 * const records = await batches.nextBatch();
 * if (records.length) await batches.sendRecords(records);
 * ```
 */
export function createBatchSender(ctx: BatchSenderContext): BatchSender {
  const { store, clock, onError, options, sender, queue, tabId, leaseMs, inFlight, mirror, counters } = ctx;
  let failures = 0;
  let lastFailureWasNetwork = false;
  let backoffUntil = 0;
  let cancelRetry: (() => void) | undefined;

  /** The oldest records no one else is sending, cut to one batch. Corrupt records are dropped. */
  async function nextBatch(): Promise<QueueRecord[]> {
    const now = clock.now();
    let limit = options.batch.maxEvents;
    let free: QueueRecord[] = [];
    for (let round = 0; round < 4; round++) {
      const head = await ctx.head(limit);
      free = [];
      const corrupt: QueueRecord[] = [];
      for (const record of head) {
        if (typeof record.event !== 'object' || record.event === null) corrupt.push(record);
        // (An undefined end compares as false: not in flight. Another tab's ends are clamped to a lease on arrival.)
        else if (inFlight.get(record.seq)! > now) continue;
        else if (record.leaseOwner !== tabId && leaseHolds(record.leaseUntil, now, leaseMs)) continue;
        else free.push(record);
      }
      if (corrupt.length > 0) {
        await queue.remove(corrupt);
        reportTo(onError, new NudgeKitError(ERROR_CODES.storageCorrupt, `Dropped ${corrupt.length} unreadable queue record(s)`, { details: { count: corrupt.length } }));
      }
      if (free.length >= options.batch.maxEvents || head.length < limit) break;
      limit *= 4;
    }
    for (const record of free) mirror.remember(record);
    return takeBatch(free, options.batch);
  }

  /** Sends one batch and settles it. 'paused' means: stop draining (backoff, offline, shut down). */
  async function sendRecords(records: QueueRecord[]): Promise<'continue' | 'paused'> {
    for (const record of records) inFlight.set(record.seq, Infinity);
    const shared = ctx.shared();
    let outcome;
    let dropped = 0;
    try {
      // Read from the store when tabs share it: a tab that only appends may have dropped some.
      dropped = await queue.droppedPending(shared);
      if (shared) {
        // Per-record leases: a tab that takes over leadership skips these until the lease ends.
        const until = clock.now() + leaseMs;
        await store.update(records.map((r) => ({ ...r, leaseOwner: tabId, leaseUntil: until })));
      }
      const events = records.map((r) => r.event as AnalyticsEvent);
      if (dropped > 0) events[0] = { ...events[0]!, context: { ...events[0]!.context, droppedEvents: dropped } };
      outcome = await sender.send(events, ctx.meta(dropped, false));
    } finally {
      for (const record of records) inFlight.delete(record.seq);
    }
    const n = records.length;
    if (outcome.verdict === 'ok') {
      failures = 0;
      await queue.remove(records);
      mirror.forget(records);
      counters.sent += n;
      if (dropped > 0) await queue.acknowledgeDropped(dropped);
      return 'continue';
    }
    if (outcome.verdict === 'split' && n > 1) {
      const half = Math.ceil(n / 2);
      if ((await sendRecords(records.slice(0, half))) === 'paused') return 'paused';
      return sendRecords(records.slice(half));
    }
    if (outcome.verdict === 'split' || outcome.verdict === 'reject') {
      await queue.remove(records);
      mirror.forget(records);
      counters.failed += n;
      reportTo(onError, rejectedReport(outcome, records.map((r) => r.id)));
      return 'continue';
    }
    // Transient failure, or a redirect not followed (kept, like one). Offline: wait for `online`,
    // without counting it as a failed attempt.
    const offline = isOffline();
    // A lease that ran out long ago: any tab that leads may send the records again.
    await store.update(records.map((r) => ({ ...r, leaseUntil: 0, attempts: offline ? r.attempts : r.attempts + 1 })));
    if (offline) return 'paused';
    failures++;
    counters.retried += n;
    lastFailureWasNetwork = outcome.verdict === 'retry' && outcome.status === 0;
    const delay = outcome.retryAfterMs ?? backoffDelay(failures, options.retry);
    backoffUntil = clock.now() + delay;
    cancelRetry?.();
    cancelRetry = clock.setTimeout(() => {
      cancelRetry = undefined;
      ctx.onRetryDue();
    }, delay);
    reportTo(onError, retryReport(outcome, { count: n, attempt: failures, retryInMs: delay }));
    return 'paused';
  }

  return {
    nextBatch,
    sendRecords,
    waiting: () => clock.now() < backoffUntil,
    online() {
      if (lastFailureWasNetwork) backoffUntil = 0;
    },
    reset() {
      cancelRetry?.();
      cancelRetry = undefined;
      backoffUntil = 0;
    },
  };
}
