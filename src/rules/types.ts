/**
 * The JSON rule format. The same object whether written by hand, produced by the
 * builder (`rule('id')...`) or loaded from a server.
 */
import type { Stage } from '../core/types';
import type { NudgeContent } from '../nudges/model';

/**
 * A MongoDB-style condition with GrowthBook's operators.
 *
 * @example
 * ```ts
 * const vip: Condition = { tier: 'high', 'traits.plan': { $in: ['pro', 'team'] } };
 * ```
 */
export type Condition = { [key: string]: unknown };

/**
 * What makes a rule fire. Exactly one form per rule.
 *
 * @example
 * ```ts
 * const t: TriggerDefinition = { event: 'add_to_cart', where: { price: { $gte: 50 } } };
 * ```
 */
export type TriggerDefinition =
  | { event: string; where?: Condition }
  | { stageChange: { from?: Stage; to?: Stage } }
  | { sessionStart: true }
  | { page: string }
  | { inactivityMs: number }
  | { milestone: { event: string; count: number } };

/**
 * How often a rule may show its nudge. Counts are of `nudge_shown` (and of holdouts).
 *
 * @example
 * ```ts
 * const cap: CapDefinition = { perSession: 1, perDay: 2, lifetime: 5, cooldownMs: 3_600_000 };
 * ```
 */
export interface CapDefinition {
  perSession?: number;
  perDay?: number;
  perWeek?: number;
  lifetime?: number;
  /** At least this long between two showings of this rule. */
  cooldownMs?: number;
}

/**
 * When a rule may fire, in the user's local time zone.
 *
 * @example
 * ```ts
 * const s: ScheduleDefinition = { daysOfWeek: [1, 2, 3, 4, 5], quietHours: { from: '22:00', to: '08:00' } };
 * ```
 */
export interface ScheduleDefinition {
  /** ISO 8601 date or date-time; the rule is off before it. */
  start?: string;
  /** ISO 8601 date or date-time; the rule is off from then on. */
  end?: string;
  /** 0 = Sunday ... 6 = Saturday. */
  daysOfWeek?: number[];
  /** Local `HH:MM` to `HH:MM`; may cross midnight (`22:00`–`08:00`). No nudge inside. */
  quietHours?: { from: string; to: string };
}

/**
 * A conversion that counts for the rule when it happens within `withinMs` after the nudge was shown.
 *
 * @example
 * ```ts
 * const goal: GoalDefinition = { event: 'purchase', withinMs: 7 * 86_400_000 };
 * ```
 */
export interface GoalDefinition {
  event: string;
  withinMs: number;
}

/**
 * One arm of a rule's experiment: an id, a relative weight (default 1) and the nudge it shows.
 * The id `holdout` is taken by the control arm; `default` is the id of a rule's single `nudge`.
 *
 * @example
 * ```ts
 * const a: VariantDefinition = { id: 'a', weight: 2, nudge: { type: 'banner', body: 'Free shipping today' } };
 * ```
 */
export interface VariantDefinition {
  id: string;
  /** Relative weight among the variants (> 0, default 1); the holdout's share is taken first. */
  weight?: number;
  nudge: NudgeContent;
}

/**
 * One targeting rule, as JSON.
 *
 * @example
 * ```ts
 * const r: RuleDefinition = { id: 'hello', trigger: { sessionStart: true }, nudge: { type: 'toast', body: 'Hi!' }, cap: { lifetime: 1 } };
 * ```
 */
export interface RuleDefinition {
  id: string;
  trigger: TriggerDefinition;
  /** Audience: a condition over profile, stage, tier, traits, computed attributes, event and properties. */
  when?: Condition;
  /** What the rule shows. A rule has either `nudge` (one arm, id `default`) or `variants`, never both. */
  nudge?: NudgeContent;
  /** Arms of an experiment, split by weight after the holdout's share; see {@link VariantDefinition}. */
  variants?: VariantDefinition[];
  cap?: CapDefinition;
  /** Higher wins when several rules fire at once; ties go to the rule listed first. */
  priority?: number;
  /** Share of users (0–1) held out (the arm `holdout`): they get `nudge_held_out` instead of the nudge. */
  holdout?: number;
  /**
   * The experiment's version (default 1). Arms are assigned per user and version, and kept on
   * the device when weights change; a new version assigns afresh and logs a new exposure.
   */
  version?: string | number;
  /** Share of users (0–1) the rule applies to at all. */
  sample?: number;
  /** Wait this long before showing; the condition is checked again then. */
  delayMs?: number;
  schedule?: ScheduleDefinition;
  goal?: GoalDefinition;
  /** Turns the rule off without removing it. */
  enabled?: boolean;
  /** Free text for the people who maintain the rule; ignored by the engine. */
  description?: string;
}

/**
 * A rule as accepted by `createNudgeKit({ rules })`: JSON, or anything with `toJSON()` such as a builder.
 *
 * @example
 * ```ts
 * const rules: RuleInput[] = [rule('a').on('go').show({ type: 'toast' }), { id: 'b', trigger: { event: 'go' }, nudge: { type: 'toast' } }];
 * ```
 */
export type RuleInput = RuleDefinition | { toJSON(): RuleDefinition };
