/**
 * The contract between the client and a feature (lifecycle, targeting, engagement, ...).
 *
 * The client (`src/client/`) knows features only through these types, so a page that passes
 * no feature carries none of its code. A feature is a plain object made by a factory
 * (`lifecycle()`, `targeting()`); `createNudgeKit` calls its `setup` once, with a
 * {@link FeatureHost}, and drives the returned {@link FeatureInstance} at fixed points of the
 * flow of one event (docs/architecture.md):
 *
 * 1. `record(event)` updates the feature's state, before the event is queued (the profile);
 * 2. `stamp(event)` adds to `event.context`, before it is queued (the lifecycle stage);
 * 3. `react(input)` acts on the event, after it is queued (rules, checklists, points).
 *
 * Only types live here: this file adds no bytes to a bundle.
 */
import type { Clock } from './clock';
import type { ErrorHandler } from './errors';
import type { Report } from './reporter';
import type { AnalyticsEvent, JsonObject, Stage } from './types';

/** A stage transition caused by one event. */
export interface StageChange {
  from: Stage;
  to: Stage;
}

/**
 * What a feature may ask of the client. Every method is safe to call at any time; after
 * `shutdown()` they do nothing.
 */
export interface FeatureHost {
  readonly clock: Clock;
  /** Reports a runtime failure to `onError` (or a console warning once per code). */
  readonly report: Report;
  /** The client's error channel, for modules that take an `ErrorHandler`. */
  readonly onError: ErrorHandler;
  /** The IANA time zone from the client's options; `undefined` means the device's. */
  readonly timeZone: string | undefined;
  /**
   * Tracks one of the feature's own events (declared in `systemEvents`) through the whole
   * flow, after the event being processed: it is never nested inside another.
   */
  track(event: string, properties: JsonObject): void;
  /** Merges traits into the current user, checked and normalised like `identify()` traits. */
  identify(traits: JsonObject): void;
  /** Calls the app's `on(type)` listeners; returns whether there was any. */
  emit(type: string, ...args: unknown[]): boolean;
  /** The unit for hashing (samples, holdouts, variants): `userId ?? anonymousId`. */
  unitId(): string;
  /**
   * What rule conditions see now: the user's ids and traits plus every feature's
   * `attributes`. One object, refreshed in place on each call: read it, do not keep it.
   */
  attributes(): Record<string, unknown>;
  /** Writes a value to the store now (ignored without consent); `undefined` deletes the key (always allowed). Never rejects. */
  write(key: string, value: unknown): Promise<void>;
  /** Asks for every feature's `save()` to be written at the end of this tick. */
  persist(): void;
  /** Another feature of this client, by name, once every feature is set up. */
  feature(name: string): FeatureInstance | undefined;
}

/** What one event hands to `react`. */
export interface ReactInput {
  event: AnalyticsEvent;
  /** The event's name: a track event's name, `page` or `identify`. */
  name: string;
  /** {@link FeatureHost.attributes} with `event` (the name) and `properties` of this event. */
  attributes: Record<string, unknown>;
  /** Set when this event moved the lifecycle stage. */
  stageChange?: StageChange | undefined;
  /** NudgeKit's own events (`nudge_shown`, a feature's `systemEvents`) are not user activity. */
  system: boolean;
}

/**
 * A feature set up for one client. Every member is optional: a feature implements the
 * points of the flow it takes part in. None may throw: the client catches and reports
 * anything that does, but a feature should report its own failures more precisely.
 */
export interface FeatureInstance {
  /** Store keys to read at start-up; their values (or `undefined`) go to `restore`. */
  readonly storeKeys?: readonly string[];
  /** The feature's saved state, read once the store is open, before any event; start-up waits for a returned promise. */
  restore?(saved: Readonly<Record<string, unknown>>): void | Promise<void>;
  /** `[key, value]` pairs to write at the end of a tick in which `persist()` was asked for. */
  save?(): Array<[key: string, value: unknown]>;
  /** Names of the events this feature emits: reserved for it (`track()` refuses them), never user activity. */
  readonly systemEvents?: readonly string[];
  /** The most bytes `stamp` may add to an event's serialised size; the 32 KB check keeps room for them. */
  readonly stampBytes?: number;
  /** Updates state from one event, O(1); returns the stage change it caused, if any. `system`: see {@link ReactInput.system}. */
  record?(event: AnalyticsEvent, name: string, system: boolean): StageChange | undefined;
  /**
   * Adds to `event.context` before the event is queued; returns the bytes added (at most
   * `stampBytes`). `attributes` are those after `record`, as rules will see them.
   */
  stamp?(event: AnalyticsEvent, attributes: Record<string, unknown>): number;
  /** Writes what rule conditions may see into `into` (the shared attributes object). */
  attributes?(into: Record<string, unknown>): void;
  /** Acts on an event after it is queued. */
  react?(input: ReactInput): void;
  /** An event another tab processed: fold it into state, without acting on it. */
  receive?(event: AnalyticsEvent, name: string, system: boolean): StageChange | undefined;
  /** `reset()` on logout (`'logout'`), or `forget()` (`'forget'`): drop this user's state. */
  reset?(reason: 'logout' | 'forget'): void;
  /** `shutdown()`: stop timers and close what is on screen. */
  destroy?(): void;
}

/**
 * A feature, as passed in `features: [...]`. Made by a factory such as `lifecycle()` from
 * `nudgekit/lifecycle` or `targeting()` from `nudgekit/rules`.
 *
 * @example
 * ```ts
 * // A feature that counts page views per session and lets rules see the count.
 * const pageDepth = (): Feature => ({
 *   name: 'page-depth',
 *   setup: () => {
 *     let depth = 0;
 *     return {
 *       record: (event, name) => { if (name === 'session_start') depth = 0; else if (name === 'page') depth++; return undefined; },
 *       attributes: (into) => { into.pageDepth = depth; },
 *     };
 *   },
 * });
 * ```
 */
export interface Feature {
  /** Unique among a client's features; `nk.feature(name)`-style look-ups use it. */
  readonly name: string;
  /** Called once, by `createNudgeKit`. A configuration mistake throws a `ConfigError` here. */
  setup(host: FeatureHost): FeatureInstance;
}
