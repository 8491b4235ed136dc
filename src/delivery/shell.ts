/**
 * Delivery as the client holds it from its first line: a thin shell in front of the engine
 * (`delivery.ts`: the persisted queue, batches, retries, leadership, transports, sending on
 * hide), which is a chunk of its own, loaded at start-up. The client sends nothing before start-up
 * is done (its calls wait in the consent gate meanwhile), so a page does not wait for that code
 * to track; it waits only to send.
 *
 * Until the engine is there the shell keeps what it is given: events in memory (and in the
 * lifeboat on `pagehide`, which never waits for a chunk), drops to count, a purge. If the chunk
 * cannot load (offline, a CSP), that is reported as `chunk_load_failed` and the events stay kept
 * that way; a later `flush()` tries again.
 */
import { ERROR_CODES, NudgeKitError, reportTo } from '../core/errors';
import type { Report } from '../core/reporter';
import { uuid } from '../core/ids';
import { loadPart } from '../core/load-part';
import type { Boarded } from './lifeboat';
import { disabledDelivery } from './disabled';
import { resolveDeliveryOptions } from './options';
import type { Delivery, DeliveryDeps } from './types';

/** {@link Delivery}, whose engine can be asked for early. */
export interface DeliveryShell extends Delivery {
  /** Starts loading the engine (start-up does, so that it arrives with the store). */
  preload(): void;
}

/**
 * Creates delivery for the client: inert without an endpoint, a format function or a transport,
 * else a shell that loads the engine on {@link DeliveryShell.preload} or `start()`.
 *
 * @example
 * ```ts
 * const delivery = createDeliveryShell({ store, clock, onError, options: { endpoint: '/v1/batch' }, lifeboat });
 * await delivery.start(); // loads the engine, then starts it
 * ```
 */
export function createDeliveryShell(deps: DeliveryDeps): DeliveryShell {
  const options = resolveDeliveryOptions(deps.options);
  if (!options.enabled) return { ...disabledDelivery(), preload() {} };
  const { lifeboat } = deps;
  const tabId = deps.tabId ?? uuid();
  const report: Report = (code, message, details = {}, cause) => reportTo(deps.onError, new NudgeKitError(code, message, { details, cause }));
  let engine: Delivery | undefined;
  let loading: Promise<Delivery | undefined> | undefined;
  let starting: Promise<void> | undefined;
  let started = false;
  let stopped = false;
  // Before the engine: events given to it, and drops (the consent gate's, and this buffer's own).
  let waiting: Boarded[] = [];
  let uncounted = 0;
  let dropped = 0;

  if (typeof window !== 'undefined' && window.addEventListener) {
    window.addEventListener('pagehide', () => engine || lifeboat?.board(waiting));
  }

  function load(): Promise<Delivery | undefined> {
    loading ??= loadPart(() => import('./delivery'), 'delivery', report, 'events are kept until it loads').then((mod) => {
      if (!mod) return (loading = undefined);
      engine ??= mod.createDelivery({ ...deps, tabId });
      for (const [bytes, event] of waiting.splice(0)) engine.enqueue(event, bytes);
      if (uncounted > 0) engine.countDropped(uncounted);
      uncounted = 0;
      return engine;
    });
    return loading;
  }

  /** The engine, loaded and (once the client has started delivery) started. */
  async function running(): Promise<Delivery | undefined> {
    const loaded = await load();
    if (loaded && started && !stopped) await (starting ??= loaded.start());
    return loaded;
  }

  return {
    enabled: true,
    tabId,
    preload: () => void load(),
    async start() {
      if (started || stopped) return;
      started = true;
      await running();
    },
    enqueue(event, bytes) {
      if (engine) return engine.enqueue(event, bytes);
      if (stopped) return report(ERROR_CODES.shutDown, 'Delivery is shut down; the event was not queued', { messageId: event.messageId });
      waiting.push([bytes, event]);
      if (waiting.length > options.queue.maxEvents) {
        waiting.shift();
        dropped++;
        uncounted++;
        // Once: stats().dropped and the backend's droppedEvents count every one.
        if (dropped === 1) report(ERROR_CODES.queueOverflow, `The delivery queue is full: over ${options.queue.maxEvents} events wait for the sending code; the oldest are dropped`, { maxEvents: options.queue.maxEvents });
      }
    },
    async flush() {
      if (started && !stopped) await running();
      await engine?.flush();
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      const loaded = engine ?? (await loading);
      if (loaded) return loaded.shutdown();
      // The engine never came: the next page load sends these.
      lifeboat?.board(waiting);
      waiting = [];
    },
    async purge() {
      waiting = [];
      const loaded = engine ?? (await load());
      if (loaded) return loaded.purge();
      lifeboat?.clear();
      // Earlier pages' events are in the store: they go too.
      const records = await deps.store.head(Number.MAX_SAFE_INTEGER).catch(() => []);
      await deps.store.remove(records.map((r) => r.seq)).catch(() => undefined);
    },
    stats: () => engine?.stats() ?? { queued: waiting.length, sent: 0, dropped, retried: 0, failed: 0 },
    async whenPersisted() {
      await loading;
      await engine?.whenPersisted();
    },
    countDropped(n) {
      if (engine) engine.countDropped(n);
      else uncounted += n;
    },
  };
}
