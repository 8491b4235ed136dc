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
  // No offset: a local wall-clock time, compared as text in the same shape.
  const wall = normaliseWall(text);
  return isStart ? (local) => local.wall >= wall : (local) => local.wall < wall;
}

/** `2026-03-01` or `2026-03-01T09:00[:00[.000]]` to `2026-03-01T09:00:00`. */
function normaliseWall(text: string): string {
  const [date, time = '00:00:00'] = text.split('T') as [string, string?];
  const hms = time.split('.')[0]!;
  return `${date}T${hms.length === 5 ? `${hms}:00` : hms}`;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
