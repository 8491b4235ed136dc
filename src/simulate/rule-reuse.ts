/**
 * What a replay's devices can share of the rules, compiled once: every device's engine still
 * gets its own index and its own rule objects (they carry per-engine state: the last sampled
 * unit, the inactivity period a rule last fired in), but the compiled conditions, globs,
 * schedules and arms inside them are built once, not once per user (a few % of a replay).
 */
import type { AnalyticsEvent, JsonObject } from '../core/types';
import type { StageChange } from '../core/feature';
import type { RuleDefinition } from '../rules/types';
import type { CompiledRule, RuleIndex, indexRules as IndexRules } from '../rules/rule-index';
import type { EventRules } from '../rules/compiled-rule';

/**
 * `indexRules` for the devices of one replay: for the arguments `base` was indexed from (the
 * same rule objects, in order), a copy of `base` with fresh rule objects; else `indexRules`
 * itself. `oneAtATime` gives every call the same copy, its rules' state reset: only for
 * devices that never run side by side.
 */
export function reuseIndex(indexRules: typeof IndexRules, ...from: Parameters<typeof IndexRules>): { base: RuleIndex; indexRules: typeof IndexRules; oneAtATime: typeof IndexRules } {
  const [checked, groups, engine] = from;
  const base = indexRules(...from);
  const isBase = (rules: Parameters<typeof IndexRules>[0], savedGroups: unknown, regex: unknown) =>
    savedGroups === groups && regex === engine && rules.length === checked.length && rules.every((rule, i) => rule === checked[i]);
  const copyOfBase = (): RuleIndex => {
    const copies = new Map<CompiledRule, CompiledRule>();
    // The state indexRules starts a rule with, whatever the base's engine-less copy holds.
    for (const rule of base.byId.values()) copies.set(rule, { ...rule, sampledUnit: undefined, sampledIn: true, firedPeriod: -1 });
    const copy = (rule: CompiledRule) => copies.get(rule)!;
    const list = (rules: CompiledRule[]) => rules.map(copy);
    const group = ({ all, read, byValue, rest: others }: EventRules): EventRules => {
      if (!byValue || !read || !others) return { all: list(all) };
      return { all: list(all), read, byValue: new Map([...byValue].map(([value, rules]) => [value, list(rules)])), rest: list(others) };
    };
    return {
      byId: new Map([...base.byId].map(([id, rule]) => [id, copy(rule)])),
      byEvent: new Map([...base.byEvent].map(([name, rules]) => [name, group(rules)])),
      stage: list(base.stage),
      page: list(base.page),
      inactivity: list(base.inactivity),
      goals: new Map([...base.goals].map(([name, rules]) => [name, list(rules)])),
      milestoneEvents: new Set(base.milestoneEvents),
    };
  };
  const reused: typeof IndexRules = (rules, savedGroups, regex) => (isBase(rules, savedGroups, regex) ? copyOfBase() : indexRules(rules, savedGroups, regex));
  // Devices replayed one after another (input grouped by user) share one copy: each engine
  // that takes it starts its rules' per-engine state afresh, as it would with a copy of its own.
  let shared: RuleIndex | undefined;
  const oneAtATime: typeof IndexRules = (rules, savedGroups, regex) => {
    if (!isBase(rules, savedGroups, regex)) return indexRules(rules, savedGroups, regex);
    shared ??= copyOfBase();
    for (const rule of shared.byId.values()) {
      rule.sampledUnit = undefined;
      rule.sampledIn = true;
      rule.firedPeriod = -1;
    }
    return shared;
  };
  return { base, indexRules: reused, oneAtATime };
}

/**
 * Whether the rule engine reads the attributes after an event (see `DeviceSettings.reads`):
 * only when a rule may fire on it (`engine.ts` handle() returns before reading them otherwise).
 * When every rule on the event's name has a `where` (and no value index or milestone), only if
 * one of them passes: handle() checks `where` against the event's properties first.
 */
export function attributeReaders(index: RuleIndex): (name: string, event: AnalyticsEvent, change: StageChange | undefined) => boolean {
  const stage = index.stage.length > 0;
  const page = index.page.length > 0;
  const always = () => true;
  const byName = new Map<string, (properties: JsonObject) => boolean>();
  for (const [name, group] of index.byEvent) {
    const { all } = group;
    byName.set(name, !group.read && all.every((rule) => rule.where && !rule.milestone) ? (properties) => all.some((rule) => rule.where!(properties)) : always);
  }
  for (const name of index.milestoneEvents) byName.set(name, always);
  return (name, event, change) =>
    (byName.get(name)?.(event.type === 'track' ? event.properties : NO_PROPERTIES) ?? false) || (change !== undefined && stage) || (event.type === 'page' && page);
}

// What handle() checks `where` against for an event that is not a track event.
const NO_PROPERTIES: JsonObject = {};
