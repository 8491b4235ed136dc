/**
 * Tabs that share one IndexedDB store each keep a profile in memory and save it. Without
 * this, the last tab to save would overwrite what the others counted. So every tab tells
 * the others which events it processed, and each folds them into its own profile.
 *
 * Messages go once per tick, with all the events of that tick, over a BroadcastChannel.
 * Where the platform has none (old Safari), tabs stay independent, as before.
 */
import { ERROR_CODES } from '../core/errors';
import { openBroadcast } from '../core/broadcast';
import type { Report } from '../core/reporter';
import { isEvent } from './event-shape';
import type { AnalyticsEvent } from '../core/types';

export interface TabSync {
  /** Queues an event this tab processed; sent to the other tabs at the end of the tick. */
  publish(event: AnalyticsEvent): void;
  close(): void;
}

interface Message {
  v: 1;
  events: AnalyticsEvent[];
}

function isMessage(data: unknown): data is Message {
  const m = data as Message | null;
  return typeof m === 'object' && m !== null && m.v === 1 && Array.isArray(m.events);
}

/** Opens the channel for the store named `storeName`; `undefined` where there is no BroadcastChannel. */
export function createTabSync(storeName: string, receive: (events: AnalyticsEvent[]) => void, report: Report): TabSync | undefined {
  const channel = openBroadcast(`nudgekit-tabs:${storeName}`, (data) => {
    if (!isMessage(data)) return;
    const events = data.events.filter((event) => isEvent(event));
    if (events.length > 0) receive(events);
  });
  if (!channel) return undefined;
  let pending: AnalyticsEvent[] = [];
  return {
    publish(event) {
      if (pending.length === 0) {
        queueMicrotask(() => {
          const events = pending;
          pending = [];
          const error = channel.post({ v: 1, events } satisfies Message);
          if (error) report(ERROR_CODES.internalError, `could not tell the other tabs about ${events.length} events: ${String(error)}`, {}, error);
        });
      }
      pending.push(event);
    },
    close: () => channel.close(),
  };
}
