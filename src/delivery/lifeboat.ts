import { ERROR_CODES } from '../core/errors';
import type { Report } from '../core/reporter';
import type { AnalyticsEvent } from '../core/types';
import { isQuotaError } from '../storage/record';

/** What the lifeboat keeps of one event: its serialised size (as the queue counts it) and the event. */
export type Boarded = [bytes: number, event: AnalyticsEvent];

/** At most this many characters of JSON: localStorage holds about 5 M per origin, and the write blocks `pagehide`. */
const MAX_CHARS = 2_000_000;
const LOST = 'Events could not be kept while the page closed (details.lost)';

/**
 * A small synchronous store for the events a closing page could not make durable: those whose
 * IndexedDB write had not committed (a burst tracked in the same task as a navigation) and those
 * tracked before IndexedDB opened. `pagehide` leaves no time for an asynchronous write, so they go
 * to `localStorage`, as JSON under one versioned key per store name; the next load moves them into
 * the queue under the same messageIds (see lifeboat-land.ts).
 *
 * Several tabs share the key: each write reads it first and adds only events it lacks, and
 * {@link Lifeboat.drop} removes only the ids it names. Nothing here throws: a missing or blocked
 * `localStorage` (SecurityError), a full one (QuotaExceededError) or the size bound is reported
 * with the number of events it could not keep.
 */
export interface Lifeboat {
  /** Keeps these events (oldest first) until {@link drop}. Synchronous: for `pagehide`. */
  board(items: readonly Boarded[]): void;
  /** The events kept by earlier pages (or tabs); their ids count as this page's from now on. */
  take(): Boarded[];
  /** These events are durable (or delivered) now: forgets them (a no-op until this page boarded or took some). */
  drop(items: readonly { id: string }[]): void;
  /** Forgets everything (consent denied, `forget()`). */
  clear(): void;
}

/**
 * Creates the lifeboat of the store `name`, or an inert one where there is no `localStorage`
 * (Node, a worker, a sandboxed frame).
 *
 * @example
 * ```ts
 * const lifeboat = createLifeboat('nudgekit', report);
 * lifeboat.board([[bytes, event]]); // on pagehide
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function createLifeboat(name: string | undefined, report: Report): Lifeboat {
  const key = `nudgekit:lifeboat:v1:${name}`;
  // Whether this page boarded or took anything: until then a drop is free (no localStorage
  // access), which is the path of every write of the queue on a page that never closed.
  let used = false;
  const storage = (): Storage | undefined => {
    try {
      return globalThis.localStorage;
    } catch {
      return undefined; // SecurityError: storage blocked for this document
    }
  };
  const read = (): Boarded[] => {
    try {
      const list: unknown = JSON.parse(storage()?.getItem(key) ?? '[]');
      return Array.isArray(list) ? list.filter((b: Boarded | undefined) => b?.[1]?.messageId) : [];
    } catch {
      return []; // unreadable or corrupt: nothing to rescue
    }
  };
  const write = (list: Boarded[], lost: number): void => {
    let error: unknown;
    try {
      if (list.length > 0) storage()!.setItem(key, JSON.stringify(list));
      else storage()?.removeItem(key);
    } catch (e) {
      error = e;
    }
    if (error || lost > 0) {
      const count = lost + (error ? list.length : 0);
      report(error && !isQuotaError(error) ? ERROR_CODES.storageUnavailable : ERROR_CODES.storageQuota, LOST, { lost: count }, error);
    }
  };

  return {
    board(items) {
      if (items.length === 0 || name === undefined) return;
      if (!storage()) return report(ERROR_CODES.storageUnavailable, LOST, { lost: items.length });
      const list = read();
      const have = new Set(list.map((b) => b[1].messageId));
      let chars = JSON.stringify(list).length;
      let lost = 0;
      for (const item of items) {
        if (have.has(item[1].messageId)) continue;
        chars += item[0] + 16;
        if (chars > MAX_CHARS) lost++;
        else list.push(item), (used = true);
      }
      write(list, lost);
    },
    take() {
      used = true;
      return read();
    },
    drop(items) {
      if (!used) return;
      const gone = new Set(items.map((i) => i.id));
      const list = read();
      const left = list.filter((b) => !gone.has(b[1].messageId));
      if (left.length < list.length) write(left, 0);
      used = left.length > 0;
    },
    clear() {
      write([], 0);
    },
  };
}
