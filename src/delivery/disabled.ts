import type { Delivery } from './types';

/**
 * The delivery used when no endpoint, format function or transport is configured: events only
 * feed the profile and the rules. It keeps nothing and sends nothing, so a tracking-free setup
 * never fills storage with a queue no one will drain.
 *
 * @example
 * ```ts
 * createDelivery({ store, clock, onError, options: {} }).enabled; // false
 * ```
 */
export function disabledDelivery(): Delivery {
  const done = () => Promise.resolve();
  return {
    enabled: false,
    tabId: '',
    start: done,
    enqueue() {},
    flush: done,
    shutdown: done,
    purge: done,
    stats: () => ({ queued: 0, sent: 0, dropped: 0, retried: 0, failed: 0 }),
    whenPersisted: done,
    countDropped() {},
  };
}
