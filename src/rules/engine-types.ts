/**
 * The rule engine's contract with the client: its options, its methods and the decisions
 * it hands to `onDecision`.
 */
import type { Clock } from '../core/clock';
import type { AnalyticsEvent, Stage } from '../core/types';
import type { ErrorHandler } from '../core/errors';
import type { NudgeContent } from '../nudges/model';
import type { RuleDefinition } from './types';
import type { RuleIndex } from './compiled-rule';

/**
 * What the engine decided. `order` is the rule's position in the list. `show` goes to the
 * nudge dispatcher; `heldOut` and `converted` become `nudge_held_out` and `nudge_converted` events.
 * `variant` is the user's arm (`default` for a rule with one nudge, `holdout` for the control) and
 * `version` the rule's. `exposure` is set on the first decision for this user and rule version,
 * in every arm: it becomes `nudge_exposure`, logged before anything else happens.
 *
 * @example
 * ```ts
 * const onDecision = (d: Decision) => {
 *   if (d.kind !== 'converted' && d.exposure) track('nudge_exposure', d.exposure);
 *   if (d.kind === 'show') dispatcher.offer(d);
 *   else if (d.kind === 'heldOut') track('nudge_held_out', { ruleId: d.rule.id, variant: d.variant, version: d.version });
 *   else track('nudge_converted', { ruleId: d.ruleId, goalEvent: d.goalEvent, variant: d.variant, version: d.version });
 * };
 * ```
 */
export type Decision =
  | { kind: 'show'; rule: RuleDefinition; nudge: NudgeContent; priority: number; order: number; variant: string; version: string | number; exposure?: ExposureProperties }
  | { kind: 'heldOut'; rule: RuleDefinition; variant: 'holdout'; version: string | number; exposure?: ExposureProperties }
  | { kind: 'converted'; ruleId: string; goalEvent: string; shownAt: number; variant: string; version: string | number };

/**
 * Options of `createRuleEngine`.
 *
 * @example
 * ```ts
 * const options: RuleEngineOptions = { clock: systemClock, onDecision, onError, getAttributes: () => profile.attributes(),
 *   unitId: () => userId ?? anonymousId, save: (s) => store.set('caps', s), timeZone: 'Europe/Berlin', fatigue: { maxPerDay: 3 } };
 * ```
 */
export interface RuleEngineOptions {
  clock: Clock;
  onDecision: (decision: Decision) => void;
  onError: ErrorHandler;
  /** Current profile attributes, for delayed rules and inactivity triggers. */
  getAttributes: () => Record<string, unknown>;
  /** The hashing unit for sample, holdout and variants: `userId ?? anonymousId`. */
  unitId: () => string;
  /** Persists caps, fatigue, open goals and milestone counts. */
  save: (state: unknown) => void;
  /** IANA time zone for days, weeks and schedules; default: the device's. */
  timeZone?: string;
  /** One more gate, after caps: whether `rule` may show now (the survey re-ask policy). */
  allows?: (rule: RuleDefinition, now: number) => boolean;
  /** Caps across all rules. */
  fatigue?: { maxPerDay?: number; minGapMs?: number };
  /**
   * How many times `eventName` has been tracked, this event included. Default: the profile's
   * `attributes.events[name].count`; when that is missing the engine counts (and persists) itself.
   */
  eventCount?: (attributes: Record<string, unknown>, eventName: string) => number | undefined;
  /**
   * Diagnostics: called once each time a rule's trigger fired and its gates were checked, with
   * the first gate that stopped it (`'eligible'` when none did) and the attributes it was checked
   * against. The simulator (`nudgekit/simulate`) reports suppressions by reason from it.
   */
  trace?: (ruleId: string, outcome: TraceOutcome, attributes: Record<string, unknown>) => void;
}

/**
 * Where a rule whose trigger fired stopped, in the order the engine checks: global fatigue, the
 * rule's caps, the `allows` policy (the survey re-ask policy), its schedule, its sample, its audience (`when`); `'eligible'` when it passed them
 * all (it then competes with the other rules, may wait for its delay, and may be held out).
 *
 * @example
 * ```ts
 * const trace = (ruleId: string, outcome: TraceOutcome) => { if (outcome !== 'eligible') blocked[outcome]++; };
 * ```
 */
export type TraceOutcome = 'fatigue' | 'cap' | 'policy' | 'schedule' | 'sample' | 'audience' | 'eligible';

/**
 * The rule engine, as returned by `createRuleEngine`.
 *
 * @example
 * ```ts
 * engine.restore(await store.get('caps'));
 * engine.setRules(indexRules(validateRules(rules).rules));
 * engine.handle({ event, attributes });
 * engine.activity();
 * engine.destroy();
 * ```
 */
export interface RuleEngine {
  /**
   * Replaces the rules at once with `index`: valid rules (`validateRules`), compiled
   * (`indexRules`). Neither is part of the engine, so a page loads them only when it has rules.
   */
  setRules(index: RuleIndex): void;
  /** Restores persisted state (a corrupt one is reported and replaced by a fresh one). */
  restore(state: unknown): void;
  /** Processes one event. */
  handle(input: { event: AnalyticsEvent; attributes: Record<string, unknown>; stageChange?: { from: Stage; to: Stage } | undefined }): void;
  /** Saves now a state change that would otherwise be saved at the end of the current tick. */
  flush(): void;
  /** User activity: restarts the inactivity clock. */
  activity(): void;
  /** Another tab logged `nudge_exposure`: this one keeps the same arm and does not log it again. */
  exposed(properties: Record<string, unknown>, unit: string): void;
  /** Cancels every timer; the engine ignores calls afterwards. */
  destroy(): void;
}

/**
 * The properties of `nudge_exposure`: everything a backend needs to analyse the experiment
 * without the rule file.
 *
 * @example
 * ```ts
 * const e: ExposureProperties = { ruleId: 'welcome-back', variant: 'a', version: 1, weights: { holdout: 0.2, a: 0.4, b: 0.4 }, goal: { event: 'purchase', withinMs: 604_800_000 } };
 * ```
 */
export interface ExposureProperties {
  [key: string]: string | number | { [key: string]: string | number };
  ruleId: string;
  variant: string;
  version: string | number;
  /** Each arm's share of users (holdout included when the rule has one); they sum to 1. */
  weights: { [arm: string]: number };
}
