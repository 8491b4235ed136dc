/**
 * A rule as the engine runs it: validated, its conditions compiled, its trigger unpacked, and
 * the index of such rules. Apart from `rule-index.ts`, which builds them, so that
 * `value-index.ts` can use the types without the two files importing each other, and so that
 * the engine, which only reads them, does not carry the compiler (loaded on demand).
 */
import type { Stage } from '../core/types';
import type { CompiledCondition } from './condition';
import type { ScheduleCheck } from './schedule';
import type { CapDefinition, RuleDefinition } from './types';
import type { RuleArms } from './assign';
import type { EventRules } from './value-index';

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
