/**
 * Day-level histories in fixed rings of 512 days (enough for the 365-day windows, with room
 * for the clock to move between events): which local days had activity, and conversions and
 * revenue per day (only the slots of days that had any are kept). Each slot remembers which
 * day it holds, so nothing needs clearing when time jumps ahead, and a stale slot never counts. A day 512 or more days before the newest
 * one recorded (the clock moved far back) is ignored: its slot belongs to a newer day.
 *
 * @packageDocumentation
 */

const SIZE = 512;
const MASK = SIZE - 1;
const EMPTY = -2147483648;

/** Active days: counts for the last 7/30/90 days and the current streak. */
export interface ActiveDayCounts {
  last7: number;
  last30: number;
  last90: number;
  /** Consecutive active days ending today (or yesterday, so a streak is not broken before today's first visit). */
  streak: number;
}

/** The active-day history. */
export interface ActiveDays {
  /** Records activity on `day`. O(1). Ignored 512+ days before the newest day. */
  mark(day: number): void;
  /** Counts as of `today`; the returned object is reused (recomputed at most once per day or new active day). */
  counts(today: number): ActiveDayCounts;
  /** Distinct active days ever (not bounded by the ring). */
  total(): number;
  /** Compact form: `[latest day, hex bitmask of the 512 days up to it]`. */
  toJSON(): [number, string, number] | null;
  /** Loads what {@link ActiveDays.toJSON} produced; returns false if it is malformed. */
  load(saved: unknown): boolean;
}

/**
 * Creates an empty active-day history.
 *
 * @example
 * ```ts
 * const days = createActiveDays();
 * days.mark(100); days.mark(101);
 * days.counts(101).streak // 2
 * ```
 */
export function createActiveDays(): ActiveDays {
  // One bit per day of the 512 up to the latest active day, at bit (day mod 512): 64 bytes
  // rather than a ring of 512 day numbers (2 KB and an allocation per profile, one per user in
  // a replay). Days before those 512 are not active; no count reaches that far back.
  const bits = new Int32Array(SIZE / 32);
  let latest = EMPTY;
  let totalDays = 0;
  let version = 0;
  let cachedFor = NaN;
  let cachedVersion = -1;
  const cache: ActiveDayCounts = { last7: 0, last30: 0, last90: 0, streak: 0 };
  const active = (day: number): boolean => day <= latest && day > latest - SIZE && (bits[(day & MASK) >> 5]! & (1 << (day & 31))) !== 0;
  const set = (day: number) => void (bits[(day & MASK) >> 5]! |= 1 << (day & 31));

  return {
    mark(day) {
      // A day the ring no longer covers (the clock moved back 512+ days) would take a newer day's slot.
      if (active(day) || day <= latest - SIZE) return;
      if (day > latest) {
        // The bits of the days coming into the 512 belonged to days 512 before them.
        if (day - latest >= SIZE) bits.fill(0);
        else for (let d = latest + 1; d <= day; d++) bits[(d & MASK) >> 5]! &= ~(1 << (d & 31));
        latest = day;
      }
      set(day);
      totalDays++;
      version++;
    },
    counts(today) {
      if (today === cachedFor && version === cachedVersion) return cache;
      cachedFor = today;
      cachedVersion = version;
      cache.last7 = cache.last30 = cache.last90 = cache.streak = 0;
      for (let i = 0; i < 90; i++) {
        if (!active(today - i)) continue;
        cache.last90++;
        if (i < 30) cache.last30++;
        if (i < 7) cache.last7++;
      }
      let day = active(today) ? today : today - 1;
      while (cache.streak < SIZE && active(day)) {
        cache.streak++;
        day--;
      }
      return cache;
    },
    total: () => totalDays,
    toJSON() {
      if (latest === EMPTY) return null;
      let hex = '';
      for (let word = 0; word < SIZE / 16; word++) {
        let bits = 0;
        for (let i = 0; i < 16; i++) if (active(latest - word * 16 - i)) bits |= 1 << i;
        hex += bits.toString(16).padStart(4, '0');
      }
      return [latest, hex.replace(/0+$/, ''), totalDays];
    },
    load(saved) {
      if (saved === null || saved === undefined) return true;
      if (!Array.isArray(saved) || !Number.isInteger(saved[0]) || typeof saved[1] !== 'string' || !/^[0-9a-f]*$/.test(saved[1])) return false;
      if (saved[1].length > SIZE / 4 || !Number.isInteger(saved[2]) || saved[2] < 0) return false;
      const last = saved[0] as number;
      const hex = (saved[1] as string).padEnd(SIZE / 4, '0');
      latest = last;
      for (let word = 0; word < SIZE / 16; word++) {
        const saved16 = parseInt(hex.slice(word * 4, word * 4 + 4), 16);
        for (let i = 0; i < 16; i++) if (saved16 & (1 << i)) set(last - word * 16 - i);
      }
      totalDays = saved[2] as number;
      version++;
      return true;
    },
  };
}

