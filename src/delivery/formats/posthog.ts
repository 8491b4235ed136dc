import type { AnalyticsEvent, JsonObject, JsonValue } from '../../core/types';
import type { FormatMeta, FormattedRequest } from '../options';

/**
 * PostHog's batch API: `POST https://<host>/batch/` with `{ api_key, batch, sent_at }`.
 * `track` keeps its name, `page` becomes `$pageview`, `identify` becomes `$identify` with
 * `$set` traits. `uuid` is the messageId, which PostHog uses to de-duplicate.
 *
 * @example
 * ```ts
 * createNudgeKit({ endpoint: 'https://eu.i.posthog.com/batch/', writeKey: 'phc_…', format: 'posthog' })
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
  const distinctId = event.userId ?? event.anonymousId;
  const properties: JsonObject = {
    distinct_id: distinctId,
    $lib: 'nudgekit',
    $lib_version: event.context.library.version,
    $session_id: event.context.session.id,
  };
  const page = event.context.page;
  if (page) {
    properties.$current_url = page.url;
    properties.$pathname = page.path;
    properties.$referrer = page.referrer;
  }
  if (event.context.droppedEvents !== undefined) properties.dropped_events = event.context.droppedEvents;
  let name: string;
  if (event.type === 'track') {
    name = event.event;
    Object.assign(properties, event.properties);
  } else if (event.type === 'page') {
    name = '$pageview';
    Object.assign(properties, event.properties);
    if (event.name !== null) properties.title = event.name;
  } else {
    name = '$identify';
    properties.$set = event.traits as JsonValue;
    if (event.userId !== null) properties.$anon_distinct_id = event.anonymousId;
  }
  return { event: name, uuid: event.messageId, timestamp: event.timestamp, properties };
}
