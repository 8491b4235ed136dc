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
  // The event's own properties first: a property called `distinct_id` or `$lib` must not replace ours.
  const properties: JsonObject = event.type === 'identify' ? {} : { ...event.properties };
  let name = '$identify';
  if (event.type === 'track') name = event.event;
  else if (event.type === 'page') {
    name = '$pageview';
    if (event.name !== null) properties.title = event.name;
  } else {
    properties.$set = event.traits as JsonValue;
    if (event.userId !== null) properties.$anon_distinct_id = event.anonymousId;
  }
  const page = event.context.page;
  if (page) {
    properties.$current_url = page.url;
    properties.$pathname = page.path;
    properties.$referrer = page.referrer;
  }
  if (event.context.droppedEvents !== undefined) properties.dropped_events = event.context.droppedEvents;
  properties.distinct_id = event.userId ?? event.anonymousId;
  properties.$lib = 'nudgekit';
  properties.$lib_version = event.context.library.version;
  properties.$session_id = event.context.session.id;
  return { event: name, uuid: event.messageId, timestamp: event.timestamp, properties };
}
