/** Event builders and an engine on a manual clock, for the profile and lifecycle tests. */
import { DAY_MS, createManualClock, type ManualClock } from '../../src/core/clock';
import type { AnalyticsEvent, IdentifyEvent, JsonObject, PageEvent, TrackEvent } from '../../src/core/types';
import { createProfileEngine, type ProfileEngine, type ProfileEngineOptions } from '../../src/profile';
import type { NudgeKitError } from '../../src/core/errors';

export { DAY_MS };
export const HOUR_MS = 3_600_000;

let seq = 0;
function base(clock: ManualClock): Omit<TrackEvent, 'type' | 'event' | 'properties'> {
  return {
    messageId: `m-${++seq}`,
    timestamp: new Date(clock.now()).toISOString(),
    anonymousId: 'anon-1',
    userId: null,
    context: { library: { name: 'nudgekit', version: '0.0.0' }, session: { id: 's', index: 1 } },
  };
}

export interface Harness {
  clock: ManualClock;
  engine: ProfileEngine;
  errors: NudgeKitError[];
  track(name: string, properties?: JsonObject): ReturnType<ProfileEngine['apply']>;
  identify(userId: string, traits: JsonObject): ReturnType<ProfileEngine['apply']>;
  page(name?: string): ReturnType<ProfileEngine['apply']>;
  /** Moves the clock to `days` days (fractional allowed) after the start. */
  at(days: number, extraMs?: number): void;
  stage(): unknown;
  event(name: string, properties?: JsonObject): TrackEvent;
}

/** An engine on a manual clock at 2026-01-01T00:00Z, in UTC (time zone offset 0). */
export function harness(options: Omit<ProfileEngineOptions, 'clock'> = {}): Harness {
  const clock = createManualClock();
  const start = clock.now();
  const errors: NudgeKitError[] = [];
  const engine = createProfileEngine({ timeZoneOffset: () => 0, onError: (e) => errors.push(e), ...options, clock });
  const event = (name: string, properties: JsonObject = {}): TrackEvent => ({ ...base(clock), type: 'track', event: name, properties });
  return {
    clock,
    engine,
    errors,
    event,
    track: (name, properties) => engine.apply(event(name, properties)),
    identify: (userId, traits) => engine.apply({ ...base(clock), userId, type: 'identify', traits } satisfies IdentifyEvent),
    page: (name = 'Home') => engine.apply({ ...base(clock), type: 'page', name, properties: {} } satisfies PageEvent as AnalyticsEvent),
    at: (days, extraMs = 0) => clock.set(start + days * DAY_MS + extraMs),
    stage: () => engine.attributes().stage,
  };
}
