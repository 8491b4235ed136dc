/**
 * Rules frozen once validated (`checkedRules` in `validate.ts`), with what validating them
 * found. They cannot change, so a tool that sets the same rules up many times (the
 * simulator: one rule engine per replayed user) has them validated and their conditions
 * compiled once. Its own small module, so the rule engine can ask without loading the
 * validator.
 */
import type { RegexEngine } from './regex-engine';
import type { ValidationIssue } from './validate-condition';

/** What validating a frozen rule found; issue paths follow the rule's own path. */
export interface CheckedRule {
  regex: RegexEngine | undefined;
  issues: ValidationIssue[];
}

const checked = new WeakMap<object, CheckedRule>();

/** Records that `rule`, deep-frozen, was validated with `regex`, finding `issues`. */
export function rememberChecked(rule: object, found: CheckedRule): void {
  checked.set(rule, found);
}

/** What validating `rule` found, if it is a frozen, validated rule. */
export function checkedOf(rule: object): CheckedRule | undefined {
  return checked.get(rule);
}
