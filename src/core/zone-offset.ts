/**
 * Time-zone offsets learned once per quarter hour and shared by every caller. Offsets only
 * change on UTC quarter hours (every zone's offset is a whole number of quarter hours), so one
 * learned at a quarter hour's start holds for all of it. A pure memo (the same zone and instant
 * always have the same offset): the simulator makes a profile and a rule engine per replayed
 * user, and each would otherwise ask `Date` or `Intl` again.
 */

/** A quarter hour, in ms: the span one learned offset holds for. */
export const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_SLOTS = 100_000;

/**
 * `offsetOf` (ms east of UTC at an instant), asked once per quarter hour. Bounded: forgets
 * everything when it holds 100,000 quarter hours (about three years).
 *
 * @example
 * ```ts
 * const berlin = perQuarterHour((ms) => offsetFromIntl('Europe/Berlin', ms));
 * ```
 */
export function perQuarterHour(offsetOf: (epochMs: number) => number): (epochMs: number) => number {
  const slots = new Map<number, number>();
  // The last quarter hour asked, in front of the map: a user's events come minutes apart, and
  // a lookup in a map of thousands of quarter hours misses the processor's caches.
  let lastSlot = NaN;
  let lastOffset = 0;
  return (epochMs) => {
    const slot = Math.floor(epochMs / QUARTER_HOUR_MS);
    if (slot === lastSlot) return lastOffset;
    let known = slots.get(slot);
    if (known === undefined) {
      if (slots.size >= MAX_SLOTS) slots.clear();
      slots.set(slot, (known = offsetOf(slot * QUARTER_HOUR_MS)));
    }
    lastSlot = slot;
    return (lastOffset = known);
  };
}

let device: ((epochMs: number) => number) | undefined;

/**
 * The device's offset from UTC at `epochMs`, in ms (east positive), from `Date`.
 *
 * @example
 * ```ts
 * deviceOffsetMs(Date.now()) // 3_600_000 in Berlin in winter
 * ```
 */
export function deviceOffsetMs(epochMs: number): number {
  device ??= perQuarterHour((ms) => {
    const minutes = -new Date(ms).getTimezoneOffset();
    return Number.isFinite(minutes) ? minutes * 60_000 : 0;
  });
  return device(epochMs);
}
