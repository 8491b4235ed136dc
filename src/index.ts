/**
 * NudgeKit: client-side user operations. This entry is the client: tracking, identity,
 * sessions, consent, plugins, the persisted queue and delivery. Everything else is a
 * feature imported from its own entry and passed in `features`, so a page carries only
 * what it uses:
 *
 * - `nudgekit/lifecycle`: `lifecycle()`, the profile, stage, tier, RFM; `bgnbd()` churn model
 * - `nudgekit/rules`: `targeting()`, `rule()`, `loadRules()`, presets
 * - `nudgekit/dom`: `domRenderer()`
 * - `nudgekit/formats`: `posthogFormat`, `amplitudeFormat`
 * - `nudgekit/testing`: a manual clock for your tests
 * - `nudgekit/node`: `fileStore()`
 *
 * Every export is named here on purpose; nothing else is public.
 *
 * @packageDocumentation
 */

// The client
export { createNudgeKit } from './client/create';
export type { NudgeKitConfig } from './client/config';
export type { NudgeKit, ClientEvents, ClientStats, ConsentState, EventMap } from './client/client-types';
export type { RedactRule } from './client/normalize';
export type { Plugin } from './client/plugins';

// Features: the contract, for writing your own
export type { Feature, FeatureHost, FeatureInstance, ReactInput, StageChange } from './core/feature';

// The event model
export { SYSTEM_EVENTS, STAGES, TIERS } from './core/types';
export type {
  AnalyticsEvent, TrackEvent, IdentifyEvent, PageEvent, BaseEvent, EventContext, EventType, JsonValue, JsonObject,
  Stage, Tier, SystemEventName,
} from './core/types';

// Errors
export { NudgeKitError, ConfigError, isNudgeKitError, ERROR_CODES } from './core/errors';
export type { ErrorCode, ErrorHandler } from './core/errors';
export type { Clock } from './core/clock';

// Storage
export { memoryStore } from './storage/memory';
export { indexedDBStore } from './storage/indexeddb-entry';
export type { Store, QueueRecord, NewQueueRecord } from './storage/store';
export type { StoreOption } from './storage/store-option';

// Delivery
export { segmentFormat } from './delivery/formats/segment';
export type { DeliveryOptions, FormatFunction, FormatMeta, FormattedRequest, Transport, TransportRequest, TransportResponse } from './delivery/options';
