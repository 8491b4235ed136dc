/**
 * Validated rules, compiled once and indexed by what can fire them, so an event looks
 * up its few candidate rules in a Map instead of scanning every rule.
 */
import type { RegexEngine } from './regex-engine';
import type { RuleDefinition } from './types';
import type { CompiledRule } from './compiled-rule';
import { compileCondition, type SavedGroups } from './condition';
import { compileGlob } from './glob';
import { compileSchedule } from './schedule';
import { groupByValue, type EventRules } from './value-index';
import { compileArms, type RuleArms } from './assign';

export type { CompiledRule } from './compiled-rule';

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
export function indexRules(rules: readonly RuleDefinition[], savedGroups?: SavedGroups, regex?: RegexEngine): RuleIndex {
  const index: RuleIndex = { byId: new Map(), byEvent: new Map(), stage: [], page: [], inactivity: [], goals: new Map(), milestoneEvents: new Set() };
  const byEvent = new Map<string, CompiledRule[]>();
  rules.forEach((def, order) => {
    if (def.enabled === false) return;
    const rule = compileRule(def, order, savedGroups, regex);
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

function compileRule(def: RuleDefinition, order: number, savedGroups: SavedGroups | undefined, regex: RegexEngine | undefined): CompiledRule {
  const t = def.trigger;
  return {
    def,
    id: def.id,
    order,
    priority: def.priority ?? 0,
    where: 'event' in t && t.where ? compileCondition(t.where, savedGroups, regex) : undefined,
    when: def.when ? compileCondition(def.when, savedGroups, regex) : undefined,
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
