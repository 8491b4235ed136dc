/**
 * Schedules, compiled once: start and end (local unless the date-time carries an offset),
 * days of the week, and quiet hours that may cross midnight.
 */
import type { ScheduleDefinition } from './types';
import type { LocalTime } from './local-time';

/** Whether a rule may fire at `now` (epoch ms), seen locally as `local`. */
export type ScheduleCheck = (local: LocalTime, now: number) => boolean;

const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Compiles a schedule; `undefined` means "always".
 *
 * @example
 * ```ts
 * const open = compileSchedule({ daysOfWeek: [1, 2, 3, 4, 5], quietHours: { from: '22:00', to: '08:00' } });
 * ```
 */
export function compileSchedule(schedule: ScheduleDefinition | undefined): ScheduleCheck | undefined {
  if (!schedule) return undefined;
  const checks: ScheduleCheck[] = [];
  if (schedule.start !== undefined) checks.push(bound(schedule.start, true));
  if (schedule.end !== undefined) checks.push(bound(schedule.end, false));
  if (schedule.daysOfWeek) {
    const days = new Set(schedule.daysOfWeek);
    checks.push((local) => days.has(local.weekday));
  }
  if (schedule.quietHours) {
    const from = minutesOf(schedule.quietHours.from);
    const to = minutesOf(schedule.quietHours.to);
    // 22:00–08:00 crosses midnight: quiet late in the evening or early in the morning.
    const quiet = from < to ? (m: number) => m >= from && m < to : (m: number) => m >= from || m < to;
    checks.push((local) => !quiet(local.minutes));
  }
  if (checks.length === 0) return undefined;
  return (local, now) => {
    for (const check of checks) if (!check(local, now)) return false;
    return true;
  };
}

/** A start (inclusive) or end (exclusive) bound. */
function bound(text: string, isStart: boolean): ScheduleCheck {
  if (HAS_OFFSET.test(text)) {
    const at = Date.parse(text);
    return isStart ? (_l, now) => now >= at : (_l, now) => now < at;
  }
  // No offset: a local wall-clock time, read as if it were UTC to compare with `wallMs`.
  // Local times count whole seconds, so a bound's milliseconds are dropped.
  const wall = Math.floor(Date.parse(`${text.length === 10 ? `${text}T00:00` : text}Z`) / 1000) * 1000;
  return isStart ? (local) => local.wallMs >= wall : (local) => local.wallMs < wall;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
