/**
 * A nudge between tabs: a tab that only appends tells the sending tab that events are waiting.
 * The sender's own interval timer may be throttled to once a minute in a background tab, while
 * BroadcastChannel messages still arrive at once. Feature-detected; without it the interval works alone.
 */
export interface TabChannel {
  /** Tells the other tabs that events are waiting in the store. */
  announce(): void;
  close(): void;
}

/**
 * Opens the channel; `onQueued` runs in every other tab of the origin when one announces.
 *
 * @example
 * ```ts
 * const channel = openTabChannel('nudgekit-delivery', () => leader && drain());
 * channel.announce();
 * ```
 */
export function openTabChannel(name: string, onQueued: () => void): TabChannel {
  if (typeof BroadcastChannel !== 'function') return { announce() {}, close() {} };
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(name);
  } catch {
    // Opaque origins (sandboxed iframes) throw: fall back to the interval.
    return { announce() {}, close() {} };
  }
  // Node: an open channel must not keep the process alive.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (message: MessageEvent) => {
    if (message.data === 'queued') {
      try {
        onQueued();
      } catch {
        // onQueued is ours (a kick that catches its own errors); never let it reach the host page.
      }
    }
  };
  return {
    announce() {
      try {
        channel.postMessage('queued');
      } catch {
        // A closed channel: nothing to tell.
      }
    },
    close: () => channel.close(),
  };
}
