/**
 * Validated rules, compiled once and indexed by what can fire them, so an event looks
 * up its few candidate rules in a Map instead of scanning every rule.
 */
import type { Stage } from '../core/types';
import type { CapDefinition, RuleDefinition } from './types';
import { compileCondition, type CompiledCondition, type SavedGroups } from './condition';
import { compileGlob } from './glob';
import { compileSchedule, type ScheduleCheck } from './schedule';
import { groupByValue, type EventRules } from './value-index';
import { compileArms, type RuleArms } from './assign';

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

/**
 * Compiles and indexes validated rules. Disabled rules are left out.
 *
 * @example
 * ```ts
 * const index = indexRules(validateRules(json).rules);
 * index.byEvent.get('add_to_cart')?.all; // the rules add_to_cart can fire
 * ```
 */
export function indexRules(rules: readonly RuleDefinition[], savedGroups?: SavedGroups): RuleIndex {
  const index: RuleIndex = { byId: new Map(), byEvent: new Map(), stage: [], page: [], inactivity: [], goals: new Map(), milestoneEvents: new Set() };
  const byEvent = new Map<string, CompiledRule[]>();
  rules.forEach((def, order) => {
    if (def.enabled === false) return;
    const rule = compileRule(def, order, savedGroups);
    index.byId.set(rule.id, rule);
    const t = def.trigger;
    if ('event' in t) push(byEvent, t.event, rule);
    else if ('sessionStart' in t) push(byEvent, 'session_start', rule);
    else if ('milestone' in t) {
      push(byEvent, t.milestone.event, rule);
      index.milestoneEvents.add(t.milestone.event);
    } else if ('stageChange' in t) index.stage.push(rule);
    else if ('page' in t) index.page.push(rule);
    else if ('inactivityMs' in t) index.inactivity.push(rule);
    if (def.goal) push(index.goals, def.goal.event, rule);
  });
  for (const [name, list] of byEvent) index.byEvent.set(name, groupByValue(list));
  index.inactivity.sort((a, b) => a.inactivityMs - b.inactivityMs || a.order - b.order);
  return index;
}

function compileRule(def: RuleDefinition, order: number, savedGroups: SavedGroups | undefined): CompiledRule {
  const t = def.trigger;
  return {
    def,
    id: def.id,
    order,
    priority: def.priority ?? 0,
    where: 'event' in t && t.where ? compileCondition(t.where, savedGroups) : undefined,
    when: def.when ? compileCondition(def.when, savedGroups) : undefined,
    stageFrom: 'stageChange' in t ? t.stageChange.from : undefined,
    stageTo: 'stageChange' in t ? t.stageChange.to : undefined,
    page: 'page' in t ? compileGlob(t.page) : undefined,
    inactivityMs: 'inactivityMs' in t ? t.inactivityMs : 0,
    milestone: 'milestone' in t ? t.milestone : undefined,
    cap: def.cap,
    schedule: compileSchedule(def.schedule),
    arms: compileArms(def),
    sample: def.sample ?? 1,
    delayMs: def.delayMs ?? 0,
    sampledUnit: undefined,
    sampledIn: true,
    firedPeriod: -1,
  };
}

function push<K>(map: Map<K, CompiledRule[]>, key: K, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}
