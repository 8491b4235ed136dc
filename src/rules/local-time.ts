/**
 * The user's local calendar: day numbers for per-day and per-week caps, weekday and
 * time of day for schedules, computed from the zone's UTC offset. The device's offset comes
 * from `Date`, a named zone's from formatting a date with `Intl`, which costs about 5 µs
 * (more than the rest of an event's work). Either is learned once per 15 minutes and shared
 * by every converter of the zone: offsets only change on UTC quarter hours (every zone's
 * offset is a whole number of quarter hours), so one learned within a quarter hour holds for
 * all of it. The last answer is cached for the rest of its second.
 */
import { DAY_MS } from '../core/clock';
import { deviceOffsetMs, perQuarterHour, QUARTER_HOUR_MS } from '../core/zone-offset';

/** One instant seen in the user's time zone. */
export interface LocalTime {
  /**
   * Local wall-clock time, whole seconds, as the epoch ms of the same date and time in UTC:
   * `wallMs` of 2026-01-02 00:30 in Berlin is `Date.UTC(2026, 0, 2, 0, 30)`. A number, not
   * text: it compares as one, and an engine asks for the local time on every event.
   */
  wallMs: number;
  /** Days since 1970-01-01 of the local date. */
  day: number;
  /** Weeks (starting on Monday) since the epoch, for per-week caps. */
  week: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

/** Converts epoch milliseconds to {@link LocalTime}. */
export type LocalTimeOf = (epochMs: number) => LocalTime;

/**
 * Creates a converter for `timeZone` (IANA; default: the device's). An unknown zone is
 * reported through `onInvalid` and the device's zone is used instead.
 *
 * @example
 * ```ts
 * const local = createLocalTime('Europe/Berlin');
 * local(Date.UTC(2026, 0, 1, 23, 30)).wallMs === Date.UTC(2026, 0, 2, 0, 30); // true
 * ```
 */
export function createLocalTime(timeZone?: string, onInvalid?: (error: unknown) => void): LocalTimeOf {
  let zoneOffset = deviceOffsetMs;
  if (timeZone !== undefined) {
    try {
      zoneOffset = zoneOffsets.get(timeZone) ?? learnZone(timeZone);
    } catch (error) {
      onInvalid?.(error);
    }
  }
  let cachedSecond = NaN;
  let cached: LocalTime | undefined;
  let slot = NaN;
  let offsetMs = 0;
  return (epochMs) => {
    const second = Math.floor(epochMs / 1000);
    if (second === cachedSecond && cached) return cached;
    const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
    if (quarter !== slot) {
      slot = quarter;
      offsetMs = zoneOffset(second * 1000);
    }
    const local = second * 1000 + offsetMs;
    const day = Math.floor(local / DAY_MS);
    const secondOfDay = (local - day * DAY_MS) / 1000;
    const h = Math.floor(secondOfDay / 3600);
    const mi = Math.floor((secondOfDay % 3600) / 60);
    cached = {
      wallMs: local,
      day,
      // Day 4 (1970-01-05) is the first Monday.
      week: Math.floor((day + 3) / 7),
      // 1970-01-01 was a Thursday.
      weekday: (((day + 4) % 7) + 7) % 7,
      minutes: h * 60 + mi,
    };
    cachedSecond = second;
    return cached;
  };
}

// A learned offset per named zone, shared by every converter of that zone (`zone-offset.ts`).
const zoneOffsets = new Map<string, (epochMs: number) => number>();

function learnZone(timeZone: string): (epochMs: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const offset = perQuarterHour((epochMs) => offsetAt(format, epochMs));
  zoneOffsets.set(timeZone, offset);
  return offset;
}

/** The zone's offset from UTC at `epochMs` (a whole second), in ms, read from the formatter. */
function offsetAt(format: Intl.DateTimeFormat, epochMs: number): number {
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  // Some engines still print midnight as 24 under h23. setUTCFullYear, unlike Date.UTC, keeps years below 100.
  wall.setUTCFullYear(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1);
  wall.setUTCHours((parts.hour ?? 0) % 24, parts.minute ?? 0, parts.second ?? 0);
  const offset = wall.getTime() - epochMs;
  return Number.isFinite(offset) ? offset : 0;
}
