/**
 * The event model. Field names follow Segment's spec, so any collector that
 * accepts Segment's HTTP Tracking API accepts NudgeKit events unchanged.
 *
 * @packageDocumentation
 */

/** A JSON value, the only thing an event may carry after normalisation. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A plain JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The three event kinds of Segment's spec that NudgeKit produces. */
export type EventType = 'track' | 'identify' | 'page';

/** Where an event happened: filled in by the client, never by the caller. */
export interface EventContext {
  /** The SDK that produced the event. */
  library: { name: 'nudgekit'; version: string };
  /** The page, in a browser. */
  page?: { url: string; path: string; referrer: string; title: string; search: string };
  /** BCP 47 locale of the device, e.g. `de-DE`. */
  locale?: string;
  /** IANA time zone of the device, e.g. `Europe/Berlin`. */
  timezone?: string;
  /** Screen size in CSS pixels. */
  screen?: { width: number; height: number; density: number };
  /** The user agent string. */
  userAgent?: string;
  /** The session this event belongs to. `index` counts sessions on this device from 1 (`reset()` keeps counting). */
  session: { id: string; index: number };
  /** Events dropped by the queue cap since the last batch was accepted (set by delivery). */
  droppedEvents?: number;
  /** The user's lifecycle stage and value tier at the time of the event. */
  lifecycle?: { stage: string; tier: string };
  /** Anything a plugin or the caller added. */
  [key: string]: JsonValue | undefined;
}

/** Fields every event carries. */
export interface BaseEvent {
  /** A UUID v4, stable across retries: collectors de-duplicate on it. */
  messageId: string;
  /** When the event happened, ISO 8601 in UTC. */
  timestamp: string;
  /** Persisted per device; replaced on `reset()`. */
  anonymousId: string;
  /** Set by `identify()`; `null` until then. */
  userId: string | null;
  context: EventContext;
}

/** A user action: `track('purchase', { revenue: 10 })`. */
export interface TrackEvent extends BaseEvent {
  type: 'track';
  event: string;
  properties: JsonObject;
}

/** Who the user is: `identify('user-42', { plan: 'pro' })`. */
export interface IdentifyEvent extends BaseEvent {
  type: 'identify';
  traits: JsonObject;
}

/** A page view: `page('Pricing')`. */
export interface PageEvent extends BaseEvent {
  type: 'page';
  name: string | null;
  properties: JsonObject;
}

/** Any event NudgeKit produces, discriminated by `type`. */
export type AnalyticsEvent = TrackEvent | IdentifyEvent | PageEvent;

/**
 * Names of the events NudgeKit itself emits. They are tracked and delivered like any
 * other event but never count as user activity.
 */
export const SYSTEM_EVENTS = {
  sessionStart: 'session_start',
  stageChange: 'stage_change',
  nudgeShown: 'nudge_shown',
  nudgeClicked: 'nudge_clicked',
  nudgeDismissed: 'nudge_dismissed',
  nudgeConverted: 'nudge_converted',
  nudgeHeldOut: 'nudge_held_out',
  nudgeDropped: 'nudge_dropped',
  nudgeExposure: 'nudge_exposure',
} as const;

/** One of {@link SYSTEM_EVENTS}. */
export type SystemEventName = (typeof SYSTEM_EVENTS)[keyof typeof SYSTEM_EVENTS];

const systemEventNames: ReadonlySet<string> = new Set(Object.values(SYSTEM_EVENTS));

/** Whether `name` is an event NudgeKit emits by itself (except `session_start`, which is activity). */
export function isSystemEvent(name: string): boolean {
  return name !== SYSTEM_EVENTS.sessionStart && systemEventNames.has(name);
}

/**
 * Whether `name` is one of {@link SYSTEM_EVENTS}, which `track()` does not accept: sessions,
 * caps, nudge history and lift measurement count them, so only NudgeKit may emit them.
 */
export function isReservedEventName(name: string): boolean {
  return systemEventNames.has(name);
}

/** The lifecycle stages, in the order they are checked. */
export const STAGES = ['churned', 'silent', 'potential', 'new', 'resurrected', 'active'] as const;

/** A lifecycle stage. */
export type Stage = (typeof STAGES)[number];

/** The value tiers. */
export const TIERS = ['high', 'mid', 'low'] as const;

/** A value tier. */
export type Tier = (typeof TIERS)[number];
