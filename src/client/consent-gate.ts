/**
 * Consent, and the calls that wait for the client. A call made before the store is open, or
 * before the user chose with `requireConsent`, is held in order; once both are settled the held
 * calls run or, under denial, the events among them are dropped and counted. `reset()` is no
 * event: denial never drops it (it only changes memory, and nothing is stored without consent),
 * but it waits behind the held events, which belong to the user before it.
 *
 * Two bounds: while only the store is opening, as many calls as the queue may hold
 * (`queue.maxEvents`; the queue applies its byte cap when they reach it); while consent is
 * unknown, {@link MAX_HELD_CALLS}, since a user may never answer. A call over the bound is
 * dropped, counted in `heldDropped`, reported once per tick, and (once consent is granted)
 * added to the `droppedEvents` count the backend gets.
 */
import { ERROR_CODES } from '../core/errors';
import type { ConsentState } from './client-types';
import type { Report } from '../core/reporter';

/** Calls held while consent is unknown, at most. */
export const MAX_HELD_CALLS = 1000;

export interface ConsentGate<T = unknown> {
  readonly state: ConsentState;
  /** Events dropped for consent: denied, or never given. */
  readonly dropped: number;
  /** Events dropped because more calls were held than the bound allows. */
  readonly heldDropped: number;
  /** Runs `call` now if allowed, else holds it (with `data`, see {@link held}); an event under denial is dropped. */
  run(call: () => void, isEvent?: boolean, data?: T): void;
  /** The `data` of the events held now, oldest first. */
  held(): T[];
  /** The stored choice, read when the store opens; one made in this page wins over it. */
  restore(stored: 'granted' | 'denied' | undefined): void;
  /** The store is open (or failed to open): held calls may run. */
  open(): void;
  /** Records a choice; returns the one before it. */
  set(state: ConsentState): ConsentState;
}

/* @__NO_SIDE_EFFECTS__ */
export function createConsentGate<T>(
  requireConsent: boolean | undefined,
  runNow: (call: () => void) => void,
  report: Report,
  maxHeld: number,
  /** Over-the-bound drops for the backend's count: called once consent is granted and the store open. */
  countDropped: (n: number) => void,
): ConsentGate<T> {
  let state: ConsentState = requireConsent ? 'unknown' : 'granted';
  let ready = false;
  let dropped = 0;
  let heldDropped = 0;
  // Over-the-bound drops not yet reported / not yet handed to the backend's count.
  let unreported = 0;
  let uncounted = 0;
  const queue: Array<[call: () => void, isEvent: boolean, data: T | undefined]> = [];

  function drain(): void {
    if (!ready || state === 'unknown') return;
    if (state === 'granted' && uncounted > 0) countDropped(uncounted);
    uncounted = 0;
    for (const [call, isEvent] of queue.splice(0)) {
      if (state === 'granted' || !isEvent) runNow(call);
      else dropped++;
    }
  }

  return {
    get state() {
      return state;
    },
    get dropped() {
      return dropped;
    },
    get heldDropped() {
      return heldDropped;
    },
    run(call, isEvent = true, data) {
      if (state === 'denied' && isEvent) {
        dropped++;
        return;
      }
      if (ready && (state !== 'unknown' || (!isEvent && queue.length === 0))) return runNow(call);
      const limit = state === 'unknown' ? MAX_HELD_CALLS : maxHeld;
      if (isEvent && queue.length >= limit) {
        heldDropped++;
        uncounted++;
        // One report per tick with the total: a burst must not become thousands of reports.
        if (unreported++ === 0) {
          void Promise.resolve().then(() => {
            report(ERROR_CODES.queueOverflow, `${unreported} event(s) dropped: over ${limit} calls waited`, { dropped: unreported });
            unreported = 0;
          });
        }
        return;
      }
      queue.push([call, isEvent, data]);
    },
    held: () => queue.flatMap((h) => (h[2] ? [h[2]] : [])),
    restore(stored) {
      if (stored && state === 'unknown') state = stored;
    },
    open() {
      ready = true;
      drain();
    },
    set(next) {
      const previous = state;
      state = next;
      // Under denial the held events go now (or when the store opens); on a grant the client
      // drains once the choice is saved and delivery has started, through open().
      if (next === 'denied') drain();
      return previous;
    },
  };
}
