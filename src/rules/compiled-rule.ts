/**
 * A rule as the engine runs it: validated, its conditions compiled, its trigger unpacked.
 * Apart from `rule-index.ts`, which builds these, so that `value-index.ts` can use the type
 * without the two files importing each other.
 */
import type { Stage } from '../core/types';
import type { CompiledCondition } from './condition';
import type { ScheduleCheck } from './schedule';
import type { CapDefinition, RuleDefinition } from './types';
import type { RuleArms } from './assign';

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
