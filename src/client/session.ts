/**
 * Sessions: a session ends after `timeoutMs` without activity (default 30 minutes,
 * as in Google Analytics and Amplitude) or when the local calendar day changes.
 */
import { uuid } from '../core/ids';

/** The session as persisted. */
export interface SessionState {
  id: string;
  /** Counts sessions on this device, from 1: `reset()` keeps counting, `forget()` starts again. */
  index: number;
  startedAt: number;
  lastActivityAt: number;
}

/** The default idle time after which the next event starts a new session. */
export const DEFAULT_SESSION_TIMEOUT_MS = 30 * 60 * 1000;

// The local day [start, end) last looked up. Local-time getters cost about a microsecond per
// event on the track() path; consecutive events almost always fall on the same day. A pure
// memo: the same inputs give the same answer (until the device's time zone itself changes).
let dayStart = 0;
let dayEnd = 0;

/** Whether `a` and `b` (epoch ms) fall on the same calendar day in the device's time zone. */
export function sameLocalDay(a: number, b: number): boolean {
  if (!(a >= dayStart && a < dayEnd)) {
    const x = new Date(a);
    dayStart = new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
    dayEnd = new Date(x.getFullYear(), x.getMonth(), x.getDate() + 1).getTime();
    if (!(a >= dayStart && a < dayEnd)) return false; // not a valid time
  }
  return b >= dayStart && b < dayEnd;
}

/**
 * Moves the session forward to `now`. Returns the session to stamp on the event and
 * whether it has just started (so the caller emits `session_start` first).
 */
export function touchSession(
  current: SessionState | undefined,
  now: number,
  timeoutMs: number,
): { session: SessionState; started: boolean } {
  if (current && now - current.lastActivityAt < timeoutMs && now >= current.lastActivityAt - timeoutMs && sameLocalDay(current.lastActivityAt, now)) {
    current.lastActivityAt = Math.max(current.lastActivityAt, now);
    return { session: current, started: false };
  }
  const session: SessionState = { id: uuid(), index: (current?.index ?? 0) + 1, startedAt: now, lastActivityAt: now };
  return { session, started: true };
}

/**
 * The session after another tab's event in session `foreign` at `at`: one session across
 * tabs, the newest wins, and two started at once settle on the smaller id.
 */
export function adoptSession(current: SessionState | undefined, foreign: { id: string; index: number }, at: number): SessionState {
  if (current && foreign.id === current.id) {
    current.lastActivityAt = Math.max(current.lastActivityAt, at);
    return current;
  }
  if (!current || foreign.index > current.index || (foreign.index === current.index && foreign.id < current.id)) {
    return { id: foreign.id, index: foreign.index, startedAt: at, lastActivityAt: at };
  }
  return current;
}

/** Whether `value` looks like a persisted {@link SessionState}. */
export function isSessionState(value: unknown): value is SessionState {
  const s = value as SessionState | undefined;
  return (
    typeof s === 'object' && s !== null && typeof s.id === 'string' && Number.isInteger(s.index) &&
    Number.isFinite(s.startedAt) && Number.isFinite(s.lastActivityAt)
  );
}
