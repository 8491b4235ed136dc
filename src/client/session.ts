/**
 * Sessions: a session ends after `timeoutMs` without activity (default 30 minutes,
 * as in Google Analytics and Amplitude) or when the local calendar day changes.
 */
import { DAY_MS } from '../core/clock';
import { uuid } from '../core/ids';
import { deviceOffsetMs } from '../core/zone-offset';

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

/**
 * Whether `a` and `b` (epoch ms) fall on the same calendar day in the device's time zone: each
 * instant's local date, from its own offset (so a day with a daylight-saving change is still
 * one day). The offsets come from the shared quarter-hour memo, not from a Date per event.
 */
export function sameLocalDay(a: number, b: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && localDayOf(a) === localDayOf(b);
}

const localDayOf = (t: number) => Math.floor((t + deviceOffsetMs(t)) / DAY_MS);

/**
 * Moves the session forward to `now`. Returns the session to stamp on the event: `current`
 * itself when it goes on, a new one when it has just started (so the caller emits
 * `session_start` first). No `{ session, started }` pair: this runs on every event.
 */
export function touchSession(current: SessionState | undefined, now: number, timeoutMs: number): SessionState {
  if (current && now - current.lastActivityAt < timeoutMs && now >= current.lastActivityAt - timeoutMs && sameLocalDay(current.lastActivityAt, now)) {
    current.lastActivityAt = Math.max(current.lastActivityAt, now);
    return current;
  }
  return { id: uuid(), index: (current?.index ?? 0) + 1, startedAt: now, lastActivityAt: now };
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
