/**
 * The virtual clock of one simulated device: `createManualClock`'s behaviour (timers run in
 * due order, ties in the order they were set, time never goes back), made cheap for the
 * common case of a replay, where most events find no timer due: moving time then costs one
 * comparison, not a walk over the timers.
 */
import type { Clock } from '../core/clock';

/** A clock the replay moves forward. */
export interface VirtualClock extends Clock {
  /** Moves to `at` (never back), running every timer due by then, in due order. */
  set(at: number): void;
}

interface Timer {
  at: number;
  seq: number;
  fn: (() => void) | undefined;
}

/** Creates a virtual clock at `start` (epoch ms). */
export function createVirtualClock(start: number): VirtualClock {
  let now = start;
  let seq = 0;
  // The timers are the first `count` slots. The list is never shortened: setting an array's
  // length below its capacity gives V8 a new, smaller store, and the next timer a new, larger
  // one; a timer fires every few events (inactivity), so that was most of a replay's garbage.
  const timers: Array<Timer | undefined> = [];
  let count = 0;
  // The earliest due time of a live timer (Infinity: none). Cancelled timers stay in the list
  // until they are reached, so this is a lower bound and a cancellation costs nothing.
  let nextAt = Infinity;

  // In place, for the same reason.
  const recompute = () => {
    nextAt = Infinity;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const t = timers[i]!;
      if (t.fn === undefined) continue;
      timers[kept++] = t;
      if (t.at < nextAt) nextAt = t.at;
    }
    for (let i = kept; i < count; i++) timers[i] = undefined; // let the fired ones go
    count = kept;
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: Timer = { at: now + Math.max(0, ms), seq: seq++, fn };
      timers[count++] = timer;
      if (timer.at < nextAt) nextAt = timer.at;
      return () => {
        timer.fn = undefined;
      };
    },
    set(at) {
      if (at <= now) return;
      while (nextAt <= at) {
        let due: Timer | undefined;
        for (let i = 0; i < count; i++) {
          const t = timers[i]!;
          if (t.fn && t.at <= at && (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq))) due = t;
        }
        if (!due) {
          recompute(); // only cancelled ones were due: drop them, learn the next live one
          break;
        }
        const fn = due.fn!;
        due.fn = undefined;
        if (due.at > now) now = due.at;
        fn();
        recompute();
      }
      now = at;
    },
  };
}
