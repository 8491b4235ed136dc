/**
 * The inactivity clock behind `{ inactivityMs }` triggers. Activity happens on nearly
 * every event, so `activity()` only records the time: it never cancels or re-arms a
 * timer. One timer is kept for the next threshold; when it fires early (activity
 * happened meanwhile) it re-arms itself from the latest activity.
 */
import type { Clock } from '../core/clock';

/** Controls the inactivity clock. */
export interface InactivityTimer {
  /** The shortest inactivity threshold of the current rules, or `undefined` when there are none. */
  rules(shortestMs: number | undefined): void;
  /** Records activity now: a new idle period begins. */
  activity(): void;
  /** Cancels the timer. */
  stop(): void;
}

/**
 * Creates the inactivity clock. `onIdle(elapsed, period)` runs when thresholds may have
 * been crossed; it returns the next threshold to wait for in this idle period, if any.
 *
 * @example
 * ```ts
 * const timer = createInactivityTimer(clock, (elapsed, period) => fireRulesUpTo(elapsed, period));
 * timer.rules(30_000);
 * timer.activity();
 * ```
 */
export function createInactivityTimer(clock: Clock, onIdle: (elapsedMs: number, period: number) => number | undefined): InactivityTimer {
  let shortest: number | undefined;
  let lastActivity: number | undefined;
  let period = 0;
  let cancel: (() => void) | undefined;
  let dueAt = Infinity;

  const arm = (at: number) => {
    if (cancel && dueAt <= at) return;
    cancel?.();
    dueAt = at;
    cancel = clock.setTimeout(fire, Math.max(0, at - clock.now()));
  };

  const fire = () => {
    cancel = undefined;
    dueAt = Infinity;
    if (shortest === undefined || lastActivity === undefined) return;
    const elapsed = clock.now() - lastActivity;
    if (elapsed < shortest) return arm(lastActivity + shortest);
    const next = onIdle(elapsed, period);
    // A threshold already behind us would spin; only wait for one ahead.
    if (next !== undefined && next > elapsed) arm(lastActivity + next);
  };

  return {
    rules(shortestMs) {
      shortest = shortestMs;
      if (shortest === undefined) {
        cancel?.();
        cancel = undefined;
        dueAt = Infinity;
        return;
      }
      // The app is open now: idle time counts from here if nothing happened yet.
      lastActivity ??= clock.now();
      arm(lastActivity + shortest);
    },
    activity() {
      lastActivity = clock.now();
      period++;
      if (shortest !== undefined && !cancel) arm(lastActivity + shortest);
    },
    stop() {
      cancel?.();
      cancel = undefined;
      dueAt = Infinity;
      shortest = undefined;
    },
  };
}
