/**
 * NudgeKit: client-side user operations. Track events, know each user's lifecycle
 * stage and value tier on the device, target them with local rules, show nudges, and
 * deliver every event to any backend without losing one.
 *
 * Every export is named here on purpose; nothing else is public.
 *
 * @packageDocumentation
 */

// The client
export { createNudgeKit } from './core/client';
export type { NudgeKitConfig } from './core/config';
export type { NudgeKit, ClientEvents, ClientStats, ConsentState, EventMap } from './core/client-types';

// The event model
export { SYSTEM_EVENTS, STAGES, TIERS } from './core/types';
export type {
  AnalyticsEvent, TrackEvent, IdentifyEvent, PageEvent, BaseEvent, EventContext, EventType, JsonValue, JsonObject,
  Stage, Tier, SystemEventName,
} from './core/types';

// Errors
export { NudgeKitError, ConfigError, isNudgeKitError, ERROR_CODES } from './core/errors';
export type { ErrorCode, ErrorHandler } from './core/errors';

// Time
export { createManualClock, systemClock } from './core/clock';
export type { Clock, ManualClock } from './core/clock';
export type { RedactRule } from './core/normalize';
export type { Plugin } from './core/plugins';

// Storage
export { memoryStore, indexedDBStore } from './storage/index';
export type { Store, QueueRecord, NewQueueRecord, StoreOption } from './storage/index';

// Profile and lifecycle
export type { Profile, StageChange, LifecycleOptions, ComputedAttributes } from './profile/index';
export { probabilityAlive, expectedConversions, classifyStage, valueTier, rfmScores } from './lifecycle/index';

// Rules
export { evalCondition, compileCondition, hash, rule, validateRules, loadRules } from './rules/index';
export type { LoadRulesOptions, LoadRulesResult, RulesCache } from './rules/index';
export type {
  RuleDefinition, RuleInput, TriggerDefinition, Condition, CapDefinition, ScheduleDefinition, GoalDefinition,
} from './rules/types';

// Nudges
export { isSafeUrl, welcomeBack, winBackHighValue, firstConversion, remindMe } from './nudges/index';
export type { ActiveNudge, Renderer } from './nudges/index';
export type { NudgeContent, NudgeAction, NudgeType, NudgePlacement } from './nudges/model';

// Delivery
export { segmentFormat, posthogFormat, amplitudeFormat } from './delivery/index';
export type { DeliveryOptions, FormatFunction, FormatMeta, Transport, TransportRequest, TransportResponse } from './delivery/index';
