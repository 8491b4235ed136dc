/**
 * The serialised size of an enriched event, for the 32 KB limit and the queue's byte budget,
 * measured from its parts: the payload's size comes from normalisation, the context's is
 * computed once and reused while it stays the same, the envelope is arithmetic.
 */
import { jsonStringBytes } from './json-size';
import { utf8Length } from './normalize';
import { STAGES, TIERS, type AnalyticsEvent, type EventContext } from './types';

/** What `context.lifecycle` adds to an event with the given (ASCII) stage and tier names: `,"lifecycle":{"stage":"…","tier":"…"}`. */
export function lifecycleBytes(stage: string, tier: string): number {
  return LIFECYCLE_OVERHEAD + stage.length + tier.length;
}
const LIFECYCLE_OVERHEAD = ',"lifecycle":{"stage":"","tier":""}'.length;

/** The most `context.lifecycle` can add: the longest stage and tier names ("resurrected", "high"). */
export const MAX_LIFECYCLE_BYTES = lifecycleBytes(longest(STAGES), longest(TIERS));

function longest(names: readonly string[]): string {
  return names.reduce((a, b) => (b.length > a.length ? b : a));
}

// The envelope's literal text around the values, per event type (`"userId"` is always present).
const TRACK_ENVELOPE = '{"type":"track","event":,"properties":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length;
const IDENTIFY_ENVELOPE = '{"type":"identify","traits":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length;
const PAGE_ENVELOPE = '{"type":"page","name":,"properties":,"messageId":,"timestamp":,"anonymousId":,"userId":,"context":}'.length;

/**
 * Creates a sizer: `(event, payloadBytes)` gives `utf8Length(JSON.stringify(event))` for an event
 * as the enricher built it (no `context.lifecycle` yet, no keys added by plugins; its
 * `messageId` and `timestamp` are ASCII with nothing to escape). `payloadBytes` is the size of
 * its properties or traits, when known; otherwise they are serialised to measure them.
 */
/* @__NO_SIDE_EFFECTS__ */
export function createEventSizer(): (event: AnalyticsEvent, payloadBytes?: number) => number {
  // The context of the last event and its size: the next event usually has the same one.
  let known: EventContext | undefined;
  let knownBytes = 0;
  // The ids and event name of the last event: usually those of the next one too.
  let anonymousId = '';
  let anonymousIdBytes = 2;
  let name = '';
  let nameBytes = 2;

  function contextBytes(context: EventContext): number {
    if (known === undefined || !sameContext(known, context)) {
      knownBytes = utf8Length(JSON.stringify(context));
      // A copy, as the event's own context will change (its lifecycle is added next).
      known = { ...context, session: { ...context.session }, ...(context.page && { page: { ...context.page } }), ...(context.screen && { screen: { ...context.screen } }) };
    }
    return knownBytes;
  }

  return (event, payloadBytes) => {
    if (event.anonymousId !== anonymousId) {
      anonymousId = event.anonymousId;
      anonymousIdBytes = jsonStringBytes(anonymousId);
    }
    const payload = event.type === 'identify' ? event.traits : event.properties;
    let bytes =
      (payloadBytes ?? utf8Length(JSON.stringify(payload))) +
      event.messageId.length + 2 +
      event.timestamp.length + 2 +
      anonymousIdBytes +
      (event.userId === null ? 4 : jsonStringBytes(event.userId)) +
      contextBytes(event.context);
    switch (event.type) {
      case 'track':
        if (event.event !== name) {
          name = event.event;
          nameBytes = jsonStringBytes(name);
        }
        bytes += TRACK_ENVELOPE + nameBytes;
        break;
      case 'identify':
        bytes += IDENTIFY_ENVELOPE;
        break;
      case 'page':
        bytes += PAGE_ENVELOPE + (event.name === null ? 4 : jsonStringBytes(event.name));
        break;
    }
    return bytes;
  };
}

/** Whether two contexts the enricher built serialise the same (their lifecycle aside). */
function sameContext(a: EventContext, b: EventContext): boolean {
  return (
    a.session.id === b.session.id &&
    a.session.index === b.session.index &&
    a.library === b.library &&
    a.locale === b.locale &&
    a.timezone === b.timezone &&
    a.userAgent === b.userAgent &&
    samePage(a.page, b.page) &&
    sameScreen(a.screen, b.screen)
  );
}

function samePage(a: EventContext['page'], b: EventContext['page']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.url === b.url && a.path === b.path && a.referrer === b.referrer && a.title === b.title && a.search === b.search;
}

function sameScreen(a: EventContext['screen'], b: EventContext['screen']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.width === b.width && a.height === b.height && a.density === b.density;
}
