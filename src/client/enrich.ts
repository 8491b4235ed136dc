/**
 * Turns what a public call produced into a full Segment-shaped event: ids, timestamp
 * and context. Runs for every event, so objects are built field by field, not spread.
 */
import { createIsoFormatter } from '../core/clock';
import { pageContext, staticContext, VERSION } from './context';
import { uuid } from '../core/ids';
import type { Identity } from './identity';
import type { SessionState } from './session';
import type { AnalyticsEvent, EventContext, JsonObject } from '../core/types';

/** An event as the public calls produce it, before enrichment. */
export type PartialEvent = (
  | { type: 'track'; event: string; properties: JsonObject }
  /** `userId: null` keeps the current user (a trait recorded by a nudge answer). */
  | { type: 'identify'; userId: string | null; traits: JsonObject }
  | { type: 'page'; name: string | null; properties: JsonObject }
) & {
  /** The JSON size of the properties or traits, when normalisation measured it. */
  payloadBytes?: number;
  /** Set when the event was kept while its page closed before the store opened: it keeps that id. */
  messageId?: string;
};

/* @__NO_SIDE_EFFECTS__ */
export function createEnricher(identity: Identity): (partial: PartialEvent, at: number, session: SessionState) => AnalyticsEvent {
  const fixed = staticContext();
  const library = { name: 'nudgekit' as const, version: VERSION };
  const isoTimestamp = createIsoFormatter();

  return (partial, at, session) => {
    const context: EventContext = { library, session: { id: session.id, index: session.index } };
    if (fixed.locale !== undefined) context.locale = fixed.locale;
    if (fixed.timezone !== undefined) context.timezone = fixed.timezone;
    if (fixed.userAgent !== undefined) context.userAgent = fixed.userAgent;
    const page = pageContext();
    if (page?.page) context.page = page.page;
    if (page?.screen) context.screen = page.screen;
    const messageId = partial.messageId ?? uuid();
    const timestamp = isoTimestamp(at);
    const { anonymousId, userId } = identity;
    switch (partial.type) {
      case 'track':
        return { type: 'track', event: partial.event, properties: partial.properties, messageId, timestamp, anonymousId, userId, context };
      case 'identify':
        return { type: 'identify', traits: partial.traits, messageId, timestamp, anonymousId, userId, context };
      case 'page':
        return { type: 'page', name: partial.name, properties: partial.properties, messageId, timestamp, anonymousId, userId, context };
    }
  };
}
