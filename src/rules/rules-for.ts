/**
 * The per-event half of the value index (`value-index.ts` builds it when rules are compiled):
 * the rules one event's value can fire. Apart so the engine does not carry the compiler.
 */
import type { CompiledRule, EventRules } from './compiled-rule';

/**
 * The rules to evaluate for this event, in rule order: those whose literal equals the value
 * (compared as the condition language compares a string literal: a non-string value by its
 * string form, a missing one as `"null"`), and those without one.
 */
export function rulesFor(entry: EventRules, attributes: Record<string, unknown>, properties: Record<string, unknown>): CompiledRule[] {
  if (!entry.read) return entry.all;
  let key: string;
  try {
    const value = entry.read(attributes, properties);
    key = typeof value === 'string' ? value : value + '';
  } catch {
    // A value with no string form (a Symbol): no literal matches it, as the conditions would find.
    return entry.rest!;
  }
  return entry.byValue!.get(key) ?? entry.rest!;
}
