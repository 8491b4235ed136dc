/**
 * The serialised size of an enriched event, for the 32 KB limit and the queue's byte budget,
 * measured from its parts: the payload's size comes from normalisation, the context's is
 * computed once and reused while it stays the same, the envelope is arithmetic.
 */
import { jsonStringBytes } from './json-size';
import { utf8Length } from './normalize';
import type { AnalyticsEvent, EventContext } from '../core/types';

// The envelope's literal text around the values, per event type (`"userId"` is always present).
const ENVELOPE: Record<AnalyticsEvent['type'], number> = {
  track: '{"type":"track","event":,"properties":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length,
  identify: '{"type":"identify","traits":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length,
  page: '{"type":"page","name":,"properties":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length,
};

/**
 * Creates a sizer: `(event, payloadBytes)` gives `utf8Length(JSON.stringify(event))` for an event
 * as the enricher built it (nothing stamped by features yet, no keys added by plugins; its
 * `messageId` and `timestamp` are ASCII with nothing to escape). `payloadBytes` is the size of
 * its properties or traits, when known; otherwise they are serialised to measure them.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createEventSizer(): (event: AnalyticsEvent, payloadBytes?: number) => number {
  // What the last event's context held, and its size: the next event usually has the same.
  let known: unknown[] = [];
  let knownBytes = 0;
  // The ids and event name of the last event: usually those of the next one too.
  let anonymousId = '';
  let anonymousIdBytes = 2;
  let name = '';
  let nameBytes = 2;

  return (event, payloadBytes) => {
    const { context, userId } = event;
    const now = contextValues(context);
    let same = now.length === known.length;
    for (let i = 0; same && i < now.length; i++) same = now[i] === known[i];
    if (!same) {
      known = now;
      knownBytes = utf8Length(JSON.stringify(context));
    }
    if (event.anonymousId !== anonymousId) {
      anonymousId = event.anonymousId;
      anonymousIdBytes = jsonStringBytes(anonymousId);
    }
    let own = 0; // the event name of a track or page event
    if (event.type === 'track') {
      if (event.event !== name) {
        name = event.event;
        nameBytes = jsonStringBytes(name);
      }
      own = nameBytes;
    } else if (event.type === 'page') own = event.name === null ? 4 : jsonStringBytes(event.name);
    return (
      ENVELOPE[event.type] + own +
      (payloadBytes ?? utf8Length(JSON.stringify(event.type === 'identify' ? event.traits : event.properties))) +
      event.messageId.length + 2 +
      event.timestamp.length + 2 +
      anonymousIdBytes +
      (userId === null ? 4 : jsonStringBytes(userId)) +
      knownBytes
    );
  };
}

/** Every value a context the enricher built can hold (its lifecycle aside): equal lists, equal JSON. */
function contextValues({ library, session, locale, timezone, userAgent, page, screen }: EventContext): unknown[] {
  return [library, session.id, session.index, locale, timezone, userAgent, page?.url, page?.path, page?.referrer, page?.title, page?.search, screen?.width, screen?.height, screen?.density];
}
