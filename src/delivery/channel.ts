/**
 * Messages between tabs. A tab that only appends tells the sending tab that events are waiting:
 * the sender's own interval timer may be throttled to once a minute in a background tab, while
 * BroadcastChannel messages still arrive at once. And a sending tab that closes tells the others
 * which records it has just sent with keepalive: a closing page cannot finish writing leases to
 * IndexedDB (that takes round trips it does not live to see), but a message it posts is delivered.
 * Feature-detected; without it the interval works alone.
 */
import { openBroadcast } from '../core/broadcast';

export interface TabChannel {
  /**
   * `'queued'` tells the other tabs that events are waiting in the store; `[until, ...seqs]`
   * tells them not to send those queue seqs before `until` (epoch ms).
   */
  post(message: 'queued' | number[]): void;
  close(): void;
}

/**
 * Opens the channel; in every other tab of the origin, `onQueued` runs when one announces and
 * `onLeased` when one leases.
 *
 * @example
 * ```ts
 * const channel = openTabChannel('nudgekit-delivery', () => leader && drain(), (until, seqs) => skip(seqs, until));
 * channel.post('queued');
 * ```
 */
export function openTabChannel(name: string, onQueued: () => void, onLeased: (until: number, seqs: number[]) => void): TabChannel {
  const channel = openBroadcast(name, (data) => {
    if (data === 'queued') onQueued();
    // [until, ...seqs]; only NudgeKit posts on this channel.
    else if (Array.isArray(data)) onLeased(data[0] as number, data.slice(1) as number[]);
  });
  // Without a channel the interval works alone; a post that fails has nothing to tell.
  return { post: (message) => void channel?.post(message), close: () => channel?.close() };
}
