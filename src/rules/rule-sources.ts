/**
 * The rules in force: those of the config, and those loaded from a server (or its cached copy).
 * A server rule with a config rule's id takes that rule's place, so ties between equal
 * priorities still go by the config's order; the other server rules come after.
 *
 * Validation is passed in rather than imported: the targeting feature loads it on demand
 * (its own chunk), the simulator and `loadRules` have it at hand.
 */
import { ERROR_CODES } from '../core/errors';
import type { Report } from '../core/reporter';
import type { RuleEngine } from './engine-types';
import type { RegexEngine } from './regex-engine';
import type { RuleDefinition, RuleInput } from './types';
import type { ValidationIssue } from './validate-condition';

/** `validateRules` from `rules/validate.ts`, or anything that answers like it. */
export type ValidateRules = (input: unknown, path?: string, regex?: RegexEngine) => { rules: RuleDefinition[]; issues: ValidationIssue[] };

/**
 * Validates the config rules with the server rules (`loaded`, default: the last ones given),
 * reports their problems, and applies the valid ones, which it returns.
 */
export type ApplyRules = (validate: ValidateRules, loaded?: readonly unknown[]) => RuleDefinition[];

/** Returns the way to apply the rules in force; nothing runs until it is called. */
export function ruleSources(engine: Pick<RuleEngine, 'setRules'>, input: readonly RuleInput[] | undefined, report: Report, regex: RegexEngine | undefined): ApplyRules {
  const configRules: unknown[] = (input ?? []).map((r) => (typeof (r as { toJSON?: unknown }).toJSON === 'function' ? (r as { toJSON(): RuleDefinition }).toJSON() : r));
  const idOf = (r: unknown) => (r as { id?: unknown } | null)?.id;
  const configIds = new Set(configRules.map(idOf));
  let server: readonly unknown[] = [];

  return (validate, loaded = server) => {
    server = loaded;
    const byId = new Map(loaded.map((r) => [idOf(r), r]));
    const all = [...configRules.map((r) => byId.get(idOf(r)) ?? r), ...loaded.filter((r) => !configIds.has(idOf(r)))];
    const { rules, issues } = validate(all, 'rules', regex);
    engine.setRules(rules);
    for (const issue of issues) {
      report(ERROR_CODES.invalidRule, `${issue.path}: ${issue.warning ? 'warning: ' : ''}${issue.message}`, issue.warning ? { path: issue.path, warning: true } : { path: issue.path });
    }
    return rules;
  };
}
