import type { Clock } from '../core/clock';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { AnalyticsEvent } from '../core/types';
import type { QueueRecord, Store } from '../storage/store';
import { takeBatch } from './batcher';
import { resolveFormat } from './formats/index';
import { sendOnHide, type UnloadItem } from './hide-flush';
import { createLeadership } from './leadership';
import { resolveDeliveryOptions, type DeliveryOptions, type FormatMeta } from './options';
import { asStorageError, createPersistQueue } from './queue';
import { backoffDelay } from './retry';
import { createSender } from './sender';
import { fetchTransport } from './transports/fetch';
import { hasKeepaliveFetch } from './transports/beacon';
import { isOffline, listenToPage } from './unload';
import type { Delivery, DeliveryStats } from './types';
import { disabledDelivery } from './disabled';
import { openTabChannel, type TabChannel } from './channel';

/** What `createDelivery` needs from the client. */
export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  onError: ErrorHandler;
  options: DeliveryOptions;
  /** This tab's id, written into record leases. Default: a random id. */
  tabId?: string;
  /** Web Locks name; give two NudgeKit instances with different stores on one origin different names. */
  lockName?: string;
}

/** In-memory copies of the oldest records, kept so unload can send without reading the store. */
const MIRROR_BYTES = 131_072;

/**
 * Creates the delivery pipeline: a persisted queue, batching, retries, one sending tab,
 * unload handling. Without an endpoint, a format function or a transport it is inert.
 *
 * @example
 * ```ts
 * const delivery = createDelivery({ store: memoryStore(), clock: systemClock, onError: console.warn,
 *   options: { endpoint: 'https://api.segment.io/v1/batch', writeKey: 'wk_123' } });
 * await delivery.start();
 * delivery.enqueue(event, JSON.stringify(event).length);
 * await delivery.flush();
 * ```
 */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const options = resolveDeliveryOptions(deps.options);
  if (!options.enabled) return disabledDelivery();
  const { store, clock, onError } = deps;
  const tabId = deps.tabId ?? randomId();
  const leaseMs = options.timeoutMs + 5000;
  const sender = createSender({ options, clock, format: resolveFormat(options.format), transport: options.transport ?? fetchTransport });
  const counters = { sent: 0, retried: 0, failed: 0 };
  const inFlight = new Set<number>();
  const mirror = new Map<number, QueueRecord>();
  let mirrorBytes = 0;
  // Ids a keepalive request delivered before their own write finished: removed once written.
  const deliveredEarly = new Set<string>();
  // Ids in a keepalive request not yet answered: `visibilitychange` and `pagehide` both fire on close.
  const sentOnHide = new Set<string>();
  let started = false;
  let stopped = false;
  let draining: Promise<void> | undefined;
  let wanted = false;
  let failures = 0;
  let lastFailureWasNetwork = false;
  let backoffUntil = 0;
  let cancelRetry: (() => void) | undefined;
  let cancelInterval: (() => void) | undefined;
  let removeListeners: () => void = () => {};
  let channel: TabChannel | undefined;
  // Events this tab wrote since it last told the sending tab about them.
  let unannounced = 0;

  const report = (error: unknown) => reportTo(onError, asStorageError(error, 'deliver events'));

  const queue = createPersistQueue({
    store,
    clock,
    onError,
    caps: options.queue,
    onPersisted(records) {
      const early = records.filter((r) => deliveredEarly.delete(r.id));
      if (early.length > 0) queue.remove(early).catch(report);
      if (!leadership.isLeader()) {
        unannounced += records.length;
        if (unannounced >= options.batch.maxEvents) announce();
        return;
      }
      for (const record of records) remember(record);
      if (queue.queued() >= options.batch.maxEvents || mirrorBytes >= options.batch.maxBytes) kick();
    },
  });

  const leadership = createLeadership({
    store,
    clock,
    tabId,
    onError,
    leaseMs,
    ...(deps.lockName === undefined ? {} : { lockName: deps.lockName }),
    onChange(leader) {
      if (leader) kick();
      else forgetMirror();
    },
  });

  function remember(record: QueueRecord): void {
    if (mirror.has(record.seq) || mirrorBytes + record.bytes > MIRROR_BYTES) return;
    mirror.set(record.seq, record);
    mirrorBytes += record.bytes;
  }
  function forget(records: readonly QueueRecord[]): void {
    for (const record of records) if (mirror.delete(record.seq)) mirrorBytes -= record.bytes;
  }
  function forgetMirror(): void {
    mirror.clear();
    mirrorBytes = 0;
  }

  function announce(): void {
    unannounced = 0;
    channel?.announce();
  }

  function meta(droppedEvents: number, unloading: boolean): FormatMeta {
    return { endpoint: options.endpoint, writeKey: options.writeKey, sentAt: new Date(clock.now()).toISOString(), droppedEvents, unloading };
  }

  /** Starts a drain unless one runs; a running drain is asked to look again when it is done. */
  function kick(): Promise<void> {
    wanted = true;
    if (!draining) draining = drainLoop();
    return draining;
  }

  async function drainLoop(): Promise<void> {
    try {
      // The last `wanted` check and clearing `draining` happen in one synchronous step, so a
      // kick() arriving while the loop winds down is never lost.
      while (wanted) {
        wanted = false;
        if ((await drainOnce()) === 'paused') wanted = false;
      }
    } catch (error) {
      report(error);
    } finally {
      draining = undefined;
    }
  }

  async function drainOnce(): Promise<'empty' | 'paused'> {
    for (;;) {
      if (!started || !leadership.isLeader() || isOffline() || clock.now() < backoffUntil) return 'paused';
      const records = await nextBatch();
      if (records.length === 0) return 'empty';
      if ((await sendRecords(records)) === 'paused') return 'paused';
    }
  }

  /** The oldest records no one else is sending, cut to one batch. Corrupt records are dropped. */
  async function nextBatch(): Promise<QueueRecord[]> {
    const now = clock.now();
    let limit = options.batch.maxEvents;
    let free: QueueRecord[] = [];
    for (let round = 0; round < 4; round++) {
      const head = await store.head(limit);
      free = [];
      const corrupt: QueueRecord[] = [];
      for (const record of head) {
        if (typeof record.event !== 'object' || record.event === null) corrupt.push(record);
        else if (inFlight.has(record.seq)) continue;
        else if (record.leaseOwner !== undefined && record.leaseOwner !== tabId && (record.leaseUntil ?? 0) > now) continue;
        else free.push(record);
      }
      if (corrupt.length > 0) {
        await queue.remove(corrupt);
        reportTo(onError, new NudgeKitError(ERROR_CODES.storageCorrupt, `Dropped ${corrupt.length} unreadable queue record(s)`, { details: { count: corrupt.length } }));
      }
      if (free.length >= options.batch.maxEvents || head.length < limit) break;
      limit *= 4;
    }
    for (const record of free) remember(record);
    return takeBatch(free, options.batch);
  }

  /** Sends one batch and settles it. 'paused' means: stop draining (backoff, offline, shut down). */
  async function sendRecords(records: QueueRecord[]): Promise<'continue' | 'paused'> {
    for (const record of records) inFlight.add(record.seq);
    let outcome;
    const dropped = queue.droppedPending();
    try {
      if (leadership.mode !== 'solo') {
        // Per-record leases: a tab that takes over leadership skips these until the lease ends.
        const until = clock.now() + leaseMs;
        await store.update(records.map((r) => ({ ...r, leaseOwner: tabId, leaseUntil: until })));
      }
      const events = records.map((r) => r.event as AnalyticsEvent);
      if (dropped > 0) events[0] = { ...events[0]!, context: { ...events[0]!.context, droppedEvents: dropped } };
      outcome = await sender.send(events, meta(dropped, false));
    } finally {
      for (const record of records) inFlight.delete(record.seq);
    }
    const n = records.length;
    if (outcome.verdict === 'ok') {
      failures = 0;
      await queue.remove(records);
      forget(records);
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
      forget(records);
      counters.failed += n;
      const messageIds = records.map((r) => r.id);
      reportTo(
        onError,
        new NudgeKitError(ERROR_CODES.deliveryRejected, `The backend rejected ${n} event(s) with status ${outcome.status}; they were dropped`, {
          cause: outcome.error,
          details: { status: outcome.status, count: n, messageIds },
        }),
      );
      return 'continue';
    }
    // Transient failure. Offline: wait for `online`, without counting it as a failed attempt.
    const offline = isOffline();
    await store.update(records.map((r) => unleased(r, offline ? r.attempts : r.attempts + 1)));
    if (offline) return 'paused';
    failures++;
    counters.retried += n;
    lastFailureWasNetwork = outcome.status === 0;
    const delay = outcome.retryAfterMs ?? backoffDelay(failures, options.retry);
    backoffUntil = clock.now() + delay;
    cancelRetry?.();
    cancelRetry = clock.setTimeout(() => {
      cancelRetry = undefined;
      kick();
    }, delay);
    reportTo(
      onError,
      new NudgeKitError(ERROR_CODES.deliveryFailed, `Sending ${n} event(s) failed (status ${outcome.status}); retrying in ${delay} ms`, {
        cause: outcome.error,
        details: { status: outcome.status, count: n, attempt: failures, retryInMs: delay },
      }),
    );
    return 'paused';
  }

  function onHide(kind: 'hidden' | 'pagehide'): void {
    if (!started || stopped) return;
    sendWhileHiding();
    if (kind === 'pagehide') {
      // Let the sending tab know right away, and hand the lock over: another tab can send now, and
      // Chromium keeps no page that holds a Web Lock in the back/forward cache. pageshow takes it back.
      if (unannounced > 0) announce();
      leadership.pause().catch(report);
    }
  }

  function sendWhileHiding(): void {
    const items: UnloadItem[] = [];
    if (leadership.isLeader()) items.push(...[...mirror.values()].sort((a, b) => a.seq - b.seq));
    items.push(...queue.unpersisted());
    const fresh = items.filter((item) => !sentOnHide.has(item.id));
    if (fresh.length === 0) return;
    const sent = sendOnHide({
      items: fresh,
      build: sender.build,
      customTransport: options.transport,
      fetchKeepalive: hasKeepaliveFetch() ? fetchTransport : undefined,
      maxEvents: options.batch.maxEvents,
      meta: meta(0, true),
      onDelivered(delivered) {
        const written = delivered.filter((i): i is QueueRecord => i.seq !== undefined);
        for (const item of delivered) if (item.seq === undefined) deliveredEarly.add(item.id);
        counters.sent += delivered.length;
        forget(written);
        queue.remove(written).catch(report);
      },
      onSettled(settled) {
        for (const item of settled) {
          sentOnHide.delete(item.id);
          if (item.seq !== undefined) inFlight.delete(item.seq);
        }
      },
    });
    for (const item of sent) {
      sentOnHide.add(item.id);
      if (item.seq !== undefined) inFlight.add(item.seq);
    }
  }

  function tickInterval(): void {
    cancelInterval = clock.setTimeout(() => {
      if (stopped) return;
      if (leadership.isLeader()) kick();
      else if (unannounced > 0) announce();
      tickInterval();
    }, options.batch.intervalMs);
  }

  async function flush(): Promise<void> {
    await queue.whenPersisted();
    if (started && leadership.isLeader()) await kick();
    else if (unannounced > 0) announce();
  }

  return {
    enabled: true,
    tabId,
    async start() {
      if (started || stopped) return;
      started = true;
      await queue.restore().catch(report);
      if (leadership.mode !== 'solo') channel = openTabChannel(deps.lockName ?? 'nudgekit-delivery', () => void (leadership.isLeader() && kick()));
      removeListeners = listenToPage(
        {
          onHide,
          onShow: () => leadership.start(),
          onOnline() {
            if (lastFailureWasNetwork) backoffUntil = 0;
            kick();
          },
        },
        report,
      );
      leadership.start();
      tickInterval();
      if (leadership.isLeader()) kick();
    },
    enqueue(event, bytes) {
      if (stopped) {
        reportTo(onError, new NudgeKitError(ERROR_CODES.shutDown, 'Delivery is shut down; the event was not queued', { details: { messageId: event.messageId } }));
        return;
      }
      queue.enqueue(event, bytes);
    },
    flush: () => flush().catch(report),
    async shutdown() {
      if (stopped) return;
      await flush().catch(report);
      stopped = true;
      cancelInterval?.();
      cancelRetry?.();
      removeListeners();
      channel?.close();
      queue.stop();
      await leadership.stop().catch(report);
    },
    async purge() {
      cancelRetry?.();
      backoffUntil = 0;
      forgetMirror();
      await queue.purge().catch(report);
    },
    stats(): DeliveryStats {
      return { queued: queue.queued(), sent: counters.sent, dropped: queue.dropped(), retried: counters.retried, failed: counters.failed };
    },
    whenPersisted: () => queue.whenPersisted(),
  };
}

function unleased(record: QueueRecord, attempts: number): QueueRecord {
  const { leaseOwner: _owner, leaseUntil: _until, ...rest } = record;
  return { ...rest, attempts };
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `tab-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
