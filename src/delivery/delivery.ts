import { segmentFormat } from './formats/segment';
import type { Clock } from '../core/clock';
import { uuid } from '../core/ids';
import { ERROR_CODES, NudgeKitError, reportTo, type ErrorHandler } from '../core/errors';
import type { QueueRecord, Store } from '../storage/store';
import { spillStore } from './spill';
import { sendOnHide, type UnloadItem } from './hide-flush';
import { createLeadership } from './leadership';
import { resolveDeliveryOptions, type DeliveryOptions, type FormatMeta } from './options';
import { createPersistQueue } from './queue';
import { asStorageError } from './storage-error';
import { createSender } from './sender';
import { fetchTransport } from './transports/fetch';
import { hasKeepaliveFetch } from './transports/beacon';
import { isOffline, listenToPage } from './unload';
import type { Delivery, DeliveryDeps, DeliveryStats } from './types';
import type { AnalyticsEvent } from '../core/types';
import { disabledDelivery } from './disabled';
import { createUnloadMirror } from './mirror';
import { createBatchSender } from './send-batch';
import { openTabChannel, type TabChannel } from './channel';
import { landLifeboat } from './lifeboat-land';

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
  const { clock, onError, lifeboat } = deps;
  const store = spillStore(deps.store);
  const tabId = deps.tabId ?? uuid();
  const leaseMs = options.timeoutMs + 5000;
  const sender = createSender({ options, clock, format: options.format ?? segmentFormat, transport: options.transport ?? fetchTransport });
  const counters = { sent: 0, retried: 0, failed: 0 };
  // Queue seqs this tab must not send now, with until when: its own requests under way (for as
  // long as they last) and those a closing tab sent (until their lease ends; see channel.ts).
  const inFlight = new Map<number, number>();
  const mirror = createUnloadMirror(MIRROR_BYTES);
  // Ids a keepalive request delivered before their own write finished: removed once written.
  const deliveredEarly = new Set<string>();
  // Ids in a keepalive request not yet answered: `visibilitychange` and `pagehide` both fire on close.
  const sentOnHide = new Set<string>();
  let started = false;
  let stopped = false;
  let draining: Promise<void> | undefined;
  let wanted = false;
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
      lifeboat?.drop(records);
      const early = records.filter((r) => deliveredEarly.delete(r.id));
      if (early.length > 0) queue.remove(early).catch(report);
      if (!sends()) {
        unannounced += records.length;
        if (unannounced >= options.batch.maxEvents) announce();
        return;
      }
      for (const record of records) mirror.remember(record);
      // The queue's own byte count: the mirror is capped far below a batch's maxBytes.
      if (queue.queued() >= options.batch.maxEvents || queue.queuedBytes() >= options.batch.maxBytes) kick();
    },
  });

  const leadership = createLeadership({
    store,
    clock,
    tabId,
    onError,
    leaseMs,
    lockName: deps.lockName,
    onChange(leader) {
      if (leader) kick();
      else mirror.clear();
    },
  });

  const batches = createBatchSender({
    store,
    clock,
    onError,
    options,
    sender,
    queue,
    tabId,
    leaseMs,
    shared,
    // A tab that is not the sender still sends what only it has: its events kept in memory.
    head: (limit) => (leadership.isLeader() ? store.head(limit) : store.ownHead(limit)),
    inFlight,
    mirror,
    counters,
    meta,
    onRetryDue: () => void kick(),
  });

  function shared(): boolean {
    return leadership.mode !== 'solo';
  }

  /** Whether this tab sends: it leads, or it keeps events in memory that no other tab can see. */
  function sends(): boolean {
    return leadership.isLeader() || store.spilled();
  }

  function announce(): void {
    unannounced = 0;
    channel?.post('queued');
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
      if (!started || !sends() || isOffline() || batches.waiting()) return 'paused';
      const records = await batches.nextBatch();
      // Nothing to send while the estimate says otherwise: the store may have lost events behind
      // our back (site data cleared); without a resync stats().queued would count them forever.
      if (records.length === 0) return leadership.isLeader() && queue.queued() > 0 ? queue.resync().then(() => 'empty' as const) : 'empty';
      if ((await batches.sendRecords(records)) === 'paused') return 'paused';
    }
  }

  function onHide(kind: 'hidden' | 'pagehide'): void {
    if (!started || stopped) return;
    sendWhileHiding(kind);
    if (kind === 'pagehide') {
      // Not durable yet, and may never be: kept synchronously (keepalive answers may never come back).
      lifeboat?.board(queue.unpersisted().map((r) => [r.bytes, r.event as AnalyticsEvent]));
      // Let the sending tab know right away, and hand the lock over: another tab can send now, and
      // Chromium keeps no page that holds a Web Lock in the back/forward cache. pageshow takes it back.
      if (unannounced > 0) announce();
      leadership.pause().catch(report);
    }
  }

  function sendWhileHiding(kind: 'hidden' | 'pagehide'): void {
    const items: UnloadItem[] = [];
    if (sends()) {
      // A batch already on its way finishes if the page only goes to the background; it is
      // repeated with keepalive only when the page is really leaving (its fetch dies with it).
      for (const record of mirror.oldest()) if (kind === 'pagehide' || !inFlight.has(record.seq)) items.push(record);
    }
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
        lifeboat?.drop(delivered);
        mirror.forget(written);
        queue.remove(written).catch(report);
      },
      onSettled(settled) {
        for (const item of settled) {
          sentOnHide.delete(item.id);
          if (item.seq !== undefined) inFlight.delete(item.seq);
        }
      },
    });
    const seqs: number[] = [];
    for (const item of sent) {
      sentOnHide.add(item.id);
      if (item.seq !== undefined) inFlight.set(item.seq, Infinity), seqs.push(item.seq);
    }
    // Leased like a normal batch, so the tab that sends next leaves them alone meanwhile.
    // Posted before pagehide lets go of the lock. See channel.ts for why not in the store.
    channel?.post([clock.now() + leaseMs, ...seqs]);
  }

  function tickInterval(): void {
    cancelInterval = clock.setTimeout(() => {
      if (stopped) return;
      if (sends()) kick();
      else if (unannounced > 0) announce();
      tickInterval();
    }, options.batch.intervalMs);
  }

  async function flush(): Promise<void> {
    queue.hurry();
    await queue.whenPersisted();
    await leadership.settled();
    if (started && sends()) await kick();
    else if (unannounced > 0) announce();
  }

  return {
    enabled: true,
    tabId,
    async start() {
      if (started || stopped) return;
      started = true;
      await queue.restore().catch(report);
      if (lifeboat) await landLifeboat(lifeboat, store, queue, deps.rekey ?? (() => {})).catch(report);
      leadership.start();
      if (shared()) {
        channel = openTabChannel(
          deps.lockName ?? 'nudgekit-delivery',
          () => void (leadership.isLeader() && kick()),
          // Another tab's clock: no further ahead than one lease from now (see lease-time.ts).
          (until, seqs) => seqs.forEach((seq) => inFlight.set(seq, Math.min(until, clock.now() + leaseMs))),
        );
      }
      removeListeners = listenToPage(
        {
          onHide,
          onShow: () => leadership.start(),
          onOnline() {
            batches.online();
            kick();
          },
        },
        report,
      );
      tickInterval();
      if (sends()) kick();
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
      batches.reset();
      removeListeners();
      channel?.close();
      queue.stop();
      await leadership.stop().catch(report);
    },
    async purge() {
      lifeboat?.clear();
      batches.reset();
      mirror.clear();
      await queue.purge().catch(report);
    },
    stats(): DeliveryStats {
      return { queued: queue.queued(), sent: counters.sent, dropped: queue.dropped(), retried: counters.retried, failed: counters.failed };
    },
    whenPersisted: () => queue.whenPersisted(),
    countDropped: (n) => queue.countDropped(n),
  };
}
