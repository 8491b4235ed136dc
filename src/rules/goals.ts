/**
 * Goal attribution: a rule's goal event within its window after the rule decided (its nudge
 * was shown, or its user held out) is a conversion, credited to the user's arm.
 */
import type { EngineState } from './caps';
import type { Decision } from './engine-types';
import type { CompiledRule } from './rule-index';

/**
 * Closes the open goals of `rules` (those whose goal is `name`) and emits a `converted`
 * decision for each within its window. Returns whether the state changed.
 */
export function closeGoals(rules: readonly CompiledRule[], state: EngineState, name: string, now: number, emit: (d: Decision) => void): boolean {
  let changed = false;
  for (const rule of rules) {
    const shownAt = state.goals[rule.id];
    if (shownAt === undefined) continue;
    delete state.goals[rule.id];
    changed = true;
    if (now - shownAt > rule.def.goal!.withinMs) continue;
    // The arm the user is in now: the one that opened the goal unless the rule's version changed since.
    const arm = state.arms[rule.id];
    emit({ kind: 'converted', ruleId: rule.id, goalEvent: name, shownAt, variant: arm?.a ?? 'default', version: arm?.v ?? rule.arms.version });
  }
  return changed;
}
