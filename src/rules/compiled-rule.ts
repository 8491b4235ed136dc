/**
 * A rule as the engine runs it: validated, its conditions compiled, its trigger unpacked, and
 * the index of such rules. Apart from `rule-index.ts`, which builds them, so that
 * `value-index.ts` can use the types without the two files importing each other, and so that
 * the engine, which only reads them, does not carry the compiler (loaded on demand).
 */
import type { Stage } from '../core/types';
import type { CompiledCondition } from './condition';
import type { ScheduleCheck } from './schedule';
import type { NudgeContent } from '../nudges/model';
import type { CapDefinition, GoalDefinition, RuleDefinition } from './types';

/** A variant ready to assign: users whose hash is below `upper` (and above the previous one's) get it. */
interface Variant {
  id: string;
  nudge: NudgeContent;
  upper: number;
}

/** The arms of one rule, compiled once when rules are set. */
export interface RuleArms {
  ruleId: string;
  /** The rule's `version` as written (default 1); sent with every event of the experiment. */
  version: string | number;
  /** `String(version)`: 1 and "1" are the same version. */
  versionKey: string;
  seed: string;
  holdout: number;
  variants: readonly Variant[];
  /** Each arm's share of users, holdout included when > 0; they sum to 1. */
  shares: ReadonlyMap<string, number>;
  goal: GoalDefinition | undefined;
}

/** The rules one event can fire, grouped by the value most of them compare with a string. */
export interface EventRules {
  /** Every rule on the event, in rule order. */
  all: CompiledRule[];
  /** The value the rules are grouped by, from the attributes or the event's properties. */
  read?: (attributes: Record<string, unknown>, properties: Record<string, unknown>) => unknown;
  /** Each literal's rules merged with `rest`, in rule order. */
  byValue?: Map<string, CompiledRule[]>;
  /** The rules without a literal on that path, in rule order. */
  rest?: CompiledRule[];
}

/** A rule ready to run. */
export interface CompiledRule {
  def: RuleDefinition;
  id: string;
  /** Position in the rule list: breaks priority ties. */
  order: number;
  priority: number;
  /** `where` of an event trigger, over the event's properties. */
  where: CompiledCondition | undefined;
  when: CompiledCondition | undefined;
  stageFrom: Stage | undefined;
  stageTo: Stage | undefined;
  page: ((path: string) => boolean) | undefined;
  inactivityMs: number;
  milestone: { event: string; count: number } | undefined;
  cap: CapDefinition | undefined;
  schedule: ScheduleCheck | undefined;
  /** The holdout and variants, and how users are split among them. */
  arms: RuleArms;
  sample: number;
  delayMs: number;
  /** Sampling is a hash of (rule, unit): remembered for the last unit seen. */
  sampledUnit: string | undefined;
  sampledIn: boolean;
  /** The inactivity period this rule last fired in. */
  firedPeriod: number;
}

/** Rules grouped by what can fire them. */
export interface RuleIndex {
  byId: Map<string, CompiledRule>;
  /** Event name -> rules with an event, sessionStart or milestone trigger on it, grouped by value (see `value-index`). */
  byEvent: Map<string, EventRules>;
  stage: CompiledRule[];
  page: CompiledRule[];
  /** Sorted by `inactivityMs`, shortest first. */
  inactivity: CompiledRule[];
  /** Goal event name -> rules whose goal it is. */
  goals: Map<string, CompiledRule[]>;
  /** Event names counted for milestones. */
  milestoneEvents: Set<string>;
}

/** An index of no rules. */
export const emptyRuleIndex = (): RuleIndex => ({ byId: new Map(), byEvent: new Map(), stage: [], page: [], inactivity: [], goals: new Map(), milestoneEvents: new Set() });
