/**
 * The second level of the rule index, under one event. Rules on the same event often differ
 * by one value: `where: { category: 'shoes' }`, `when: { 'traits.plan': 'pro' }`. Such a
 * literal is one term of the condition's AND, so a rule whose literal the event does not
 * match cannot fire: grouped by that literal, an event evaluates only the rules with its
 * value and those without a literal, whatever the number of rules. Built when rules are
 * compiled; read per event by `rules-for.ts`.
 */
import { compilePath } from './field';
import type { CompiledRule, EventRules } from './compiled-rule';

/** Most rule references the merged lists may hold: beyond it the rules stay ungrouped. */
const MAX_MERGED = 100_000;

/** Groups `rules` (in rule order) by the literal most of them share a path for, if at least two do. */
export function groupByValue(rules: CompiledRule[]): EventRules {
  const literals = rules.map(literalsOf);
  const counts = new Map<string, number>();
  for (const found of literals) for (const key of found.keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: string | undefined;
  for (const [key, count] of counts) if (count >= 2 && (best === undefined || count > counts.get(best)!)) best = key;
  if (best === undefined) return { all: rules };

  const rest = rules.filter((_, i) => !literals[i]!.has(best!));
  const groups = new Map<string, CompiledRule[]>();
  rules.forEach((rule, i) => {
    const value = literals[i]!.get(best!);
    if (value === undefined) return;
    const group = groups.get(value);
    if (group) group.push(rule);
    else groups.set(value, [rule]);
  });
  if (groups.size * rest.length > MAX_MERGED) return { all: rules };
  const byValue = new Map<string, CompiledRule[]>();
  for (const [value, group] of groups) byValue.set(value, [...group, ...rest].sort((a, b) => a.order - b.order));

  const [source, path] = [best.slice(0, best.indexOf(' ')), best.slice(best.indexOf(' ') + 1)];
  const readPath = compilePath(path);
  const read = source === 'where' ? (_: Record<string, unknown>, properties: Record<string, unknown>) => readPath(properties) : (attributes: Record<string, unknown>) => readPath(attributes);
  return { all: rules, read, byValue, rest };
}

/**
 * `"where path"` or `"when path"` -> the string a rule's condition requires there, for the
 * top-level terms of its trigger's `where` and of its `when` that compare with a string.
 */
function literalsOf(rule: CompiledRule): Map<string, string> {
  const found = new Map<string, string>();
  const trigger = rule.def.trigger;
  const add = (source: string, condition: unknown) => {
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return;
    for (const [path, operand] of Object.entries(condition)) {
      if (!path.startsWith('$') && typeof operand === 'string') found.set(`${source} ${path}`, operand);
    }
  };
  if ('event' in trigger) add('where', trigger.where);
  add('when', rule.def.when);
  return found;
}
