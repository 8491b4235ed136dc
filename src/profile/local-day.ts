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

const SLOT_MS = 15 * 60_000;

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
  let slot = NaN;
  let offsetMs = 0;
  return (epochMs) => {
    const s = Math.floor(epochMs / SLOT_MS);
    if (s !== slot) {
      slot = s;
      let minutes = offset === deviceTimeZoneOffset ? deviceSlots.get(s) : undefined;
      if (minutes === undefined) {
        minutes = offset(epochMs);
        if (offset === deviceTimeZoneOffset) {
          if (deviceSlots.size >= MAX_SLOTS) deviceSlots.clear();
          deviceSlots.set(s, minutes);
        }
      }
      offsetMs = Number.isFinite(minutes) ? minutes * 60_000 : 0;
    }
    return Math.floor((epochMs + offsetMs) / DAY_MS);
  };
}

// The device's offsets by quarter hour, shared by every profile: a pure memo (the same instant
// has the same offset) for the simulator, which makes one profile per replayed user and would
// otherwise ask Date again for each. Bounded: cleared when it holds MAX_SLOTS.
const deviceSlots = new Map<number, number>();
const MAX_SLOTS = 100_000;
