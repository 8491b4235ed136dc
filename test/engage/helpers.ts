/** A client with engagement features on a manual clock in America/New_York, recording every event. */
import { createNudgeKit, memoryStore, type AnalyticsEvent, type NudgeKitError, type Store } from '../../src/index';
import { createManualClock } from '../../src/entries/testing';
import { lifecycle } from '../../src/entries/lifecycle';
import type { Feature } from '../../src/core/feature';

export const ZONE = 'America/New_York';

/** Epoch ms of a wall-clock time in New York: `ny('2026-11-01T00:30', -4)` (offset in hours, EDT -4, EST -5). */
export const ny = (wall: string, offsetHours: number): number => Date.parse(`${wall}:00Z`) - offsetHours * 3_600_000;

export async function engageClient(features: Feature[], start: number, store: Store = memoryStore()) {
  const clock = createManualClock(start);
  const events: AnalyticsEvent[] = [];
  const errors: NudgeKitError[] = [];
  const nk = createNudgeKit({ clock, store, timeZone: ZONE, features: [lifecycle(), ...features], onError: (e) => void errors.push(e) });
  nk.on('event', (e) => void events.push(e));
  await nk.ready();
  /** Track events named `name`, with their properties. */
  const of = (name: string) => events.flatMap((e) => (e.type === 'track' && e.event === name ? [e.properties] : []));
  return { nk, clock, events, errors, of, store };
}
