/**
 * The Profile type and the profile engine's contract.
 *
 * @packageDocumentation
 */
import type { Clock } from '../core/clock';
import type { ErrorHandler } from '../core/errors';
import type { AnalyticsEvent, JsonObject, JsonValue, Stage, Tier } from '../core/types';
import type { LifecycleOptions, ResolvedLifecycle } from '../lifecycle/options';
import type { RfmScores } from '../lifecycle/value';
import type { TimeZoneOffset } from './local-day';

/**
 * One event name's counter. Times are epoch ms (second precision after a restore).
 *
 * @example
 * ```ts
 * attributes().events.add_to_cart // { count: 3, first: 1767225600000, last: 1767312000000 }
 * ```
 */
export interface EventCounter {
  count: number;
  first: number;
  last: number;
}

/**
 * What happened to one rule's nudges on this device.
 *
 * @example
 * ```ts
 * // a rule condition: shown at most twice and never dismissed
 * { 'nudges.welcome.shown': { $lt: 2 }, 'nudges.welcome.dismissed': 0 }
 * ```
 */
export interface NudgeHistory {
  shown: number;
  clicked: number;
  dismissed: number;
  converted: number;
  heldOut: number;
  /** Epoch ms of the last `nudge_shown`, `null` if never shown. */
  lastShown: number | null;
}

/**
 * The on-device profile: a snapshot, safe to keep and mutate. Times are epoch ms, `null` when it never happened.
 *
 * @example
 * ```ts
 * const p = nk.profile();
 * if (p.stage === 'silent' && p.tier === 'high') showRecallBanner();
 * ```
 */
export interface Profile {
  userId: string | null;
  firstSeen: number | null;
  lastSeen: number | null;
  lastActive: number | null;
  /** When the user last came back after a gap of at least `silentDays`. */
  returnedAt: number | null;
  stage: Stage;
  tier: Tier;
  /** `null` for a user who never converted. */
  rfm: RfmScores | null;
  traits: JsonObject;
  sessions: { count: number; lastStart: number | null; totalDurationMs: number };
  activeDays: { last7: number; last30: number; last90: number; streak: number; total: number };
  conversions: { count: number; first: number | null; last: number | null; revenue: number; count365: number; revenue365: number };
  /** Per event name, the most recently seen `maxEventNames` names. */
  events: Record<string, EventCounter>;
  computed: Record<string, JsonValue>;
  /** Per rule id. */
  nudges: Record<string, NudgeHistory>;
  /** BG/NBD P(alive), when `lifecycle.churnModel` is set and the user has converted. */
  pAlive: number | null;
  /** BG/NBD expected conversions in the next 30 days (same conditions). */
  expectedConversions30d: number | null;
  /** P(alive) under `atRiskBelow` while the stage reads new, active or resurrected. */
  atRisk: boolean;
}

export type { StageChange } from '../core/feature';
import type { StageChange } from '../core/feature';

/**
 * One computed attribute: `reduce` runs on every event named in `on` (`'*'`: every non-system event).
 *
 * @example
 * ```ts
 * const cartValue: ComputedAttribute = { on: 'add_to_cart', reduce: (v, e) => (v as number) + Number(e.type === 'track' ? e.properties.price : 0), initial: 0 };
 * ```
 */
export interface ComputedAttribute {
  on: string | string[];
  reduce: (value: JsonValue, event: AnalyticsEvent) => JsonValue;
  initial: JsonValue;
}

/**
 * User-defined computed attributes, by name.
 *
 * @example
 * ```ts
 * createNudgeKit({ computed: { cartValue, lastCategory: { on: 'view_item', reduce: (_v, e) => e.type === 'track' ? e.properties.category ?? null : null, initial: null } } })
 * ```
 */
export type ComputedAttributes = Record<string, ComputedAttribute>;

/**
 * Options of {@link ProfileEngine}.
 *
 * @example
 * ```ts
 * createProfileEngine({ clock: systemClock, lifecycle: { newBasis: 'firstSeen' }, maxEventNames: 100, onError: console.warn })
 * ```
 */
export interface ProfileEngineOptions {
  clock: Clock;
  /** The stage, tier and RFM settings, or what `resolveLifecycleOptions` made of them (used as it is). */
  lifecycle?: LifecycleOptions | ResolvedLifecycle;
  computed?: ComputedAttributes;
  /** Most event names kept in `events` (least recently seen evicted first). Default 200. */
  maxEventNames?: number;
  /** Most rule ids kept in `nudges`. Default 200. */
  maxNudgeRules?: number;
  /** Most trait keys kept from `identify` calls; later new keys are left out and reported. Default 100. */
  maxTraitKeys?: number;
  /** Most bytes of traits (as JSON) kept; a trait that would pass it is left out and reported. Default 4096. */
  maxTraitBytes?: number;
  onError?: ErrorHandler;
  /** Offset of local time from UTC in minutes at a moment; default: the device's, via `Date`. */
  timeZoneOffset?: TimeZoneOffset;
}

/**
 * The incremental profile. Nothing here throws into the host app.
 *
 * @example
 * ```ts
 * const engine = createProfileEngine({ clock });
 * engine.restore(await store.get('profile'));
 * const change = engine.apply(event);
 * await store.set('profile', engine.serialize());
 * ```
 */
export interface ProfileEngine {
  /** Loads a persisted profile; an unknown or corrupt one is dropped (reported as `storage_corrupt`) and a fresh one starts. */
  restore(saved: unknown): void;
  /**
   * Updates the profile with one event in O(1); returns the stage change it caused, if any.
   * `system`: the event is NudgeKit's or a feature's own (not activity); by default, whether
   * it is one of `SYSTEM_EVENTS`.
   */
  apply(event: AnalyticsEvent, system?: boolean): StageChange | undefined;
  /** A deep copy of the profile as of the clock's now. */
  current(): Profile;
  /**
   * What rule conditions see, as of the clock's now, written into `into` (by default the
   * engine's own object, the same every call, refreshed in place: read it, do not keep it).
   */
  attributes(into?: Record<string, unknown>): Record<string, unknown>;
  /** The versioned JSON form for the store. */
  serialize(): unknown;
  /** Forgets everything: a fresh profile. */
  reset(): void;
}