/** Conversions and revenue per day over the last 365 days (the day `today` included). */
export interface ConversionDays {
  /** Records one conversion with `revenue` on `day` (the current day). O(1). Ignored 512+ days before the newest day. */
  add(day: number, revenue: number): void;
  /** Count and revenue in the 365 days ending `today`; the object is reused. */
  window(today: number): { count: number; revenue: number };
  /** Compact form: `[latest day, ...triples of (days before latest, count, revenue)]`. */
  toJSON(): number[] | null;
  load(saved: unknown): boolean;
}

/**
 * Creates an empty per-day conversion history.
 *
 * @example
 * ```ts
 * const c = createConversionDays();
 * c.add(10, 25); c.window(300) // { count: 1, revenue: 25 }
 * ```
 */
export function createConversionDays(): ConversionDays {
  // Only the days that had conversions, by their slot of a 512-day ring (day mod 512): most
  // profiles convert on a few days, and a ring of typed arrays cost 10 KB and an allocation per
  // profile (a replay makes one per user). A day still takes the slot of the day 512 before it.
  const slots = new Map<number, { day: number; count: number; revenue: number }>();
  let latest = EMPTY;
  let cachedFor = NaN;
  const cache = { count: 0, revenue: 0 };

  function put(day: number, count: number, money: number): boolean {
    if (day <= latest - SIZE) return false; // as in mark(): the slot holds a newer day
    const slot = day & MASK;
    let held = slots.get(slot);
    if (held?.day !== day) slots.set(slot, (held = { day, count: 0, revenue: 0 }));
    held.count += count;
    held.revenue += money;
    if (day > latest) latest = day;
    return true;
  }

  return {
    add(day, money) {
      if (!put(day, 1, money)) return;
      if (day === cachedFor) {
        cache.count++;
        cache.revenue += money;
      } else cachedFor = NaN;
    },
    window(today) {
      if (today === cachedFor) return cache;
      cachedFor = today;
      cache.count = 0;
      cache.revenue = 0;
      // Nothing to read when the latest conversion is older than the window: a replay asks once
      // per user and day, and many of its users have none in it.
      if (latest > today - 365) {
        for (const held of slots.values()) {
          if (held.day > today - 365 && held.day <= today) {
            cache.count += held.count;
            cache.revenue += held.revenue;
          }
        }
      }
      return cache;
    },
    toJSON() {
      if (latest === EMPTY) return null;
      const out = [latest];
      for (let back = 0; back < 365; back++) {
        const held = slots.get((latest - back) & MASK);
        // Revenue to the cent: the window sum needs no more, and it keeps the stored form short.
        if (held?.day === latest - back) out.push(back, held.count, Math.round(held.revenue * 100) / 100);
      }
      return out;
    },
    load(saved) {
      if (saved === null || saved === undefined) return true;
      if (!Array.isArray(saved) || saved.length % 3 !== 1 || !saved.every((n) => typeof n === 'number' && Number.isFinite(n))) return false;
      const last = saved[0] as number;
      for (let i = 1; i < saved.length; i += 3) {
        const back = saved[i] as number;
        if (!Number.isInteger(back) || back < 0 || back >= 365) return false;
        put(last - back, saved[i + 1] as number, saved[i + 2] as number);
      }
      latest = last;
      cachedFor = NaN;
      return true;
    },
  };
}
