import type { AnalyticsEvent } from '../core/types';
import { chunkByBytes } from './batcher';
import type { FormatMeta, Transport, TransportRequest } from './options';
import { classifyStatus } from './retry';
import { sendBeacon } from './transports/beacon';

/** Bytes of keepalive/beacon bodies a page may have in flight: Chromium and Safari allow 64 KiB in total. */
export const UNLOAD_BUDGET_BYTES = 65_536;

/** A record offered to the unload send; `seq` is missing while it is not yet written to the store. */
export interface UnloadItem {
  id: string;
  bytes: number;
  event: unknown;
  seq?: number;
}

/**
 * Sends what it can while the page is hidden or closing: synchronously builds requests of at
 * most 64 KiB in total (the keepalive quota), oldest first, and fires them with `keepalive`
 * (or a beacon when the transport is the built-in one and keepalive fetch is missing). Nothing
 * is removed from the store here: `onDelivered` runs only if the page lives to see a 2xx, and
 * otherwise the next page load sends the same events again (at-least-once; the messageId lets
 * the backend de-duplicate).
 *
 * @returns the items handed to the network.
 * @example
 * ```ts
 * sendOnHide({ items, build, transport, keepalive: true, maxEvents: 50, meta, onDelivered, onSettled });
 * ```
 */
export function sendOnHide(args: {
  items: readonly UnloadItem[];
  build: (events: AnalyticsEvent[], meta: FormatMeta) => TransportRequest | undefined;
  /** The custom transport, or `undefined` for the built-in fetch-keepalive / beacon pair. */
  customTransport: Transport | undefined;
  fetchKeepalive: ((request: TransportRequest) => Promise<{ status: number }>) | undefined;
  maxEvents: number;
  meta: FormatMeta;
  onDelivered: (items: UnloadItem[]) => void;
  onSettled: (items: UnloadItem[]) => void;
}): UnloadItem[] {
  const sent: UnloadItem[] = [];
  let budget = UNLOAD_BUDGET_BYTES;
  const encoder = new TextEncoder();
  for (const chunk of chunkByBytes(args.items, Math.min(budget, 60_000), args.maxEvents)) {
    const request = args.build(
      chunk.map((item) => item.event as AnalyticsEvent),
      args.meta,
    );
    if (!request || typeof request.body !== 'string') break;
    const size = encoder.encode(request.body).length;
    if (size > budget) break;
    budget -= size;
    const send = args.customTransport ?? args.fetchKeepalive;
    if (send) {
      let pending: Promise<{ status: number }>;
      try {
        pending = send({ ...request, keepalive: true });
      } catch {
        break;
      }
      sent.push(...chunk);
      pending
        .then((response) => {
          if (classifyStatus(response.status) === 'ok') args.onDelivered(chunk);
        })
        .catch(() => undefined)
        .finally(() => args.onSettled(chunk))
        .catch(() => undefined);
    } else if (sendBeacon(request.url, request.body)) {
      sent.push(...chunk);
      args.onSettled(chunk);
    } else {
      break;
    }
  }
  return sent;
}
