/**
 * The one wrapper around `BroadcastChannel`, for messages between the tabs (or workers) of an
 * origin: feature-detected (old Safari has none), tolerant of opaque origins (a sandboxed
 * iframe throws on construction), never keeping a Node process alive, and never letting a
 * handler's error or a post on a closed channel reach the host page.
 */
export interface Broadcast {
  /** Posts to the other contexts; returns the error when the platform refused it (a message that cannot be cloned, a closed channel). */
  post(message: unknown): unknown;
  close(): void;
}

/**
 * Opens the channel `name`; `onMessage` runs with each message another context posts.
 * `undefined` where there is no usable BroadcastChannel: callers fall back (timers, nothing).
 *
 * @example
 * ```ts
 * const channel = openBroadcast('nudgekit-delivery', (data) => { if (data === 'queued') drain(); });
 * channel?.post('queued');
 * ```
 */
export function openBroadcast(name: string, onMessage: (data: unknown) => void): Broadcast | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(name);
  } catch {
    return undefined;
  }
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = ({ data }: MessageEvent) => {
    try {
      onMessage(data);
    } catch {
      // The handlers are NudgeKit's and report their own failures; nothing may reach the page.
    }
  };
  return {
    post(message) {
      try {
        channel.postMessage(message);
        return undefined;
      } catch (error) {
        return error;
      }
    },
    close() {
      channel.onmessage = null;
      channel.close();
    },
  };
}
