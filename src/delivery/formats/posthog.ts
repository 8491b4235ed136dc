import type { AnalyticsEvent, JsonObject, JsonValue } from '../../core/types';
import type { FormatMeta, FormattedRequest } from '../options';

/**
 * PostHog's batch API: `POST https://<host>/batch/` with `{ api_key, batch, sent_at }`.
 * `track` keeps its name, `page` becomes `$pageview`, `identify` becomes `$identify` with
 * `$set` traits. `uuid` is the messageId, which PostHog uses to de-duplicate.
 *
 * @example
 * ```ts
 * import { posthogFormat } from 'nudgekit/formats';
 * createNudgeKit({ endpoint: 'https://eu.i.posthog.com/batch/', writeKey: 'phc_…', format: posthogFormat })
 * ```
 */
export function posthogFormat(events: AnalyticsEvent[], meta: FormatMeta): FormattedRequest {
  const batch = events.map(toPosthog);
  return {
    url: meta.endpoint ?? '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: meta.writeKey ?? '', batch, sent_at: meta.sentAt }),
  };
}

function toPosthog(event: AnalyticsEvent): JsonObject {
  const page = event.context.page;
  const dropped = event.context.droppedEvents;
  // The event's own properties first: a property called `distinct_id` or `$lib` must not replace ours.
  const properties: JsonObject = {
    ...(event.type === 'identify' ? { $set: event.traits as JsonValue, ...(event.userId !== null && { $anon_distinct_id: event.anonymousId }) } : event.properties),
    ...(event.type === 'page' && event.name !== null && { title: event.name }),
    ...(page && { $current_url: page.url, $pathname: page.path, $referrer: page.referrer }),
    ...(dropped !== undefined && { dropped_events: dropped }),
    distinct_id: event.userId ?? event.anonymousId,
    $lib: 'nudgekit',
    $lib_version: event.context.library.version,
    $session_id: event.context.session.id,
  };
  const name = event.type === 'track' ? event.event : event.type === 'page' ? '$pageview' : '$identify';
  return { event: name, uuid: event.messageId, timestamp: event.timestamp, properties };
}
