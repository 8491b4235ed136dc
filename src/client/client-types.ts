/**
 * The public shape of a NudgeKit client.
 */
import type { AnalyticsEvent, JsonObject } from '../core/types';
import type { StageChange } from '../core/feature';
import type { Profile } from '../profile/types';
import type { ActiveNudge } from '../nudges/active-nudge';

/**
 * Your app's events and their properties, to type `track()`:
 *
 * @example
 * ```ts
 * type AppEvents = { add_to_cart: { sku: string; price: number }; purchase: { revenue: number } };
 * const nk = createNudgeKit<AppEvents>({ endpoint });
 * nk.track('purchase', { revenue: 10 }); // checked by the compiler
 * ```
 */
export type EventMap = Record<string, Record<string, unknown> | undefined>;

/** What `on(type, handler)` can listen to; each maps to the handler's arguments. */
export interface ClientEvents {
  [key: string]: unknown[];
  /** A nudge to show with your own UI (headless; needs `targeting()`). Call `nudge.shown()`, then `click()` or `dismiss()`. */
  nudge: [nudge: ActiveNudge];
  /** Every event the client processed, after enrichment. */
  event: [event: AnalyticsEvent];
  /** The lifecycle stage changed (needs `lifecycle()`). */
  stageChange: [change: StageChange];
}

/** Whether the user agreed to tracking; `unknown` until `setConsent` when `requireConsent` is on. */
export type ConsentState = 'granted' | 'denied' | 'unknown';

/** Counters for the life of this client. */
export interface ClientStats {
  /** Events waiting in the queue. */
  queued: number;
  /** Events the backend acknowledged. */
  sent: number;
  /** Events that will never be sent: queue cap, rejected before queueing, or no consent (backend rejections are in `failed`). */
  dropped: number;
  /** Events sent again after a transient failure (once per retry). */
  retried: number;
  /** Events the backend rejected for good (a 4xx, or the one event a 400/413/422 split isolated). */
  failed: number;
  /** Of `dropped`: events rejected before queueing (invalid name, over 32 KB). */
  rejected: number;
  /** Of `dropped`: calls discarded because consent was denied or never given. */
  consentDropped: number;
  /**
   * Of `dropped`: events dropped before the client was ready because too many calls waited:
   * more than the queue may hold (`queue.maxEvents`) while the store opened, or more than
   * 1,000 while consent was unknown.
   */
  heldDropped: number;
  /** Events a plugin cancelled on purpose (not counted as dropped). */
  cancelled: number;
}

/**
 * A NudgeKit client, as returned by `createNudgeKit`. No method throws.
 *
 * @example
 * ```ts
 * const nk: NudgeKit = createNudgeKit({ endpoint: '/v1/batch' });
 * nk.identify('user-42', { plan: 'pro' });
 * nk.track('purchase', { revenue: 49.9 });
 * await nk.shutdown();
 * ```
 */
export interface NudgeKit<Events extends EventMap = EventMap> {
  /** Tracks a user action. @example `nk.track('add_to_cart', { sku: 'A-1' })` */
  track<K extends keyof Events & string>(event: K, properties?: Events[K]): void;
  /** Sets the user id and merges traits. @example `nk.identify('user-42', { plan: 'pro' })` */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** Tracks a page view; url, path, title and referrer are filled in. @example `nk.page('Pricing')` */
  page(name?: string, properties?: Record<string, unknown>): void;
  /**
   * On logout: a new anonymous id, no user id, no traits, a fresh profile; the next event
   * starts a new session (whose index goes on counting this device's sessions). Applies in
   * order after the calls made before it; not dropped when consent is denied.
   */
  reset(): void;
  /** Sends everything queued now. */
  flush(): Promise<void>;
  /** Flushes, stops timers, removes listeners and releases locks. Calls after it are ignored (and reported). */
  shutdown(): Promise<void>;
  /** Listens to client events; returns a function that stops listening. */
  on<K extends keyof ClientEvents & string>(type: K, handler: (...args: ClientEvents[K]) => void): () => void;
  /** Stops listening. */
  off<K extends keyof ClientEvents & string>(type: K, handler: (...args: ClientEvents[K]) => void): void;
  /**
   * A snapshot of the on-device profile: stage, tier, counters, conversions, ... It is kept by
   * the `lifecycle()` feature from `nudgekit/lifecycle`; without that feature there is no
   * profile and this returns `undefined` (`user()` still gives the ids and traits).
   *
   * @example
   * ```ts
   * await nk.ready();
   * const stage = nk.profile()?.stage; // 'potential', 'new', 'active', ...
   * ```
   */
  profile(): Profile | undefined;
  /** The nudge on screen or handed to `nudge` listeners, if any (needs `targeting()`): lets a UI that subscribes late pick it up. */
  currentNudge(): ActiveNudge | undefined;
  /**
   * The ids and traits in use, as of the calls processed so far. The stored ids are known
   * only once `ready()` resolves: until then `anonymousId` is `''` and `userId` is `null`
   * (an id made up earlier would contradict the stored one). Calls made meanwhile are held
   * and carry the stored ids.
   *
   * @example
   * ```ts
   * await nk.ready();
   * const { anonymousId } = nk.user(); // e.g. to link a server-side event to this device
   * ```
   */
  user(): { anonymousId: string; userId: string | null; traits: JsonObject };
  /** Records the user's choice. `denied` discards held calls and purges the queue. */
  setConsent(state: 'granted' | 'denied'): void;
  /** Erases everything stored for this user on this device: profile, queue, caps, nudge history, ids. */
  forget(): Promise<void>;
  /** Delivery and validation counters. */
  stats(): ClientStats;
  /** Resolves when storage is open and stored state is restored. Calls made before are held, not lost. */
  ready(): Promise<void>;
}
