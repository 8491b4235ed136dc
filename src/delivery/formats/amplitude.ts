import type { AnalyticsEvent, JsonObject } from '../../core/types';
import type { FormatMeta, FormattedRequest } from '../options';

/**
 * Amplitude's HTTP V2 API: `POST https://api2.amplitude.com/2/httpapi` (EU:
 * `https://api.eu.amplitude.com/2/httpapi`) with `{ api_key, events }`. The anonymous id is the
 * `device_id`, the messageId the `insert_id` (Amplitude de-duplicates on it), `page` becomes
 * `[Amplitude] Page Viewed` and `identify` becomes `$identify` with `$set` user properties.
 * `options.min_id_length` is 1, so short user ids (`"42"`) are accepted.
 *
 * @example
 * ```ts
 * import { amplitudeFormat } from 'nudgekit/formats';
 * createNudgeKit({ endpoint: 'https://api2.amplitude.com/2/httpapi', writeKey: 'AMPLITUDE_API_KEY', format: amplitudeFormat })
 * ```
 */
export function amplitudeFormat(events: AnalyticsEvent[], meta: FormatMeta): FormattedRequest {
  return {
    url: meta.endpoint ?? '',
    headers: { 'content-type': 'application/json', accept: '*/*' },
    // Amplitude rejects a user_id or device_id under 5 characters unless told a shorter minimum.
    body: JSON.stringify({ api_key: meta.writeKey ?? '', events: events.map(toAmplitude), options: { min_id_length: 1 } }),
  };
}

function toAmplitude(event: AnalyticsEvent): JsonObject {
  const time = Date.parse(event.timestamp);
  const out: JsonObject = {
    device_id: event.anonymousId,
    insert_id: event.messageId,
    time: Number.isNaN(time) ? Date.now() : time,
    library: `nudgekit/${event.context.library.version}`,
    platform: 'Web',
  };
  if (event.userId !== null) out.user_id = event.userId;
  if (event.context.locale !== undefined) out.language = event.context.locale;
  const extra: JsonObject = event.context.droppedEvents === undefined ? {} : { dropped_events: event.context.droppedEvents };
  if (event.type === 'track') {
    out.event_type = event.event;
    out.event_properties = { ...event.properties, ...extra };
  } else if (event.type === 'page') {
    out.event_type = '[Amplitude] Page Viewed';
    const page = event.context.page;
    out.event_properties = {
      ...event.properties,
      ...(page ? { '[Amplitude] Page URL': page.url, '[Amplitude] Page Path': page.path, '[Amplitude] Page Title': page.title } : {}),
      ...(event.name !== null ? { name: event.name } : {}),
      ...extra,
    };
  } else {
    out.event_type = '$identify';
    out.user_properties = { $set: event.traits };
    if (Object.keys(extra).length > 0) out.event_properties = extra;
  }
  return out;
}
