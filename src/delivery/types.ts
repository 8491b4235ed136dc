import type { Clock } from '../core/clock';
import type { ErrorHandler } from '../core/errors';
import type { AnalyticsEvent } from '../core/types';
import type { Store } from '../storage/store';
import type { DeliveryOptions } from './options';
import type { Lifeboat } from './lifeboat';

/**
 * Counters since this instance started.
 *
 * @example
 * ```ts
 * const { queued, sent, dropped }: DeliveryStats = delivery.stats();
 * ```
 */
export interface DeliveryStats {
  /** Events waiting, as far as this tab knows (its buffer plus the store's count at the last look). */
  queued: number;
  /** Events the backend accepted (2xx). */
  sent: number;
  /** Events this tab dropped because the queue was full. */
  dropped: number;
  /** Events whose batch failed transiently and was scheduled again. */
  retried: number;
  /** Events the backend rejected for good (4xx), now dropped. */
  failed: number;
}

/**
 * The delivery pipeline the client drives.
 *
 * @example
 * ```ts
 * const delivery = createDelivery({ store, clock, onError, options: { endpoint } });
 * await delivery.start();
 * delivery.enqueue(event, bytes);
 * await delivery.shutdown();
 * ```
 */
export interface Delivery {
  /** `false` when nothing is configured to send to: then nothing is kept or sent. */
  readonly enabled: boolean;
  /** This tab's id (in record leases). */
  readonly tabId: string;
  /** Restores what is queued, competes for leadership, starts the interval and page listeners, sends leftovers. */
  start(): Promise<void>;
  /** Queues an event. Synchronous, O(1), never throws; persisted with the rest of this tick in one transaction. */
  enqueue(event: AnalyticsEvent, bytes: number): void;
  /** Sends everything queued now. Resolves when the queue is empty or sending failed and a retry is scheduled. */
  flush(): Promise<void>;
  /** Flushes, then stops timers, removes listeners and releases the lock or lease. */
  shutdown(): Promise<void>;
  /** Deletes everything queued (consent denied, `forget()`). */
  purge(): Promise<void>;
  /** Counters. */
  stats(): DeliveryStats;
  /** Resolves when every event enqueued so far is in the store (or was dropped by the cap). */
  whenPersisted(): Promise<void>;
  /** Adds `n` events lost before they reached the queue (already reported) to the count the backend gets as `droppedEvents`. */
  countDropped(n: number): void;
}

/**
 * What `createDelivery` needs from the client.
 *
 * @example
 * ```ts
 * const deps: DeliveryDeps = { store: memoryStore(), clock: systemClock, onError: console.warn, options: { endpoint: '/collect' } };
 * ```
 */
export interface DeliveryDeps {
  store: Store;
  clock: Clock;
  onError: ErrorHandler;
  options: DeliveryOptions;
  /** This tab's id, written into record leases. Default: a random id. */
  tabId?: string;
  /** Web Locks name; give two NudgeKit instances with different stores on one origin different names. */
  lockName?: string;
  /** Where `pagehide` keeps what is not durable yet; emptied into the queue by `start()`. */
  lifeboat?: Lifeboat | undefined;
  /** Called on the events `start()` takes from the lifeboat, before they are queued. */
  rekey?: (events: AnalyticsEvent[]) => void;
}
