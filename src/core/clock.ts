/**
 * All time in NudgeKit comes from one clock, so tests and the rule simulator can
 * replay months of history in milliseconds.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` after `ms` milliseconds; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}

/** The real clock: `Date.now()` and the platform's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms);
    // Node: a pending flush timer must not keep a CLI or server process alive.
    (id as { unref?: () => void }).unref?.();
    return () => clearTimeout(id);
  },
};

/** A clock under test control: time moves only when `advance` or `set` is called. */
export interface ManualClock extends Clock {
  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Jumps to an absolute time (forward only), running due timers. */
  set(epochMs: number): void;
  /** Timers not yet run. */
  pending(): number;
}

/**
 * Creates a {@link ManualClock}, starting at `start` (default 2026-01-01T00:00:00Z).
 *
 * @example
 * ```ts
 * const clock = createManualClock();
 * const nk = createNudgeKit({ clock });
 * clock.advance(20 * 86_400_000); // twenty days later
 * ```
 */
export function createManualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let current = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();

  function runDue(until: number): void {
    for (;;) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, timer] of timers) {
        if (timer.at <= until && timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId < 0) break;
      const timer = timers.get(dueId)!;
      timers.delete(dueId);
      current = Math.max(current, timer.at);
      timer.fn();
    }
    current = until;
  }

  return {
    now: () => current,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: current + Math.max(0, ms), fn });
      return () => void timers.delete(id);
    },
    advance: (ms) => runDue(current + ms),
    set: (epochMs) => runDue(Math.max(current, epochMs)),
    pending: () => timers.size,
  };
}

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;

/**
 * Returns a function formatting epoch ms as ISO 8601 in UTC, exactly like
 * `Date#toISOString`, at a fraction of its cost: the date and minute are formatted once
 * per minute. One per client; events arrive in bursts within the same minute.
 */
export function createIsoFormatter(): (epochMs: number) => string {
  let minute = NaN;
  let prefix = '';
  return (epochMs) => {
    const m = Math.floor(epochMs / 60_000);
    if (m !== minute) {
      minute = m;
      const full = new Date(m * 60_000).toISOString();
      prefix = full.slice(0, full.length - 7); // "2026-01-05T09:00:" (longer for years past 9999)
    }
    const inMinute = epochMs - m * 60_000;
    const seconds = Math.floor(inMinute / 1000);
    const millis = Math.floor(inMinute % 1000);
    return `${prefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  };
}
