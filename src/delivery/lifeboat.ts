import { ERROR_CODES } from '../core/errors';
import type { Report } from '../core/reporter';
import type { AnalyticsEvent } from '../core/types';
import { isQuotaError } from '../storage/record';

/** What the lifeboat keeps of one event: its serialised size (as the queue counts it) and the event. */
export type Boarded = [bytes: number, event: AnalyticsEvent];

/** At most this many characters of JSON: localStorage holds about 5 M per origin, and the write blocks `pagehide`. */
const MAX_CHARS = 2_000_000;

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
  /** These events are durable (or delivered) now: forgets those of them this page boarded or took. */
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
  // Ids this page boarded or took: only those are ever removed here, so a drop is free (no
  // localStorage access) on the common path where this page boarded nothing.
  const mine = new Set<string>();
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
      return Array.isArray(list) ? list.filter((b: Boarded) => Array.isArray(b) && b[1]?.messageId) : [];
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
      report(error && !isQuotaError(error) ? ERROR_CODES.storageUnavailable : ERROR_CODES.storageQuota, `${count} event(s) could not be kept while the page closed`, { lost: count }, error);
    }
  };

  return {
    board(items) {
      if (items.length === 0 || name === undefined) return;
      if (!storage()) return report(ERROR_CODES.storageUnavailable, `${items.length} event(s) could not be kept while the page closed: no localStorage`, { lost: items.length });
      const list = read();
      const have = new Set(list.map((b) => b[1].messageId));
      let chars = JSON.stringify(list).length;
      let lost = 0;
      for (const item of items) {
        if (have.has(item[1].messageId)) continue;
        chars += item[0] + 16;
        if (chars > MAX_CHARS) lost++;
        else list.push(item), mine.add(item[1].messageId);
      }
      write(list, lost);
    },
    take() {
      const list = read();
      for (const b of list) mine.add(b[1].messageId);
      return list;
    },
    drop(items) {
      if (mine.size === 0) return;
      const gone = new Set<string>();
      for (const { id } of items) if (mine.delete(id)) gone.add(id);
      if (gone.size > 0) write(read().filter((b) => !gone.has(b[1].messageId)), 0);
    },
    clear() {
      mine.clear();
      write([], 0);
    },
  };
}
