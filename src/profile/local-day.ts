/**
 * The local calendar day of a moment, for the active-day history.
 *
 * A day is a local day of the device: the day number counts days since 1970-01-01 in the
 * device's time zone, using the UTC offset that was in force at that moment (so a day across
 * a daylight-saving change is still one day). `Date#getTimezoneOffset` allocates a Date, so
 * the offset is cached per 15-minute slot: offsets only change on quarter-hour boundaries.
 *
 * @packageDocumentation
 */
import { DAY_MS } from '../core/clock';
import { deviceOffsetMs, QUARTER_HOUR_MS } from '../core/zone-offset';

/**
 * Minutes to add to UTC to get local time at `epochMs` (east of UTC positive, e.g. +60 for Berlin in winter).
 *
 * @example
 * ```ts
 * const tokyo: TimeZoneOffset = () => 540;
 * ```
 */
export type TimeZoneOffset = (epochMs: number) => number;

/**
 * The device's offset, via `Date`.
 *
 * @example
 * ```ts
 * deviceTimeZoneOffset(Date.now()) // 60 in Berlin in winter
 * ```
 */
export const deviceTimeZoneOffset: TimeZoneOffset = (epochMs) => -new Date(epochMs).getTimezoneOffset();

/**
 * Returns a function from epoch ms to the local day number, caching the offset per 15-minute slot.
 *
 * @example
 * ```ts
 * const dayOf = createLocalDay(() => 0);
 * dayOf(Date.UTC(1970, 0, 2, 12)) // 1
 * ```
 */
export function createLocalDay(offset: TimeZoneOffset = deviceTimeZoneOffset): (epochMs: number) => number {
  // The device's offset is shared by every profile (`zone-offset.ts`); another is asked per slot.
  const offsetMsAt =
    offset === deviceTimeZoneOffset
      ? deviceOffsetMs
      : (epochMs: number) => {
          const minutes = offset(epochMs);
          return Number.isFinite(minutes) ? minutes * 60_000 : 0;
        };
  let slot = NaN;
  let offsetMs = 0;
  return (epochMs) => {
    const s = Math.floor(epochMs / QUARTER_HOUR_MS);
    if (s !== slot) {
      slot = s;
      offsetMs = offsetMsAt(epochMs);
    }
    return Math.floor((epochMs + offsetMs) / DAY_MS);
  };
}
