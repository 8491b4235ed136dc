/**
 * The JSON rule format. The same object whether written by hand, produced by the
 * builder (`rule('id')...`) or loaded from a server.
 */
import type { Stage } from '../core/types';
import type { NudgeContent } from '../nudges/model';

/** A MongoDB-style condition with GrowthBook's operators. */
export type Condition = { [key: string]: unknown };

/** What makes a rule fire. Exactly one form per rule. */
export type TriggerDefinition =
  | { event: string; where?: Condition }
  | { stageChange: { from?: Stage; to?: Stage } }
  | { sessionStart: true }
  | { page: string }
  | { inactivityMs: number }
  | { milestone: { event: string; count: number } };

/** How often a rule may show its nudge. Counts are of `nudge_shown`. */
export interface CapDefinition {
  perSession?: number;
  perDay?: number;
  perWeek?: number;
  lifetime?: number;
  /** At least this long between two showings of this rule. */
  cooldownMs?: number;
}

/** When a rule may fire, in the user's local time zone. */
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

/** A conversion that counts for the rule when it happens within `withinMs` after the nudge was shown. */
export interface GoalDefinition {
  event: string;
  withinMs: number;
}

/** One targeting rule, as JSON. */
export interface RuleDefinition {
  id: string;
  trigger: TriggerDefinition;
  /** Audience: a condition over profile, stage, tier, traits, computed attributes, event and properties. */
  when?: Condition;
  nudge: NudgeContent;
  cap?: CapDefinition;
  /** Higher wins when several rules fire at once; ties go to the rule listed first. */
  priority?: number;
  /** Share of users (0–1) held out: they get `nudge_held_out` instead of the nudge. */
  holdout?: number;
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

/** A rule as accepted by `createNudgeKit({ rules })`: JSON, or anything with `toJSON()` such as a builder. */
export type RuleInput = RuleDefinition | { toJSON(): RuleDefinition };
