/**
 * A page that closes before its store opened: the calls the consent gate holds would be lost
 * with it. On `pagehide` they are enriched and kept in the lifeboat (`delivery/lifeboat.ts`),
 * and the next load queues them. They are not sent with `keepalive` from the closing page:
 * the anonymous id is in the store that had not opened, and an event must not leave under an
 * id that is not the user's.
 *
 * The ids: such an event is kept with anonymousId `''` and session id `''`. The next load, once
 * its store is open, gives it the stored anonymous id, the stored user id unless the page had
 * identified someone, and the session the event falls in by its timestamp (without a
 * `session_start` of its own); the features then fold it in as an event another tab processed
 * (the profile counts it; no rule reacts to it, since its page is gone). Nothing is kept
 * without consent: with `requireConsent`, calls made before the stored choice was read are lost
 * with the page, as they were.
 */
import type { AnalyticsEvent } from '../core/types';
import type { Lifeboat } from '../delivery/lifeboat';
import type { Pipeline } from './pipeline';
import type { Runtime } from './runtime';
import { DEFAULT_SESSION_TIMEOUT_MS, touchSession } from './session';

/** Keeps the held events on `pagehide` (browsers only; a no-op elsewhere). */
export function keepHeldOnExit(rt: Runtime, pipeline: Pipeline, lifeboat: Lifeboat): void {
  if (typeof window !== 'undefined' && window.addEventListener && rt.delivery.enabled) {
    // Enriching cannot throw (plugins are guarded, the lifeboat reports its own failures).
    window.addEventListener('pagehide', () => rt.consent.state === 'granted' && lifeboat.board(pipeline.early()));
  }
}

/** Gives the events an earlier page kept before it knew its ids the ids the store holds. */
export function rekeyEarly(rt: Runtime, pipeline: Pipeline): (events: AnalyticsEvent[]) => void {
  return (events) => {
    const early = events.filter((e) => e.anonymousId === '');
    for (const e of early) {
      e.anonymousId = rt.identity.anonymousId;
      e.userId ??= rt.identity.userId;
      rt.session = touchSession(rt.session, Date.parse(e.timestamp), rt.config.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS);
      e.context.session = { id: rt.session.id, index: rt.session.index };
    }
    if (early.length > 0) pipeline.receive(early);
  };
}
