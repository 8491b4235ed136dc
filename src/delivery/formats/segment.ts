import type { AnalyticsEvent } from '../../core/types';
import type { FormatMeta, FormattedRequest } from '../options';
import { basicAuth } from './basic-auth';

/**
 * Segment's HTTP Tracking API batch: `POST endpoint` with `{ batch, sentAt, writeKey }` and
 * Basic auth (write key as the user, empty password). Segment, RudderStack and Jitsu accept it
 * unchanged. The write key is also in the body, so the request still authenticates when a
 * beacon cannot carry headers.
 *
 * @example
 * ```ts
 * createNudgeKit({ endpoint: 'https://api.segment.io/v1/batch', writeKey: 'wk_123' }) // the default format
 * ```
 */
export function segmentFormat(events: AnalyticsEvent[], meta: FormatMeta): FormattedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (meta.writeKey !== undefined) headers.authorization = basicAuth(meta.writeKey);
  const body: { batch: AnalyticsEvent[]; sentAt: string; writeKey?: string } = { batch: events, sentAt: meta.sentAt };
  if (meta.writeKey !== undefined) body.writeKey = meta.writeKey;
  return { url: meta.endpoint ?? '', headers, body: JSON.stringify(body) };
}
