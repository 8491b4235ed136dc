/**
 * Consent, and the calls that wait for the client. A call made before the store is open, or
 * before the user chose with `requireConsent`, is held in order (up to {@link MAX_HELD_CALLS});
 * once both are settled the held calls run or, under denial, the events among them are
 * dropped and counted. `reset()` is no event: denial never drops it (it only changes memory,
 * and nothing is stored without consent), but it waits behind the held events, which belong
 * to the user before it.
 */
import { ERROR_CODES } from '../core/errors';
import type { ConsentState } from './client-types';
import type { Report } from '../core/reporter';

/** Calls made before the store is open or consent is given are held, up to this many. */
export const MAX_HELD_CALLS = 1000;

export interface ConsentGate {
  readonly state: ConsentState;
  /** Events dropped for consent: denied, or over the cap while waiting. */
  readonly dropped: number;
  /** Runs `call` now if allowed, else holds it; an event under denial is dropped. */
  run(call: () => void, isEvent?: boolean): void;
  /** The stored choice, read when the store opens; one made in this page wins over it. */
  restore(stored: 'granted' | 'denied' | undefined): void;
  /** The store is open (or failed to open): held calls may run. */
  open(): void;
  /** Records a choice; returns the one before it. */
  set(state: ConsentState): ConsentState;
}

/* @__NO_SIDE_EFFECTS__ */
export function createConsentGate(requireConsent: boolean | undefined, runNow: (call: () => void) => void, report: Report): ConsentGate {
  let state: ConsentState = requireConsent ? 'unknown' : 'granted';
  let ready = false;
  let dropped = 0;
  const held: Array<[call: () => void, isEvent: boolean]> = [];

  function drain(): void {
    if (!ready || state === 'unknown') return;
    for (const [call, isEvent] of held.splice(0)) {
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
    run(call, isEvent = true) {
      if (state === 'denied' && isEvent) {
        dropped++;
        return;
      }
      if (ready && (state !== 'unknown' || (!isEvent && held.length === 0))) return runNow(call);
      if (held.length >= MAX_HELD_CALLS) {
        if (isEvent) dropped++;
        report(ERROR_CODES.queueOverflow, `more than ${MAX_HELD_CALLS} calls before the client was ready or consent was given; the newest was dropped`);
        return;
      }
      held.push([call, isEvent]);
    },
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
