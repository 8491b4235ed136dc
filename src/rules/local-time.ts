/**
 * The user's local calendar: day numbers for per-day and per-week caps, weekday and
 * time of day for schedules. One `Intl.DateTimeFormat` per engine, and the last answer
 * is cached for the rest of its second, so a burst of events formats the date once.
 */
import { DAY_MS } from '../core/clock';

/** One instant seen in the user's time zone. */
export interface LocalTime {
  /** Local wall-clock time, `YYYY-MM-DDTHH:MM:SS`: compares as a string. */
  wall: string;
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
 * local(Date.UTC(2026, 0, 1, 23, 30)).wall; // '2026-01-02T00:30:00'
 * ```
 */
export function createLocalTime(timeZone?: string, onInvalid?: (error: unknown) => void): LocalTimeOf {
  const options: Intl.DateTimeFormatOptions = {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', timeZone === undefined ? options : { ...options, timeZone });
  } catch (error) {
    onInvalid?.(error);
    format = new Intl.DateTimeFormat('en-US', options);
  }
  let cachedSecond = NaN;
  let cached: LocalTime | undefined;
  return (epochMs) => {
    const second = Math.floor(epochMs / 1000);
    if (second === cachedSecond && cached) return cached;
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(epochMs)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const y = parts.year ?? 1970;
    const mo = parts.month ?? 1;
    const d = parts.day ?? 1;
    // Some engines still print midnight as 24 under h23.
    const h = (parts.hour ?? 0) % 24;
    const mi = parts.minute ?? 0;
    const s = parts.second ?? 0;
    const day = Math.floor(Date.UTC(y, mo - 1, d) / DAY_MS);
    cached = {
      wall: `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`,
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

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
